"""How the service ends: no thread left behind, and a second SIGINT forces exit, losing nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from pywats_client.ipc import IpcError, discover, request_sync
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueState, QueueStore
from pywats_client.service import ServiceState, ServiceTimings, StationService, enqueue_report
from pywats_emulator.testing import EmulatorServer

_WAIT_S = 30.0


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, wats_emulator: EmulatorServer) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pw") as directory:
        monkeypatch.setenv("PYWATS_HOME", directory)
        monkeypatch.setenv("PYWATS_SERVER_URL", wats_emulator.url)
        monkeypatch.setenv("PYWATS_API_TOKEN", wats_emulator.token)
        yield Path(directory)


def _report(serial: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-EXIT",
        "sn": serial,
        "rev": "A",
        "processCode": 100,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


def _wait_for(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + _WAIT_S  # a guard against hanging, not a speed check
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _serves_a_running_loop(thread: threading.Thread) -> bool:
    """An AnyIO worker of a loop still running: the in-process emulator's (FastAPI runs its
    sync routes in them), not the service's, whose loop has ended."""
    loop = getattr(thread, "loop", None)
    return loop is not None and bool(loop.is_running())


def test_no_thread_is_left_after_run_ends(home: Path, wats_emulator: EmulatorServer) -> None:
    before = set(threading.enumerate())
    service = StationService(
        "threads",
        overrides={"health.port": 0},
        shutdown_grace_s=2.0,
        install_signal_handlers=False,
        timings=ServiceTimings(idle_poll_s=0.05, watchdog_s=0.05, config_poll_s=0.05),
    )

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            tg.start_soon(service.run)
            with anyio.fail_after(_WAIT_S):
                while service.state is not ServiceState.RUNNING:  # noqa: ASYNC110
                    await anyio.sleep(0.01)
                assert service.queue is not None and service.uploader is not None
                for n in range(10):  # work that uses worker threads (SQLite) and sockets
                    enqueue_report(service.queue, _report(f"SN-T{n}"))
                service.uploader.wake()
                while wats_emulator.stats()["reports_stored"] < 10:  # noqa: ASYNC110
                    await anyio.sleep(0.01)
            service.request_stop()

    anyio.run(main)
    assert service.state is ServiceState.STOPPED
    left = [
        thread
        for thread in threading.enumerate()
        if thread not in before and not _serves_a_running_loop(thread)
    ]
    for thread in left:  # worker threads are told to stop when the loop ends; let them
        thread.join(timeout=_WAIT_S)
    assert [thread.name for thread in left if thread.is_alive()] == []


def _status(paths: InstancePaths) -> str | None:
    endpoint = discover(paths.endpoint_file)
    if endpoint is None:
        return None
    try:
        state: str = request_sync(endpoint, "get_status")["state"]
    except IpcError:
        return None
    return state


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a child process")
def test_second_sigint_forces_exit_and_the_report_stays_queued(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    paths = InstancePaths("default", home=HomePaths.resolve(home))
    paths.ensure_dirs()
    with QueueStore(paths.queue_db) as queue:
        report_id = enqueue_report(queue, _report("SN-SLOW"))
    wats_emulator.faults.configure(latency_s=20.0)  # the upload hangs well past our signals
    command = [sys.executable, "-m", "pywats_client.cli", "service", "--grace-s", "60"]
    proc = subprocess.Popen(
        command, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:

        def in_flight() -> bool:
            with QueueStore(paths.queue_db) as queue:
                return queue.stats().processing == 1

        _wait_for(in_flight, "the upload to start")
        _wait_for(lambda: _status(paths) == "RUNNING", "status RUNNING")
        proc.send_signal(signal.SIGINT)
        _wait_for(lambda: _status(paths) == "STOP_PENDING", "the graceful stop to begin")
        proc.send_signal(signal.SIGINT)  # the 60 s grace is not waited for
        output, _ = proc.communicate(timeout=_WAIT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, output
    assert "forcing exit" in output
    with QueueStore(paths.queue_db) as queue:
        item = queue.get(report_id)
        assert item is not None and item.state is QueueState.PROCESSING  # interrupted, kept
        assert item.payload is not None and json.loads(item.payload)["id"] == report_id

    # the next start delivers it (existence check first, then one submit)
    wats_emulator.faults.clear()
    proc = subprocess.Popen(
        command, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:

        def delivered() -> bool:
            with QueueStore(paths.queue_db) as queue:
                return queue.stats().completed == 1

        _wait_for(delivered, "the interrupted report to be delivered")
        _wait_for(lambda: _status(paths) == "RUNNING", "status RUNNING")
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=_WAIT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, output
