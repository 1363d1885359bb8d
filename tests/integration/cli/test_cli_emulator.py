"""``pywats-client emulator``: the emulator as a real process, started through the client CLI."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from pywats_client.cli.emulator_cmd import DEFAULT_HOST, DEFAULT_PORT, emulator_args
from pywats_emulator import config as emulator_config
from pywats_emulator.cli import build_parser

_START_S = 60.0


def test_defaults_and_arguments_match_the_emulator() -> None:
    assert DEFAULT_PORT == emulator_config.DEFAULT_PORT
    assert DEFAULT_HOST == emulator_config.DEFAULT_HOST
    args = emulator_args(host="127.0.0.1", port=0, token="t", db=Path("/x.db"), demo_data=True)
    parsed = build_parser().parse_args(args)  # the emulator's own parser accepts them
    assert (parsed.port, parsed.token, parsed.db, parsed.demo_data) == (0, "t", Path("/x.db"), True)
    assert emulator_args(host="::1", port=80, token=None, db=None, demo_data=False) == [
        "--host",
        "::1",
        "--port",
        "80",
    ]


def _read_url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + _START_S
    lines: list[str] = []
    while time.monotonic() < deadline:
        if selector.select(timeout=0.1):
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                return match.group(1)
    raise AssertionError(f"the emulator did not announce its URL: {lines!r}")


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGTERM")
def test_emulator_command_serves_until_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "wats.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWATS_")}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "pywats-client"),
            "emulator",
            "--port",
            "0",
            "--token",
            "cli-token",
            "--db",
            str(db),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        url = _read_url(process)
        answer = httpx.get(
            f"{url}/api/App/Version", headers={"Authorization": "Basic cli-token"}, timeout=10
        )
        assert answer.status_code == 200 and answer.json() == emulator_config.WATS_VERSION
        refused = httpx.get(f"{url}/api/App/Version", headers={"Authorization": "Basic x"})
        assert refused.status_code == 401
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "pyWATS emulator stopped." in out
    assert db.is_file()  # --db was handed over
