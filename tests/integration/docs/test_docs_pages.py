"""Every page in ``docs/`` runs: its Python examples, in order, against a real emulator.

A page's fenced ``python`` blocks form one script (later blocks may use names the earlier
ones defined), run with the documented address ``http://127.0.0.1:8080`` and token
``demo-token`` pointed at the test's emulator. Blocks meant only to be read use another fence
language (``text``, ``console``...).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pywats_emulator.server import EmulatorServer

DOCS = Path(__file__).resolve().parents[3] / "docs"
PAGES = sorted(
    page for page in DOCS.glob("*.md") if "```python\n" in page.read_text(encoding="utf-8")
)


def page_script(page: Path, server: EmulatorServer) -> str:
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    code = "\n".join(blocks).replace("http://127.0.0.1:8080", server.url)
    return code.replace('"demo-token"', repr(server.token))


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_docs_page_examples_run(page: Path, wats_emulator: EmulatorServer) -> None:
    done = subprocess.run(
        [sys.executable, "-c", page_script(page, wats_emulator)],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, f"{page.name} failed:\n{done.stderr}"
    assert done.stdout.strip(), f"{page.name}'s examples printed nothing"
