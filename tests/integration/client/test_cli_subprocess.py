"""The installed ``pywats-client`` console script, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _script() -> Path:
    directory = Path(sys.executable).parent
    for name in ("pywats-client", "pywats-client.exe"):
        if (directory / name).exists():
            return directory / name
    pytest.fail(f"pywats-client is not installed in {directory}: run pip install -e '.[dev]'")


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWATS_")}
    env["PYWATS_HOME"] = str(home)
    return subprocess.run(
        [str(_script()), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_console_script_end_to_end(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(home, "--version").stdout.startswith("pywats-client ")
    init = _run(home, "config", "init", "--server-url", "https://wats.example.com")
    assert init.returncode == 0, init.stderr
    assert _run(home, "config", "set", "queue.max_attempts", "3").returncode == 0
    assert _run(home, "config", "get", "queue.max_attempts").stdout.strip() == "3"
    bad = _run(home, "config", "set", "queue.max_attempts", "0")
    assert bad.returncode == 3
    assert "queue.max_attempts = 0: must be >= 1" in bad.stderr
    assert bad.stdout == ""  # errors go to stderr only
    listed = _run(home, "queue", "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    usage = _run(home, "queue", "retry")
    assert usage.returncode == 2
    unknown = _run(home, "no-such-command")
    assert unknown.returncode == 2
