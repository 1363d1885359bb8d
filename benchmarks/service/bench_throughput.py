"""(a) Queue → emulator throughput of the service's uploader, against the raw async ceiling.

Each run starts from an emptied emulator and a fresh queue file holding the pre-built reports
(queued before the clock starts, as a converter would have). The clock covers
``Uploader.run_until_empty()``: claiming from SQLite, decoding each stored payload, submitting
it through the same client the service builds (``build_client``: no library retries, station
identity), and the durable ``completed`` write per report. The run is verified afterwards:
every report completed in the queue, stored once by the emulator, all answered 200.

The client's rate limiter is switched off, as in the API benchmarks: the service's default
(500 requests / 60 s, the WATS server's limit) would cap every run at 8.3 reports/s.

The ceiling is raw ``httpx.AsyncClient.post`` of the same bodies with N in flight
(``bench_submit.run_submit``), in the same run, on the same emulator.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import anyio

from emulator_process import EmulatorProcess
from pywats import RateLimiter
from pywats_client.config import ClientConfig
from pywats_client.queue import QueueStore
from pywats_client.service import Uploader, build_client
from report_factory import PreparedReport
from timing import Stopwatch, Throughput

__all__ = ["UploaderVerificationError", "run_uploader"]

SUBMIT_PATH = "/api/Report/WSJF"


class UploaderVerificationError(RuntimeError):
    """The run did not deliver exactly the queued reports: its figure would be meaningless."""


async def _drain(queue: QueueStore, config: ClientConfig, token: str, reports: int) -> Throughput:
    async with build_client(config, token, rate_limiter=RateLimiter(enabled=False)) as wats:
        await wats.analytics.get_version()  # opens the connection before the clock starts
        uploader = Uploader(queue, wats, config)
        watch = Stopwatch()
        await uploader.run_until_empty()
        return watch.throughput(reports)


def run_uploader(
    emulator: EmulatorProcess, reports: list[PreparedReport], *, concurrency: int
) -> Throughput:
    """One verified run: queue ``reports``, then drain them with ``concurrency`` in flight."""
    emulator.reset()
    config = ClientConfig.from_data(
        {"server": {"url": emulator.url}, "max_concurrent_uploads": concurrency}
    )
    with (
        tempfile.TemporaryDirectory(prefix="pwq-") as directory,
        QueueStore(Path(directory) / "queue.db") as queue,
    ):
        queue.enqueue_many((p.report_id, p.body, None) for p in reports)
        result = anyio.run(_drain, queue, config, emulator.token, len(reports), backend="asyncio")
        stats = queue.stats()
    stored = emulator.stats()
    by_status = stored["by_path"].get(SUBMIT_PATH, {})
    if (
        stats.completed != len(reports)
        or stored["reports_stored"] != len(reports)
        or by_status != {"200": len(reports)}
    ):
        raise UploaderVerificationError(
            f"uploader x{concurrency}: queued {len(reports)}, completed {stats.completed}, "
            f"failed {stats.failed}; the emulator stored {stored['reports_stored']} "
            f"(answers by status: {by_status})"
        )
    return result
