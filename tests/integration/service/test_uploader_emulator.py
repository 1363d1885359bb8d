"""The uploader against the real emulator over loopback, with a real SQLite queue."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from pywats import AsyncWATS, RetryConfig, Station
from pywats.core.circuit import CircuitBreaker
from pywats_client.config import ClientConfig
from pywats_client.queue import QueueState, QueueStore
from pywats_client.service.uploader import Uploader
from pywats_emulator.testing import EmulatorServer

STATION = Station("PYWATS-SVC-01", "Lab", "Development")
SUBMIT_PATH = "/api/Report/WSJF"


def report(serial: str, *, process_code: int = 100) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-SVC",
        "sn": serial,
        "rev": "A",
        "processCode": process_code,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


def enqueue(queue: QueueStore, data: dict[str, Any]) -> str:
    queue.enqueue(data["id"], json.dumps(data).encode())
    return str(data["id"])


def fast_config() -> ClientConfig:
    return ClientConfig.from_data({"queue": {"retry_base_s": 0.05, "retry_cap_s": 0.2}})


def post_count(emulator: EmulatorServer) -> int:
    by_path = emulator.stats()["by_path"]
    return sum(
        sum(counts.values())
        for path, counts in by_path.items()
        if path.lower() == SUBMIT_PATH.lower()
    )


@pytest.fixture
async def wats(wats_emulator: EmulatorServer) -> AsyncIterator[AsyncWATS]:
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, retry=RetryConfig.disabled(), station=STATION
    ) as client:
        client.http.circuit_breaker = CircuitBreaker(recovery_timeout_s=0.05)
        yield client


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[QueueStore]:
    with QueueStore(tmp_path / "queue.db") as store:
        yield store


@pytest.mark.anyio
async def test_delivers_every_queued_report(
    wats_emulator: EmulatorServer, wats: AsyncWATS, queue: QueueStore
) -> None:
    ids = [enqueue(queue, report(f"SN-{n}")) for n in range(12)]
    uploader = Uploader(queue, wats, fast_config())
    await uploader.run_until_empty()
    assert queue.stats().completed == len(ids)
    assert wats_emulator.stats()["reports_stored"] == len(ids)
    assert uploader.counters.uploads_ok == len(ids)
    assert uploader.counters.last_success_at is not None


@pytest.mark.anyio
async def test_rejected_report_is_parked_with_the_server_message(
    wats_emulator: EmulatorServer, wats: AsyncWATS, queue: QueueStore
) -> None:
    bad = enqueue(queue, report("SN-BAD", process_code=9999))
    good = enqueue(queue, report("SN-GOOD"))
    uploader = Uploader(queue, wats, fast_config())
    await uploader.run_until_empty()
    item = queue.get(bad)
    assert item is not None and item.state is QueueState.FAILED
    assert item.last_error is not None and "unknown process code 9999" in item.last_error
    assert queue.get(good) is not None and queue.get(good).state is QueueState.COMPLETED  # type: ignore[union-attr]
    assert post_count(wats_emulator) == 2  # no retry of a rejection

    assert queue.retry_failed([bad]) == 1
    await uploader.run_until_empty()
    assert post_count(wats_emulator) == 3  # re-sent once after retry_failed
    assert queue.get(bad).state is QueueState.FAILED  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_outage_pauses_uploads_and_drains_afterwards(
    wats_emulator: EmulatorServer, wats: AsyncWATS, queue: QueueStore
) -> None:
    ids = [enqueue(queue, report(f"SN-{n}")) for n in range(30)]
    wats_emulator.faults.configure(outage=True)
    uploader = Uploader(queue, wats, fast_config(), probe_interval_s=0.05, probe_cap_s=0.1)
    async with anyio.create_task_group() as tg:
        tg.start_soon(uploader.run_until_empty)
        while uploader.monitor.probes < 3:  # noqa: ASYNC110 - polls a counter, no event exists
            await anyio.sleep(0.01)
        during = wats_emulator.stats()["requests_total"]
        wats_emulator.faults.clear()
    # bounded: at most one batch of deliveries plus the probes, not one request per report
    assert during <= fast_config().max_concurrent_uploads + uploader.monitor.probes
    assert queue.stats().completed == len(ids)
    assert wats_emulator.stats()["reports_stored"] == len(ids)
    assert uploader.monitor.online


@pytest.mark.anyio
async def test_ambiguous_earlier_attempt_is_checked_before_resending(
    wats_emulator: EmulatorServer, wats: AsyncWATS, queue: QueueStore
) -> None:
    data = report("SN-AMB")
    await wats.report.submit_report(data)  # the first attempt did reach the server...
    enqueue(queue, data)
    [item] = queue.claim(1)
    # ...but its answer was lost: the uploader only saw a timeout.
    queue.mark_retry(item.report_id, "ambiguous: timed out", next_attempt_at=0.0)
    await Uploader(queue, wats, fast_config()).run_until_empty()
    assert queue.get(item.report_id).state is QueueState.COMPLETED  # type: ignore[union-attr]
    assert post_count(wats_emulator) == 1  # no second POST
    assert wats_emulator.stats()["reports_stored"] == 1


async def _wait_for(condition: Any, what: str) -> None:
    with anyio.fail_after(30):  # a guard against hanging, not a speed check
        while not condition():  # noqa: ASYNC110 - polls state that has no event
            await anyio.sleep(0.01)


@pytest.mark.anyio
async def test_reports_deferred_by_an_outage_go_as_soon_as_the_server_answers(
    wats_emulator: EmulatorServer, wats: AsyncWATS, queue: QueueStore
) -> None:
    # An earlier 429 was the server talking, not an outage: that report keeps its schedule.
    throttled = enqueue(queue, report("SN-429"))
    [item] = queue.claim(1)
    later = time.time() + 3600
    queue.mark_retry(item.report_id, "transient: 429: slow down", later)
    ids = [enqueue(queue, report(f"SN-{n}")) for n in range(20)]
    wats_emulator.faults.configure(outage=True)
    uploader = Uploader(queue, wats, ClientConfig(), probe_interval_s=0.05, probe_cap_s=0.1)
    async with anyio.create_task_group() as tg:
        tg.start_soon(uploader.run)
        await _wait_for(lambda: uploader.monitor.probes >= 2, "failed probes")
        deferred = [
            i
            for i in queue.list(state=QueueState.PENDING, limit=100)
            if (i.last_error or "").startswith("unreachable: ")
        ]
        # default backoff: without the drain they would wait about 5 minutes
        assert deferred and all(i.next_attempt_at > time.time() + 60 for i in deferred)
        wats_emulator.faults.clear()
        await _wait_for(lambda: queue.stats().completed == len(ids), "delivery")
        uploader.stop_intake()
    assert wats_emulator.stats()["reports_stored"] == len(ids)
    assert uploader.counters.drained == len(deferred)
    assert uploader.monitor.outages == 1
    kept = queue.get(throttled)
    assert kept is not None and kept.state is QueueState.PENDING
    assert kept.next_attempt_at == later
