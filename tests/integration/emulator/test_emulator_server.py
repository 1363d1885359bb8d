"""The test harness (``EmulatorServer``, fixtures), file storage and the command line."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from emulator_support import make_uut

import pywats_emulator
from pywats_emulator import EmulatorConfig
from pywats_emulator.testing import EmulatorServer

VERSION = "/api/App/Version"


def _emulator_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "pywats-emulator"]


def test_server_serves_on_a_free_loopback_port_and_leaves_no_thread() -> None:
    with EmulatorServer(token="s3cret") as server:
        response = httpx.get(f"{server.url}{VERSION}", headers=server.auth_headers)
        running = _emulator_threads()

    assert response.json() == "24.1.0"
    assert server.url == f"http://127.0.0.1:{server.port}"
    assert server.port > 0
    assert server.token == "s3cret"
    assert len(running) == 1
    assert _emulator_threads() == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}{VERSION}", headers=server.auth_headers)


def test_each_function_fixture_starts_empty(wats_emulator: EmulatorServer) -> None:
    assert wats_emulator.stats()["reports_stored"] == 0
    assert wats_emulator.app.state.emulator.storage.path is None  # in memory


def test_session_fixture_is_shared(wats_emulator_session: EmulatorServer) -> None:
    response = httpx.get(f"{wats_emulator_session.url}{VERSION}", headers={
        "Authorization": f"Basic {wats_emulator_session.token}"
    })  # fmt: skip

    assert response.status_code == 200


def test_file_storage_keeps_reports_and_origin_across_restarts(tmp_path: Path) -> None:
    db = tmp_path / "emulator.sqlite"
    report = make_uut(sn="PERSIST-1")
    with EmulatorServer(db_path=db) as first:
        httpx.post(f"{first.url}/api/Report/WSJF", json=report, headers=first.auth_headers)
        origin = httpx.get(
            f"{first.url}/api/Report/Wsjf/{report['id']}", headers=first.auth_headers
        ).json()["origin"]

    with EmulatorServer(db_path=db) as second:
        again = httpx.get(
            f"{second.url}/api/Report/Wsjf/{report['id']}", headers=second.auth_headers
        ).json()

    assert again["sn"] == "PERSIST-1"
    assert again["origin"] == origin
    if os.name == "posix":
        assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_demo_data_is_valid_and_queryable() -> None:
    config = EmulatorConfig(token="demo", port=0, demo_data=True)

    with EmulatorServer(config) as server:
        headers = httpx.get(
            f"{server.url}/api/Report/Query/Header", headers=server.auth_headers
        ).json()

    kinds = {header["reportType"] for header in headers}
    assert len(headers) >= 16
    assert kinds == {"T", "R"}
    assert {header["partNumber"] for header in headers} == {"PSU-100"}


def _cli_env() -> dict[str, str]:
    """Environment for a child Python that can import this checkout's ``pywats_emulator``."""
    source_root = str(Path(pywats_emulator.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source_root, env.get("PYTHONPATH")) if p)
    env.pop("PYWATS_EMULATOR_TOKEN", None)
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="signal delivery to a child is POSIX-only")
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["int", "term"])
def test_cli_prints_its_url_answers_and_stops_on_a_signal(stop_signal: signal.Signals) -> None:
    command = [sys.executable, "-m", "pywats_emulator", "--port", "0", "--token", "cli-token"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_cli_env()
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(3)]  # URL, token hint, Ctrl+C
        url = banner[0].rsplit(" ", 1)[-1].strip()
        response = httpx.get(f"{url}{VERSION}", headers={"Authorization": "Basic cli-token"})
        process.send_signal(stop_signal)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert url.startswith("http://127.0.0.1:")
    assert not url.endswith(":0")
    assert response.json() == "24.1.0"
    assert process.returncode == 0
    assert "Token: cli-..." in banner[1]  # only a hint of the given token
    assert "cli-token" not in "".join(banner) + stdout
    assert "stopped" in stdout
    assert "Traceback" not in stderr


def test_cli_rejects_a_bad_argument_with_exit_code_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pywats_emulator", "--error-rate", "3"],
        capture_output=True,
        text=True,
        env=_cli_env(),
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert "error_rate must be between 0 and 1" in result.stderr
