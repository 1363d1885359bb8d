"""The service as a real subprocess: IPC status, delivery from its queue, clean SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueStore
from pywats_client.service import enqueue_report
from pywats_emulator.testing import EmulatorServer

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGTERM")

_WAIT_S = 30.0


def _report(serial: str) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-SVC",
        "sn": serial,
        "rev": "A",
        "processCode": 100,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


@pytest.fixture
def home() -> Iterator[Path]:
    # Short path: Unix socket paths are limited to ~100 bytes.
    with tempfile.TemporaryDirectory(prefix="pw") as directory:
        yield Path(directory)


def _env(home: Path, emulator: EmulatorServer) -> dict[str, str]:
    return {
        **os.environ,
        "PYWATS_HOME": str(home),
        "PYWATS_SERVER_URL": emulator.url,
        "PYWATS_API_TOKEN": emulator.token,
    }


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pywats_client.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=_WAIT_S,
        check=False,
    )


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + _WAIT_S
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_status_when_not_running(home: Path, wats_emulator: EmulatorServer) -> None:
    result = _cli(_env(home, wats_emulator), "status", "--json")
    assert result.returncode == 5, result.stderr


def test_service_delivers_answers_status_and_stops_on_sigterm(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    env = _env(home, wats_emulator)
    paths = InstancePaths("default", home=HomePaths.resolve(home))
    paths.ensure_dirs()
    with QueueStore(paths.queue_db) as queue:
        ids = [enqueue_report(queue, _report(f"SN-{n}")) for n in range(5)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pywats_client.cli", "service", "--grace-s", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(lambda: wats_emulator.stats()["reports_stored"] == len(ids), "delivery")

        def running_and_recorded() -> bool:
            result = _cli(env, "status", "--json")
            if result.returncode != 0:
                return False
            status = json.loads(result.stdout)
            return bool(status["state"] == "RUNNING" and status["uploads_ok"] == len(ids))

        _wait_for(running_and_recorded, "status RUNNING with every delivery recorded")
        status = json.loads(_cli(env, "status", "--json").stdout)
        assert status["queue"]["completed"] == len(ids)
        assert status["uploads_ok"] == len(ids)
        assert status["server_online"] is True
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=_WAIT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, output
    assert ids[0] in output  # each report's fate is logged
    assert wats_emulator.token not in output  # the token never is
    assert not paths.ipc_socket.exists()
    assert _cli(env, "status").returncode == 5
