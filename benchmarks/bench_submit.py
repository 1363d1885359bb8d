"""Benchmark 2: submitting typical reports (~200 steps) to ``POST /api/Report/WSJF``.

Modes, all on the same pre-built reports and the same emulator:

* ``sync``: ``pyWATS.report.submit_report(report)`` one after the other;
* ``async``: ``AsyncWATS.report.submit_report(report)``, a pool of N workers (N in flight);
* ``raw_async``: ``httpx.AsyncClient.post`` of the pre-serialised bodies, N in flight: the
  ceiling of what any Python client can get from this server on this machine;
* ``raw_sync``: ``httpx.Client.post`` of the same bodies one at a time: the baseline of the
  sequential mode without any concurrency in the picture.

Timed: from the first submit to the last answer, nothing else; the client's process CPU time
(all its threads) over the same span is recorded too. Building the reports, creating
the clients and opening the connection (one warm-up GET) happen before the clock starts. The
library modes include turning the report model into JSON (``to_wsjf``), the raw modes do not:
that is part of what the library costs. Every run starts with an empty emulator and is checked
afterwards (each answer's id, then the emulator's stored-report count and request counters),
so a run in which any submit failed raises instead of reporting a number.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Iterator

import anyio
import httpx

from emulator_process import EmulatorProcess
from pywats import AsyncWATS, RateLimiter, pyWATS
from report_factory import PreparedReport
from timing import Stopwatch, Throughput

__all__ = ["SubmitMode", "SubmitVerificationError", "run_submit"]

SUBMIT_PATH = "/api/Report/WSJF"
VERSION_PATH = "/api/App/Version"


class SubmitMode(enum.Enum):
    SYNC = "sync"
    ASYNC = "async"
    RAW_ASYNC = "raw_async"
    RAW_SYNC = "raw_sync"


class SubmitVerificationError(RuntimeError):
    """A run did not store exactly the reports it sent: its figure would be meaningless."""


def _raw_headers(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Basic {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }


def _echoed_id(response: httpx.Response) -> str:
    if response.status_code != 200:
        raise SubmitVerificationError(f"raw submit: {response.status_code} {response.text[:300]}")
    data = response.json()
    return str(data.get("ID") or data.get("id")) if isinstance(data, dict) else ""


async def _worker_pool(
    reports: list[PreparedReport],
    concurrency: int,
    submit: Callable[[PreparedReport], Awaitable[str]],
) -> tuple[list[str], Throughput]:
    """Run ``submit`` over ``reports`` with ``concurrency`` workers; ids in input order."""
    ids = [""] * len(reports)
    work: Iterator[tuple[int, PreparedReport]] = iter(enumerate(reports))

    async def worker() -> None:
        for index, prepared in work:  # a shared iterator: each report is taken once
            ids[index] = await submit(prepared)

    watch = Stopwatch()
    async with anyio.create_task_group() as tg:
        for _ in range(concurrency):
            tg.start_soon(worker)
    return ids, watch.throughput(len(reports))


def _submit_sync(
    url: str, token: str, reports: list[PreparedReport]
) -> tuple[list[str], Throughput]:
    with pyWATS(url, token, rate_limiter=RateLimiter(enabled=False)) as wats:
        wats.analytics.get_version()  # opens the connection before the clock starts
        submit = wats.report.submit_report
        watch = Stopwatch()
        ids = [submit(prepared.report) for prepared in reports]
        return ids, watch.throughput(len(reports))


def _submit_raw_sync(
    url: str, token: str, reports: list[PreparedReport]
) -> tuple[list[str], Throughput]:
    with httpx.Client(headers=_raw_headers(token)) as client:
        client.get(url + VERSION_PATH).raise_for_status()
        submit_url = url + SUBMIT_PATH
        watch = Stopwatch()
        ids = [_echoed_id(client.post(submit_url, content=p.body)) for p in reports]
        return ids, watch.throughput(len(reports))


async def _submit_async(
    url: str, token: str, reports: list[PreparedReport], concurrency: int
) -> tuple[list[str], Throughput]:
    async with AsyncWATS(url, token, rate_limiter=RateLimiter(enabled=False)) as wats:
        await wats.analytics.get_version()

        async def submit(prepared: PreparedReport) -> str:
            return await wats.report.submit_report(prepared.report)

        return await _worker_pool(reports, concurrency, submit)


async def _submit_raw_async(
    url: str, token: str, reports: list[PreparedReport], concurrency: int
) -> tuple[list[str], Throughput]:
    async with httpx.AsyncClient(headers=_raw_headers(token)) as client:
        (await client.get(url + VERSION_PATH)).raise_for_status()
        submit_url = url + SUBMIT_PATH

        async def submit(prepared: PreparedReport) -> str:
            return _echoed_id(await client.post(submit_url, content=prepared.body))

        return await _worker_pool(reports, concurrency, submit)


def _verify(emulator: EmulatorProcess, mode: SubmitMode, sent: list[str], got: list[str]) -> None:
    if got != sent:
        wrong = sum(1 for a, b in zip(sent, got, strict=False) if a != b)
        raise SubmitVerificationError(f"{mode.value}: {wrong} submits echoed a different id")
    stats = emulator.stats()
    stored = stats["reports_stored"]
    by_status = stats["by_path"].get(SUBMIT_PATH, {})
    if stored != len(sent) or by_status != {"200": len(sent)}:
        raise SubmitVerificationError(
            f"{mode.value}: sent {len(sent)} reports, the emulator stored {stored} "
            f"(answers by status: {by_status})"
        )


def run_submit(
    emulator: EmulatorProcess,
    mode: SubmitMode,
    reports: list[PreparedReport],
    *,
    concurrency: int,
) -> Throughput:
    """One verified run of ``mode`` against an emptied emulator."""
    emulator.reset()
    url, token = emulator.url, emulator.token
    if mode is SubmitMode.SYNC:
        ids, result = _submit_sync(url, token, reports)
    elif mode is SubmitMode.RAW_SYNC:
        ids, result = _submit_raw_sync(url, token, reports)
    elif mode is SubmitMode.ASYNC:
        ids, result = anyio.run(_submit_async, url, token, reports, concurrency, backend="asyncio")
    else:
        ids, result = anyio.run(
            _submit_raw_async, url, token, reports, concurrency, backend="asyncio"
        )
    _verify(emulator, mode, [p.report_id for p in reports], ids)
    return result
