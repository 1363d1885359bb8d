"""The Python examples of ``docs/emulator.md`` run as written (docs must not drift)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "emulator.md"


def test_docs_example_prints_what_the_docs_say() -> None:
    text = DOC.read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", text, re.S)
    (promised,) = re.findall(r"which prints `([^`]+)`", text)

    done = subprocess.run(
        [sys.executable, "-c", block], capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == promised
