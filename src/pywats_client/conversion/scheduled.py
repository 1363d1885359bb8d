"""Scheduled converters: run on an interval or a cron line, queue whatever they return.

A scheduled converter has no source file, so each report's id comes from its own content
(:func:`~pywats_client.converters.identity.report_content_sha256`): a converter that returns
the same report at every run (a tester database polled with an overlapping window) queues it
once. Runs share the manager's concurrency limit and worker pool, with the converter's timeout.
"""

from __future__ import annotations

import logging
from datetime import datetime

import anyio
from croniter import croniter

from pywats_client.config import ConverterConfig
from pywats_client.conversion.jobs import Shared, converter_label, relog, shielded
from pywats_client.conversion.pipeline import Preparation, prepare_reports
from pywats_client.conversion.state import ConverterState
from pywats_client.conversion.worker import ConversionReply, ConversionRequest, ReplyStatus
from pywats_client.converters.loader import ConverterInfo

__all__ = ["ScheduledJob", "next_delay_s"]

logger = logging.getLogger("pywats_client.conversion")


def next_delay_s(schedule: str | None, interval_s: float | None, now: datetime) -> float:
    """Seconds until the next run: the interval, or the next cron time after ``now``."""
    if interval_s is not None:
        return interval_s
    if schedule is None:
        return float("inf")
    following: datetime = croniter(schedule, now).get_next(datetime)
    return max((following - now).total_seconds(), 0.0)


class ScheduledJob:
    """The run loop of one scheduled converter."""

    def __init__(
        self, config: ConverterConfig, info: ConverterInfo, shared: Shared, state: ConverterState
    ) -> None:
        self.config = config
        self.info = info
        self.shared = shared
        self.state = state
        self.log = logging.getLogger(f"pywats.converter.{config.name}")

    async def run_forever(self) -> None:
        self.state.mode = "scheduled"
        first = self.info.run_on_start
        while True:
            if not first:
                now = datetime.now().astimezone()
                await anyio.sleep(
                    next_delay_s(self.config.schedule, self.config.schedule_interval_s, now)
                )
            first = False
            token = object()
            await self.shared.limiter.acquire_on_behalf_of(token)
            try:
                await self.run_once()
            except Exception as exc:  # one bad run must not end the schedule
                logger.exception("converter %s: scheduled run failed", self.config.name)
                self.state.last_error = f"{type(exc).__name__}: {exc}"
            finally:
                self.shared.limiter.release_on_behalf_of(token)

    def _failed(self, reason: str) -> None:
        self.shared.counters.failed += 1
        self.state.failed += 1
        self.state.record(None, "failed", error=reason)
        self.log.error("scheduled run failed: %s", reason)

    def _prepare(self, reply: ConversionReply, label: str) -> Preparation:
        return prepare_reports(
            reply.reports,
            converter_name=self.config.name,
            converter_version=reply.converter_version or self.info.version,
            sha256=None,
            source_name=label,
            settings=self.shared.settings(),
            converter_label=converter_label(self.config, self.info),
        )

    async def run_once(self) -> None:
        """One run: convert in a worker, check, queue."""
        request = ConversionRequest(
            class_path=self.config.class_path,
            converter_name=self.config.name,
            arguments=self.config.arguments,
            station=self.shared.station(),
            processes=self.shared.process_names(),
        )
        reply = await self.shared.pool.convert(request, self.config.timeout_s)
        relog(self.log, reply)
        if reply.status is ReplyStatus.SKIPPED:
            self.state.record(None, f"nothing to report ({reply.reason or 'skipped'})")
            return
        if reply.status is not ReplyStatus.SUCCESS:
            self._failed(reply.reason or "unknown failure")
            return
        label = f"schedule {self.config.schedule}"
        prepared = await anyio.to_thread.run_sync(self._prepare, reply, label)
        if not prepared.ok:
            self._failed(prepared.reason())
            return
        rows = [(r.report_id, r.payload(), label) for r in prepared.reports]
        added: int = await shielded(self.shared.queue.enqueue_many, rows)
        self.shared.counters.ok += 1
        self.shared.enqueued(added)
        self.state.converted += 1
        self.state.record(None, f"{len(rows)} report(s) queued ({added} new)")
