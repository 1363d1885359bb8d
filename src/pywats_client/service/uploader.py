"""The uploader: drains the persistent queue into the WATS server.

Claims due reports (``QueueStore.claim`` in a worker thread), delivers up to
``max_concurrent_uploads`` at once and records each outcome (rules in :mod:`.outcomes`).
Reachability is watched by a :class:`~.connectivity.ServerMonitor` that runs beside the
deliveries (ping while online, probe while offline); while the server is unreachable nothing is
claimed, and when it answers again after a confirmed outage the reports it deferred
("unreachable"/"ambiguous" failures) are made due at once instead of waiting out their backoff.
A report whose earlier delivery may have reached the server (``attempts > 1``: timeout, lost
connection, crash) is first looked up by id, so it is never sent twice.

Stopping is two-phase (as in arq's worker): :meth:`Uploader.stop_intake` ends claiming, the
deliveries in flight finish, and :meth:`Uploader.run` returns; the caller may cancel it after a
grace period. The final queue write of a delivery is shielded from that cancellation.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import anyio
from anyio.abc import TaskGroup

from pywats import AsyncWATS
from pywats.core.errors import NotFoundError, PyWATSError
from pywats_client.config import ClientConfig
from pywats_client.queue import QueueItem, QueueStore, next_retry_delay_s, should_give_up
from pywats_client.service.connectivity import ServerMonitor
from pywats_client.service.outcomes import (
    FailureKind,
    ReportSummary,
    classify_failure,
    decode_payload,
    failure_message,
    offline_failure_prefixes,
)

__all__ = ["Uploader", "UploaderCounters"]

logger = logging.getLogger(__name__)

_RETRY_JITTER = 0.1


@dataclass
class UploaderCounters:
    """Figures for status and health (since the uploader was created)."""

    uploads_ok: int = 0
    uploads_failed: int = 0  # failed attempts (retried or parked)
    reports_failed: int = 0  # parked as failed
    drained: int = 0  # made due at once when the server came back after an outage
    last_success_at: float | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "uploads_ok": self.uploads_ok,
            "uploads_failed": self.uploads_failed,
            "reports_failed": self.reports_failed,
            "drained": self.drained,
            "last_success_at": self.last_success_at,
        }


class Uploader:
    """Delivers queued reports with bounded concurrency.

    Args:
        queue: The instance's queue.
        client: Open client for the server (its own retries best disabled: the queue retries).
        config: Concurrency and retry settings; replace with :attr:`config` on hot reload.
        idle_poll_s: Longest sleep when nothing is due (new reports also :meth:`wake` it).
        ping_interval_s: Ping the server after this long without an answer (while online).
        probe_interval_s: First pause between reachability probes while offline.
        probe_cap_s: Longest pause between probes.
        clock: Epoch seconds (tests may inject one).

    Example:
        >>> uploader = Uploader(queue, wats, config)  # doctest: +SKIP
        >>> await uploader.run_until_empty()  # doctest: +SKIP
    """

    def __init__(
        self,
        queue: QueueStore,
        client: AsyncWATS,
        config: ClientConfig,
        *,
        idle_poll_s: float = 1.0,
        ping_interval_s: float = 300.0,
        probe_interval_s: float = 1.0,
        probe_cap_s: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.counters = UploaderCounters()
        self.monitor = ServerMonitor(
            client.analytics.get_version,
            ping_interval_s=ping_interval_s,
            probe_interval_s=probe_interval_s,
            probe_cap_s=probe_cap_s,
            busy=lambda: self._in_flight > 0,
        )
        self._queue = queue
        self._client = client
        self._idle_poll_s = idle_poll_s
        self._clock = clock
        self._in_flight = 0
        self._intake_open = True
        self._paused = False
        self._wake = anyio.Event()

    # -- control -----------------------------------------------------------------------------

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def paused(self) -> bool:
        return self._paused

    def wake(self) -> None:
        """Look for due reports now (after an enqueue, a retry, a resume)."""
        self._wake.set()

    def pause(self) -> None:
        """Stop claiming; deliveries in flight finish."""
        self._paused = True
        self.wake()

    def resume(self) -> None:
        self._paused = False
        self.wake()

    def stop_intake(self) -> None:
        """Phase one of shutdown: claim nothing more; :meth:`run` returns once idle."""
        self._intake_open = False
        self.wake()

    # -- main loops --------------------------------------------------------------------------

    async def run(self) -> None:
        """Deliver until :meth:`stop_intake`, then wait for the deliveries in flight."""
        await self._loop(until_empty=False)

    async def run_until_empty(self) -> None:
        """Deliver until no report is pending or processing (waits for ones not yet due)."""
        await self._loop(until_empty=True)

    async def _loop(self, *, until_empty: bool) -> None:
        async with anyio.create_task_group() as watch:
            watch.start_soon(self.monitor.run, self._back_online)
            async with anyio.create_task_group() as deliveries:
                await self._claim_loop(deliveries, until_empty=until_empty)
            watch.cancel_scope.cancel()  # after the deliveries in flight have finished

    async def _claim_loop(self, deliveries: TaskGroup, *, until_empty: bool) -> None:
        while self._intake_open:
            if self._paused or not self.monitor.online:
                await self._sleep(math.inf)  # resume() or the monitor's callback wakes us
                continue
            free = self.config.max_concurrent_uploads - self._in_flight
            items = await anyio.to_thread.run_sync(self._queue.claim, free) if free > 0 else []
            for item in items:
                self._in_flight += 1
                deliveries.start_soon(self._deliver_guarded, item)
            if items:
                continue
            if until_empty and self._in_flight == 0 and await self._nothing_left():
                break
            await self._sleep(await self._until_next_due_s())

    async def _back_online(self, outage_confirmed: bool) -> None:
        """The monitor saw the server answer again: drain what the outage deferred."""
        if outage_confirmed:
            prefixes = offline_failure_prefixes()
            count = await anyio.to_thread.run_sync(
                lambda: self._queue.make_due_now(error_prefixes=prefixes)
            )
            self.counters.drained += count
            if count:
                logger.info("%d reports deferred by the outage are due now", count)
        self.wake()

    async def _nothing_left(self) -> bool:
        stats = await anyio.to_thread.run_sync(self._queue.stats)
        return stats.pending == 0 and stats.processing == 0

    async def _until_next_due_s(self) -> float:
        if self._in_flight >= self.config.max_concurrent_uploads:
            return math.inf  # a finishing delivery wakes us
        # Polled even when idle: another process (CLI import, a converter) may add reports.
        next_at = await anyio.to_thread.run_sync(self._queue.next_attempt_at)
        if next_at is None:
            return self._idle_poll_s
        return max(0.0, min(self._idle_poll_s, next_at - self._clock()))

    async def _sleep(self, seconds: float) -> None:
        with anyio.move_on_after(seconds):
            await self._wake.wait()
        self._wake = anyio.Event()

    # -- one delivery ------------------------------------------------------------------------

    async def _deliver_guarded(self, item: QueueItem) -> None:
        try:
            await self._deliver(item)
        finally:
            self._in_flight -= 1
            self.wake()
            self.monitor.nudge()

    async def _deliver(self, item: QueueItem) -> None:
        try:
            data = decode_payload(item.payload)
        except ValueError as exc:  # stored payload unusable: retrying cannot help
            message = f"bad payload: {exc}"
            await self._finish(self._queue.mark_failed, item.report_id, message)
            self._count_failure(item, ReportSummary.from_data(None), message, parked=True)
            return
        summary = ReportSummary.from_data(data)
        try:
            if item.attempts > 1 and await self._already_on_server(item.report_id):
                await self._completed(item, summary, "already on the server")
                return
            await self._client.report.submit_report(data)
        except PyWATSError as exc:
            await self._failed(item, summary, exc)
        except Exception as exc:  # a bug met by one report must not stop every delivery
            logger.exception("report %s: unexpected error while delivering", item.report_id)
            await self._failed(item, summary, exc)
        else:
            await self._completed(item, summary, "delivered")

    async def _already_on_server(self, report_id: str) -> bool:
        try:
            return await self._client.report.get_report(report_id) is not None
        except NotFoundError:
            return False

    async def _completed(self, item: QueueItem, summary: ReportSummary, how: str) -> None:
        await self._finish(self._queue.mark_completed, item.report_id)
        self.counters.uploads_ok += 1
        self.counters.last_success_at = self._clock()
        self.monitor.answered()
        logger.info(
            "report %s (sn %s, result %s) %s, attempt %d",
            item.report_id,
            summary.serial,
            summary.result,
            how,
            item.attempts,
        )

    async def _failed(self, item: QueueItem, summary: ReportSummary, exc: Exception) -> None:
        kind = classify_failure(exc)
        message = failure_message(kind, exc)
        queue_cfg = self.config.queue
        if kind is FailureKind.REJECTED or should_give_up(item.attempts, queue_cfg.max_attempts):
            await self._finish(self._queue.mark_failed, item.report_id, message)
            self._count_failure(item, summary, message, parked=True)
        else:
            delay_s = next_retry_delay_s(
                item.attempts, queue_cfg.retry_base_s, queue_cfg.retry_cap_s, jitter=_RETRY_JITTER
            )
            next_at = self._clock() + delay_s
            await self._finish(self._queue.mark_retry, item.report_id, message, next_at)
            self._count_failure(item, summary, f"{message}; retry in {delay_s:.0f} s", parked=False)
        if kind.server_offline:
            self.monitor.unreachable(message)
        elif isinstance(exc, PyWATSError):
            self.monitor.answered()  # an error answer is an answer

    def _count_failure(
        self, item: QueueItem, summary: ReportSummary, message: str, *, parked: bool
    ) -> None:
        self.counters.uploads_failed += 1
        self.counters.reports_failed += int(parked)
        logger.warning(
            "report %s (sn %s, result %s) %s, attempt %d: %s",
            item.report_id,
            summary.serial,
            summary.result,
            "FAILED" if parked else "not delivered",
            item.attempts,
            message,
        )

    @staticmethod
    async def _finish(write: Callable[..., bool], *args: object) -> None:
        # The outcome must be recorded even if shutdown cancels us now (arq's shielded finish).
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(lambda: write(*args))
