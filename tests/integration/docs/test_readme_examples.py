"""The README's Python examples run against a real emulator (docs must not drift from the API).

Each fenced ``python`` block is executed as written, with the documented server address
``http://127.0.0.1:8080`` and token ``demo-token`` pointed at the test's emulator.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pywats_emulator.server import EmulatorServer

README = Path(__file__).resolve().parents[3] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_sync_and_async_examples() -> None:
    assert any("pyWATS(" in block for block in BLOCKS)
    assert any("AsyncWATS(" in block for block in BLOCKS)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index: int, wats_emulator: EmulatorServer) -> None:
    code = BLOCKS[index].replace("http://127.0.0.1:8080", wats_emulator.url)
    code = code.replace('"demo-token"', repr(wats_emulator.token))
    if index > 0:
        # Later examples read what the first one stored; run it first against the same server.
        first = BLOCKS[0].replace("http://127.0.0.1:8080", wats_emulator.url)
        code = first.replace('"demo-token"', repr(wats_emulator.token)) + "\n" + code
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the example printed nothing"
