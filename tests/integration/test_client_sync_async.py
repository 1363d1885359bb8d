"""pyWATS (sync) and AsyncWATS against the same emulator: parity, threads, running loops."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from pywats import AsyncWATS, AuthenticationError, RetryConfig, Station, UUTReport, pyWATS
from pywats.core.throttle import RateLimiter
from pywats_emulator.testing import EmulatorServer

STATION = Station("PYWATS-IT-SYNC", "Integration lab", "Development")


def uut_report(serial: str) -> dict[str, Any]:
    return {
        "type": "T",
        "pn": "PN-SYNC",
        "sn": serial,
        "rev": "B",
        "processCode": 100,
        "result": "P",
        "start": "2026-02-01T08:00:00+00:00",
        "uut": {"user": "operator"},
        "root": {
            "group": "M",
            "stepType": "SequenceCall",
            "name": "MainSequence Callback",
            "status": "P",
        },
    }


def sync_client(server: EmulatorServer, **kwargs: Any) -> pyWATS:
    return pyWATS(server.url, server.token, station=STATION, rate_limiter=RateLimiter(), **kwargs)


def async_client(server: EmulatorServer) -> AsyncWATS:
    return AsyncWATS(server.url, server.token, station=STATION, rate_limiter=RateLimiter())


def sync_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "pywats-sync" and t.is_alive()]


@pytest.mark.anyio
async def test_sync_and_async_give_the_same_results(wats_emulator: EmulatorServer) -> None:
    with sync_client(wats_emulator) as wats:
        sync_id = await asyncio.to_thread(wats.report.submit_report, uut_report("SN-PAR-1"))
        sync_processes = await asyncio.to_thread(wats.analytics.get_processes)
        sync_version = await asyncio.to_thread(wats.analytics.get_version)
        async with async_client(wats_emulator) as awats:
            async_id = await awats.report.submit_report(uut_report("SN-PAR-2"))
            async_processes = await awats.analytics.get_processes()
            async_version = await awats.analytics.get_version()
            async_read_of_sync = await awats.report.get_report(sync_id)
        sync_read_of_sync = await asyncio.to_thread(wats.report.get_report, sync_id)
        sync_read_of_async = await asyncio.to_thread(wats.report.get_report, async_id)
        sync_headers = await asyncio.to_thread(wats.report.get_headers_by_part_number, "PN-SYNC")
    assert sync_version == async_version
    assert sync_processes == async_processes
    assert isinstance(sync_read_of_sync, UUTReport)
    assert sync_read_of_sync == async_read_of_sync
    assert sync_read_of_async is not None
    assert sync_read_of_async.serial_number == "SN-PAR-2"
    assert sorted(str(h.uuid) for h in sync_headers) == sorted([sync_id, async_id])


def test_one_sync_client_shared_by_eight_threads(wats_emulator: EmulatorServer) -> None:
    barrier = threading.Barrier(8)

    def work(worker: int) -> list[str]:
        barrier.wait()  # start together to maximise overlap
        ids = []
        for n in range(3):
            serial = f"SN-T{worker}-{n}"
            report_id = wats.report.submit_report(uut_report(serial))
            report = wats.report.get_report(report_id)
            assert report is not None
            assert report.serial_number == serial
            ids.append(report_id)
        assert wats.analytics.get_version()
        return ids

    with sync_client(wats_emulator) as wats, ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
        headers = wats.report.get_headers_by_part_number("PN-SYNC", top=None)
    all_ids = [report_id for ids in results for report_id in ids]
    assert len(set(all_ids)) == 24
    assert sorted(str(h.uuid) for h in headers) == sorted(all_ids)


def test_sync_client_inside_a_running_event_loop(wats_emulator: EmulatorServer) -> None:
    async def main() -> tuple[str | None, str]:
        # Blocking calls from async code: no "event loop is already running", no deadlock.
        with sync_client(wats_emulator) as wats:
            version = wats.analytics.get_version()
            report_id = wats.report.submit_report(uut_report("SN-LOOP-1"))
            await asyncio.sleep(0)
            return version, report_id

    version, report_id = asyncio.run(main())
    assert version
    with sync_client(wats_emulator) as wats:
        report = wats.report.get_report(report_id)
    assert report is not None
    assert report.machine_name == "PYWATS-IT-SYNC"


@pytest.mark.anyio
async def test_sync_client_created_and_used_under_the_test_loop(
    wats_emulator: EmulatorServer,
) -> None:
    with sync_client(wats_emulator) as wats:
        assert wats.test_connection() is True
        assert wats.analytics.get_levels() == await asyncio.to_thread(wats.analytics.get_levels)


def test_sync_errors_and_retries_match_async(wats_emulator: EmulatorServer) -> None:
    with (
        pyWATS(wats_emulator.url, "wrong-token", rate_limiter=RateLimiter()) as wats,
        pytest.raises(AuthenticationError),
    ):
        wats.analytics.get_version()
    wats_emulator.faults.configure(rate_limit_count=1, retry_after_s=0)
    with sync_client(wats_emulator, retry=RetryConfig(base_delay_s=0.01)) as wats:
        assert wats.analytics.get_version()
        assert wats.retry_stats.retries == 1


def test_close_leaves_no_thread_running(wats_emulator: EmulatorServer) -> None:
    before = len(sync_threads())
    wats = sync_client(wats_emulator)
    wats.analytics.get_version()
    assert len(sync_threads()) == before + 1
    wats.close()
    assert len(sync_threads()) == before
