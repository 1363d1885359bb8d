"""One source through the pipeline: ledger check, worker, checks, queue, ledger, post action.

:class:`SourceJob` handles a stable source for one converter and says what the intake should
do with its path next (:class:`Disposition`). The end of a conversion runs shielded from
cancellation, in a worker thread, in the crash-safe order of :mod:`.ledger`: reports
enqueued, then the source recorded, then the post action.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

import anyio
import anyio.abc

from pywats.core.station import Station
from pywats.domains.analytics.models import ProcessInfo
from pywats_client.config import ConverterConfig, PostAction
from pywats_client.conversion.attachments import AttachmentPolicy
from pywats_client.conversion.ledger import Ledger, LedgerEntry, Outcome, SourceKey
from pywats_client.conversion.pipeline import PipelineSettings, Preparation, prepare_reports
from pywats_client.conversion.pool import WorkerPool
from pywats_client.conversion.post_actions import FailureNote, apply_post_action, move_to_error
from pywats_client.conversion.stability import Snapshot, take_snapshot
from pywats_client.conversion.state import ConversionCounters, ConversionOptions, ConverterState
from pywats_client.conversion.worker import ConversionReply, ConversionRequest, ReplyStatus
from pywats_client.converters.base import ConverterSource
from pywats_client.converters.loader import ConverterInfo
from pywats_client.queue import QueueStore

__all__ = ["Disposition", "Shared", "SourceJob", "converter_label", "relog", "shielded"]

logger = logging.getLogger("pywats_client.conversion")


@dataclass
class Shared:
    """What all converters of one manager share."""

    queue: QueueStore
    ledger: Ledger
    pool: WorkerPool
    limiter: anyio.CapacityLimiter
    work: anyio.abc.TaskGroup
    options: ConversionOptions
    counters: ConversionCounters
    processes: Callable[[], Mapping[int, str | ProcessInfo]]
    station: Callable[[], Station | None]
    clock_skew_s: Callable[[], float]
    on_enqueued: Callable[[int], None] | None = None
    in_flight: set[tuple[str, Path]] = field(default_factory=set)  # (converter name, path)

    def settings(self) -> PipelineSettings:
        return PipelineSettings(
            station=self.station(),
            processes=self.processes(),
            attachments=AttachmentPolicy(self.options.max_attachment_bytes),
            server_clock_skew_s=self.clock_skew_s(),
            future_tolerance_s=self.options.future_tolerance_s,
        )

    def process_names(self) -> dict[int, str]:
        return {
            code: (value.name or "") if isinstance(value, ProcessInfo) else str(value)
            for code, value in self.processes().items()
        }

    def enqueued(self, added: int) -> None:
        self.counters.reports_queued += added
        if added and self.on_enqueued is not None:
            self.on_enqueued(added)


async def shielded(function: Callable[..., Any], *args: Any) -> Any:
    """Blocking work that must complete once started (queue, ledger, file moves)."""
    with anyio.CancelScope(shield=True):
        return await anyio.to_thread.run_sync(function, *args)


def relog(log: logging.Logger, reply: ConversionReply) -> None:
    """Re-emit the converter's log lines from the worker under the converter's logger."""
    for level, text in reply.logs:
        log.log(level, "%s", text)


def converter_label(config: ConverterConfig, info: ConverterInfo) -> str:
    """``name`` or ``name/class-name`` for the ``pyWATS converter`` misc info."""
    return config.name if info.name == config.name else f"{config.name}/{info.name}"


class Disposition(str, Enum):
    """What the intake does with a source's path after its job."""

    FINISHED = "finished"  # moved, deleted or gone: nothing to track
    SETTLED = "settled"  # left in place (kept, skipped, not ready, stuck): until it changes
    RETAKE = "retake"  # changed while converting: observe it again
    RETRY_LATER = "retry_later"  # could not be read now: the next rescan tries again


class SourceJob:
    """Converts one stable source of one converter."""

    def __init__(
        self,
        config: ConverterConfig,
        info: ConverterInfo,
        shared: Shared,
        state: ConverterState,
    ) -> None:
        self.config = config
        self.info = info
        self.shared = shared
        self.state = state
        self.log = logging.getLogger(f"pywats.converter.{config.name}")

    async def run(self, path: Path) -> tuple[Disposition, Snapshot | None]:
        snapshot = await anyio.to_thread.run_sync(take_snapshot, path)
        if snapshot is None:
            return Disposition.FINISHED, None
        entry = await anyio.to_thread.run_sync(
            self.shared.ledger.lookup, self.config.name, str(path), snapshot.size,
            snapshot.mtime_ns,
        )  # fmt: skip
        if entry is not None:
            return await self._resume(path, snapshot, entry), snapshot
        try:
            sha256 = await anyio.to_thread.run_sync(lambda: ConverterSource(path).sha256)
        except OSError as exc:  # locked by the writer, or vanished
            logger.warning("converter %s: cannot read %s yet: %s", self.config.name, path, exc)
            return Disposition.RETRY_LATER, snapshot
        reply = await self.shared.pool.convert(self._request(path), self.config.timeout_s)
        relog(self.log, reply)
        if reply.status is ReplyStatus.NOT_READY:
            return Disposition.SETTLED, snapshot
        if await anyio.to_thread.run_sync(take_snapshot, path) != snapshot:
            logger.info("converter %s: %s changed while converting; again", self.config.name, path)
            self.shared.counters.retaken += 1
            return Disposition.RETAKE, snapshot
        key = SourceKey(self.config.name, str(path), snapshot.size, snapshot.mtime_ns, sha256)
        version = reply.converter_version or self.info.version
        if reply.status is ReplyStatus.SKIPPED:
            await shielded(self.shared.ledger.record, key, Outcome.SKIPPED, (), reply.reason)
            self.shared.counters.skipped += 1
            self.state.skipped += 1
            self.state.record(path, f"skipped: {reply.reason or 'no reason given'}")
            return Disposition.SETTLED, snapshot
        if reply.status is ReplyStatus.FAILURE:
            reason = reply.reason or "unknown failure"
            return await self._fail(path, key, version, reason, reply.traceback), snapshot
        prepared = await anyio.to_thread.run_sync(self._prepare, reply, version, sha256, path)
        for warning in prepared.warnings + prepared.notes:
            self.log.warning("%s: %s", path.name, warning)
        if not prepared.ok:
            return await self._fail(path, key, version, prepared.reason(), None), snapshot
        return await self._succeed(path, key, prepared), snapshot

    def _request(self, path: Path) -> ConversionRequest:
        return ConversionRequest(
            class_path=self.config.class_path,
            converter_name=self.config.name,
            arguments=self.config.arguments,
            path=str(path),
            station=self.shared.station(),
            processes=self.shared.process_names(),
            reject_threshold=self.config.reject_threshold,
            alarm_threshold=self.config.alarm_threshold,
        )

    def _prepare(
        self, reply: ConversionReply, version: str, sha256: str, path: Path
    ) -> Preparation:
        return prepare_reports(
            reply.reports,
            converter_name=self.config.name,
            converter_version=version,
            sha256=sha256,
            source_name=path.name,
            settings=self.shared.settings(),
            converter_label=converter_label(self.config, self.info),
        )

    # -- success -----------------------------------------------------------------------------

    def _commit(self, path: Path, key: SourceKey, prepared: Preparation) -> int:
        rows = [(r.report_id, r.payload(), str(path)) for r in prepared.reports]
        added = self.shared.queue.enqueue_many(rows)  # 1. durable, idempotent on the ids
        ids = [r.report_id for r in prepared.reports]
        self.shared.ledger.record(key, Outcome.DONE, ids)  # 2. the source is done
        return added

    async def _succeed(self, path: Path, key: SourceKey, prepared: Preparation) -> Disposition:
        added: int = await shielded(self._commit, path, key, prepared)
        count = len(prepared.reports)
        self.shared.counters.ok += 1
        self.shared.enqueued(added)
        self.state.converted += 1
        self.state.record(path, f"converted: {count} report{'s' if count != 1 else ''} queued")
        self.log.info("%s: %d report(s) queued (%d new)", path.name, count, added)
        return await self._post_action(path)  # 3. the post action

    async def _post_action(self, path: Path) -> Disposition:
        action = self.config.post_action
        if action is PostAction.KEEP:
            return Disposition.SETTLED
        watch_folder = self.config.watch_folder
        assert watch_folder is not None
        try:
            await shielded(
                lambda: apply_post_action(
                    path, action, watch_folder=watch_folder,
                    done_folder=self.config.effective_done_folder,
                )
            )  # fmt: skip
        except (OSError, ValueError) as exc:
            self.state.last_error = f"{path.name}: post action {action.value}: {exc}"
            logger.error("converter %s: %s", self.config.name, self.state.last_error)
            return Disposition.SETTLED  # not retried until the file changes or a restart
        return Disposition.FINISHED

    # -- failure -----------------------------------------------------------------------------

    async def _fail(
        self, path: Path, key: SourceKey, version: str, reason: str, trace: str | None
    ) -> Disposition:
        await shielded(self.shared.ledger.record, key, Outcome.FAILED, (), reason)
        self.shared.counters.failed += 1
        self.state.failed += 1
        first_line = reason.splitlines()[0] if reason else reason
        self.state.record(path, f"failed: {first_line}", error=f"{path.name}: {first_line}")
        self.log.error("%s: conversion failed: %s", path.name, reason)
        return await self._to_error_folder(path, key, version, reason, trace)

    async def _to_error_folder(
        self, path: Path, key: SourceKey, version: str, reason: str, trace: str | None
    ) -> Disposition:
        watch_folder, error_folder = self.config.watch_folder, self.config.effective_error_folder
        assert watch_folder is not None
        assert error_folder is not None
        note = FailureNote(
            converter_name=self.config.name,
            converter_version=version,
            class_path=self.config.class_path,
            reason=reason,
            sha256=key.sha256,
            traceback=trace,
            at=datetime.now().astimezone(),
        )
        try:
            await shielded(
                lambda: move_to_error(
                    path, note, watch_folder=watch_folder, error_folder=error_folder
                )
            )
        except (OSError, ValueError) as exc:
            logger.error(
                "converter %s: cannot move %s to %s: %s", self.config.name, path, error_folder, exc
            )
            return Disposition.SETTLED
        return Disposition.FINISHED

    # -- after a restart ---------------------------------------------------------------------

    async def _resume(self, path: Path, snapshot: Snapshot, entry: LedgerEntry) -> Disposition:
        """The ledger already has an outcome for this unchanged file: a crash came between
        the ledger write and the post action, or the file was kept or skipped."""
        if entry.outcome is Outcome.DONE:
            return await self._post_action(path)
        if entry.outcome is Outcome.FAILED:
            reason = entry.reason or "conversion failed (reason not recorded)"
            return await self._to_error_folder(path, entry.key, self.info.version, reason, None)
        return Disposition.SETTLED
