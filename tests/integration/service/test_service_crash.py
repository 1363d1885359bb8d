"""End-to-end: SIGKILL the service at random points of a burst; nothing is lost or doubled."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from pywats_client.ipc import EndpointError, read_endpoint_file
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueStore
from pywats_client.service import enqueue_report
from pywats_emulator.testing import EmulatorServer

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")

REPORTS = 500
KILLS = 5
_WAIT_S = 60.0


def _report(n: int) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-BURST",
        "sn": f"SN-{n:04d}",
        "rev": "A",
        "processCode": 100,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


def _serving(paths: InstancePaths, proc: subprocess.Popen[bytes]) -> bool:
    """The restarted service published its IPC endpoint (so its signal handlers are set)."""
    try:
        return read_endpoint_file(paths.endpoint_file).pid == proc.pid
    except EndpointError:
        return False


def test_sigkill_during_burst_loses_and_duplicates_nothing(wats_emulator: EmulatorServer) -> None:
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(prefix="pw") as directory:
        home = Path(directory)
        env = {
            **os.environ,
            "PYWATS_HOME": str(home),
            "PYWATS_SERVER_URL": wats_emulator.url,
            "PYWATS_API_TOKEN": wats_emulator.token,
        }
        paths = InstancePaths("default", home=HomePaths.resolve(home))
        paths.ensure_dirs()
        with QueueStore(paths.queue_db) as queue:
            ids = {enqueue_report(queue, _report(n)) for n in range(REPORTS)}
        command = [sys.executable, "-m", "pywats_client.cli", "service", "--grace-s", "1"]
        for _ in range(KILLS):
            proc = subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.3, 1.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=_WAIT_S)
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + _WAIT_S
            while wats_emulator.stats()["reports_stored"] < REPORTS or not _serving(paths, proc):
                assert time.monotonic() < deadline, "not every report was delivered"
                time.sleep(0.1)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=_WAIT_S) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert wats_emulator.stats()["reports_stored"] == REPORTS
        with QueueStore(paths.queue_db) as queue:
            stats = queue.stats()
            assert stats.completed == REPORTS and stats.failed == 0
            assert {item.report_id for item in queue.list(limit=REPORTS * 2)} == ids
