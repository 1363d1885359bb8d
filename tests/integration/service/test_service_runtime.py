"""The running service's background work, in-process against the emulator over loopback.

Intervals are shortened through :class:`ServiceTimings`; every wait is bounded by
``anyio.fail_after`` (a guard against hanging, not a speed check).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest

from pywats_client.config import ConfigStore
from pywats_client.ipc import IpcClient, discover
from pywats_client.queue import QueueStore
from pywats_client.service import ServiceState, ServiceTimings, StationService, enqueue_report
from pywats_emulator.testing import EmulatorServer

FAST = ServiceTimings(
    watchdog_s=0.05,
    config_poll_s=0.05,
    prune_s=0.05,
    ping_s=3600.0,
    probe_s=0.05,
    probe_cap_s=0.1,
    idle_poll_s=0.05,
)


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, wats_emulator: EmulatorServer) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pw") as directory:  # short socket path
        monkeypatch.setenv("PYWATS_HOME", directory)
        monkeypatch.setenv("PYWATS_SERVER_URL", wats_emulator.url)
        monkeypatch.setenv("PYWATS_API_TOKEN", wats_emulator.token)
        yield Path(directory)


def report(serial: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-RT",
        "sn": serial,
        "rev": "A",
        "processCode": 100,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


async def wait_for(condition: Callable[[], object], timeout_s: float = 20) -> None:
    with anyio.fail_after(timeout_s):
        while not condition():  # noqa: ASYNC110 - polls state that has no event
            await anyio.sleep(0.01)


@asynccontextmanager
async def running(service: StationService) -> AsyncIterator[StationService]:
    async with anyio.create_task_group() as tg:
        tg.start_soon(service.run)
        await wait_for(lambda: service.state is ServiceState.RUNNING)
        yield service
        service.request_stop()
    assert service.state is ServiceState.STOPPED


def make_service(
    instance_id: str = "rt", timings: ServiceTimings = FAST, **overrides: Any
) -> StationService:
    return StationService(
        instance_id,
        overrides=overrides,
        shutdown_grace_s=2.0,
        install_signal_handlers=False,
        timings=timings,
    )


@pytest.mark.anyio
async def test_config_file_edits_are_picked_up_and_bad_ones_ignored(
    home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(make_service()) as service:
        store = ConfigStore.for_instance(service.paths)
        store.set("max_concurrent_uploads", 7)
        await wait_for(lambda: service.config and service.config.max_concurrent_uploads == 7)
        assert service.uploader is not None and service.uploader.config.max_concurrent_uploads == 7

        store.path.write_text("{ not json", "utf-8")  # a broken edit: the running config stays
        await wait_for(lambda: "config change ignored" in caplog.text)
        assert service.state is ServiceState.RUNNING
        assert service.config is not None and service.config.max_concurrent_uploads == 7

        valid = {"max_concurrent_uploads": 9, "queue": {"max_attempts": 4}}
        store.path.write_text(json.dumps(valid), "utf-8")
        await wait_for(lambda: service.config and service.config.queue.max_attempts == 4)
        assert service.config.max_concurrent_uploads == 9


@pytest.mark.anyio
async def test_reference_data_is_synced_cached_and_used_offline(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    async with running(make_service()) as service:
        await wait_for(lambda: service.reference.synced_at is not None)
        processes = dict(service.processes)
        assert processes[100]  # the code every test report uses has a name
        endpoint = discover(service.paths.endpoint_file)
        assert endpoint is not None
        async with IpcClient(endpoint) as ipc:
            data = await ipc.request("get_reference_data")
            status = await ipc.request("get_status")
        assert {p["code"] for p in data["processes"]} == set(processes)
        assert data["levels"] and data["product_groups"]
        assert status["reference_data"]["processes"] == len(data["processes"])
        synced_at = service.reference.synced_at
        cache_file = service.paths.cache_dir / "reference_data.json"
        if os.name == "posix":
            assert cache_file.stat().st_mode & 0o777 == 0o600

    wats_emulator.faults.configure(outage=True)
    async with running(make_service()) as offline:
        # loaded before RUNNING, from the cache: no server needed
        assert dict(offline.processes) == processes
        assert offline.reference.synced_at == synced_at
        await wait_for(lambda: not offline.server_online)  # the start-up sync found it down
        assert offline.reference.synced_at == synced_at


@pytest.mark.anyio
async def test_delivered_rows_are_pruned(home: Path, wats_emulator: EmulatorServer) -> None:
    service = make_service(**{"queue.completed_retention_s": 0})
    async with running(service):
        assert service.queue is not None and service.uploader is not None
        for n in range(3):
            enqueue_report(service.queue, report(f"SN-P{n}"))
        service.uploader.wake()
        await wait_for(lambda: wats_emulator.stats()["reports_stored"] == 3)
        await wait_for(lambda: service.queue is not None and service.queue.stats().total == 0)


def _drop_queue_table(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE reports")


@pytest.mark.anyio
async def test_watchdog_restarts_a_crashed_uploader(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    service = make_service(timings=ServiceTimings(**{**FAST.__dict__, "max_restarts": 10_000}))
    async with running(service):
        assert service.supervisor is not None
        _drop_queue_table(service.paths.queue_db)  # every queue call now fails
        await wait_for(lambda: service.supervisor.health()["uploader"]["crashes"] >= 2)  # type: ignore[union-attr]
        with QueueStore(service.paths.queue_db) as queue:  # re-creates the table
            enqueue_report(queue, report("SN-AFTER"))
        await wait_for(lambda: wats_emulator.stats()["reports_stored"] == 1)
        health = service.supervisor.health()["uploader"]
        assert health["running"] is True
        assert "no such table" in health["last_error"]
        assert service.state is ServiceState.RUNNING


@pytest.mark.anyio
async def test_a_task_that_keeps_crashing_puts_the_service_in_error(home: Path) -> None:
    service = make_service(timings=ServiceTimings(**{**FAST.__dict__, "max_restarts": 2}))
    async with running(service):
        _drop_queue_table(service.paths.queue_db)
        await wait_for(lambda: service.state is ServiceState.ERROR)
        endpoint = discover(service.paths.endpoint_file)
        assert endpoint is not None
        async with IpcClient(endpoint) as ipc:
            status = await ipc.request("get_status")
        assert status["state"] == "ERROR"
        assert "uploader crashed 3 times in a row" in status["error"]
        assert "no such table" in status["error"]
        assert status["tasks"]["uploader"]["running"] is False
        assert status["queue"] is None  # unreadable, reported as such


@pytest.mark.anyio
async def test_restart_over_ipc_serves_again_with_fresh_tasks(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    async with running(make_service()) as service:
        first_supervisor = service.supervisor
        endpoint = discover(service.paths.endpoint_file)
        assert endpoint is not None
        async with IpcClient(endpoint) as ipc:
            assert await ipc.request("restart") == {"restarting": True}
        await wait_for(lambda: service.supervisor not in (None, first_supervisor))
        await wait_for(lambda: service.state is ServiceState.RUNNING)
        assert service.queue is not None and service.uploader is not None
        enqueue_report(service.queue, report("SN-RESTART"))
        uploader = service.uploader
        uploader.wake()
        await wait_for(lambda: uploader.counters.uploads_ok == 1)  # recorded, not just stored
        assert wats_emulator.stats()["reports_stored"] == 1
        endpoint = discover(service.paths.endpoint_file)
        assert endpoint is not None
        async with IpcClient(endpoint) as ipc:
            status = await ipc.request("get_status")
        assert status["state"] == "RUNNING"
        assert status["tasks"]["uploader"]["running"] is True
        assert status["uploader"]["uploads_ok"] == 1
