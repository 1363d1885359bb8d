"""The intake of one configured converter: load it, watch its folder, wait for stable sources,
hand them to jobs within the shared concurrency limit.

A :class:`ConverterRunner` lives in the manager's *intake* scope; the jobs it starts run in the
manager's *work* task group, so stopping a runner (config change, shutdown) lets its running
conversions finish. A path is never handed to two jobs at once, not even by the runner that
replaced this one after a config change (the in-flight set is shared per converter name).
"""

from __future__ import annotations

import collections
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import anyio

from pywats_client.config import ConverterConfig
from pywats_client.conversion.jobs import Disposition, Shared, SourceJob
from pywats_client.conversion.scheduled import ScheduledJob
from pywats_client.conversion.stability import Snapshot, StabilityTracker, Verdict, take_snapshot
from pywats_client.conversion.state import ConverterState
from pywats_client.conversion.watcher import CandidateFilter, FolderWatcher, SourceKind, WatchMode
from pywats_client.converters.loader import ConverterInfo, ConverterKind, ConverterLoadError

__all__ = ["ConverterRunner"]

logger = logging.getLogger("pywats_client.conversion")


@dataclass
class _Stable:
    path: Path
    token: object = field(default_factory=object)  # the limiter's borrower for this job


class ConverterRunner:
    """Intake of one enabled converter (file, folder or scheduled)."""

    def __init__(self, config: ConverterConfig, shared: Shared) -> None:
        self.config = config
        self.shared = shared
        self.info: ConverterInfo | None = None
        self.state = ConverterState.for_config(config)
        self._scope: anyio.CancelScope | None = None
        self._cancelled = False
        self._stop = anyio.Event()
        self._watcher: FolderWatcher | None = None
        self._tracker = StabilityTracker(shared.options.stable_s)
        self._wake = anyio.Event()
        self._ready: collections.deque[_Stable] = collections.deque()
        self._ready_event = anyio.Event()
        self._queued: set[Path] = set()
        self._settled: dict[Path, Snapshot] = {}  # kept, skipped, not ready: until it changes
        self._retake: set[Path] = set()  # changed while converting: observe again

    # -- lifecycle ---------------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop this converter's intake (its running conversions finish)."""
        self._cancelled = True
        self._stop.set()
        if self._watcher is not None:
            self._watcher.stop()
        if self._scope is not None:
            self._scope.cancel()

    async def run(self) -> None:
        with anyio.CancelScope() as scope:
            self._scope = scope
            if self._cancelled:
                scope.cancel()
            try:
                while True:
                    try:
                        await self._run_once()
                        return
                    except Exception as exc:  # a bug here must not stop the other converters
                        retry_s = self.shared.options.load_retry_s
                        logger.exception(
                            "converter %s stopped unexpectedly; restarting in %g s",
                            self.name,
                            retry_s,
                        )
                        self.state.mode = "error"
                        self.state.last_error = f"{type(exc).__name__}: {exc}"
                        await anyio.sleep(retry_s)
            finally:
                self._watcher = None
                self.state.mode = WatchMode.STOPPED.value

    async def _run_once(self) -> None:
        info = await self._load()
        if info.kind is ConverterKind.SCHEDULED:
            await ScheduledJob(self.config, info, self.shared, self.state).run_forever()
        else:
            await self._run_watch(info)

    async def _load(self) -> ConverterInfo:
        last_error = None
        while True:
            try:
                info = await self.shared.pool.describe(
                    self.config.class_path, self.config.arguments
                )
            except ConverterLoadError as exc:
                if str(exc) != last_error:
                    logger.error("converter %s cannot be loaded: %s", self.config.name, exc)
                last_error = str(exc)
                self.state.mode = "load error"
                self.state.last_error = str(exc)
                await anyio.sleep(self.shared.options.load_retry_s)
                continue
            self.info = info
            self.state.kind = info.kind.value
            self.state.version = info.version
            self.state.last_error = None
            return info

    def current_state(self) -> ConverterState:
        """:attr:`state` with the live watch mode and queue lengths filled in."""
        if self._watcher is not None:
            self.state.mode = self._watcher.mode.value
            self.state.problem = self._watcher.problem
        self.state.pending = len(self._tracker) + len(self._ready)
        self.state.in_flight = sum(1 for name, _ in self.shared.in_flight if name == self.name)
        return self.state

    @property
    def name(self) -> str:
        return self.config.name

    def settled_snapshot(self, path: Path) -> Snapshot | None:
        """How ``path`` looked when it was last left alone (kept, skipped, not ready...)."""
        return self._settled.get(path)

    # -- watching ----------------------------------------------------------------------------

    def _candidate_filter(self, info: ConverterInfo, folder: Path) -> CandidateFilter:
        patterns = list(self.config.patterns)
        if patterns == ["*"] and info.patterns:
            patterns = list(info.patterns)  # the config default defers to the class's patterns
        ignored = [
            p
            for p in (self.config.effective_done_folder, self.config.effective_error_folder)
            if p is not None
        ]
        kind = SourceKind.FOLDERS if info.kind is ConverterKind.FOLDER else SourceKind.FILES
        return CandidateFilter(
            folder, patterns=patterns, kind=kind, recursive=self.config.recursive,
            ignored_dirs=ignored,
        )  # fmt: skip

    async def _run_watch(self, info: ConverterInfo) -> None:
        folder = self.config.watch_folder
        if folder is None:
            self.state.mode = "config error"
            self.state.last_error = "a file or folder converter needs a watch_folder"
            logger.error("converter %s: %s", self.name, self.state.last_error)
            await anyio.sleep_forever()
            return
        options = self.shared.options
        self._watcher = FolderWatcher(
            self._candidate_filter(info, folder),
            self._stop,
            rescan_interval_s=options.rescan_interval_s,
            poll_interval_s=options.poll_interval_s,
            force_polling=options.force_polling,
            retry_s=options.unavailable_retry_s,
            label=self.name,
        )
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(self._watcher.run, self._on_candidates)
            tasks.start_soon(self._stability_loop, info)
            tasks.start_soon(self._dispatch_loop, info)

    def _busy(self, path: Path) -> bool:
        return (self.name, path) in self.shared.in_flight or path in self._queued

    def _on_candidates(self, paths: Sequence[Path], complete: bool = False) -> None:
        if complete:  # forget what was left alone but is gone now
            present = set(paths)
            for path in [p for p in self._settled if p not in present]:
                del self._settled[path]
        added = False
        for path in paths:
            if not self._busy(path):
                self._tracker.add(path)
                added = True
        if added:
            self._wake.set()

    @staticmethod
    def _observe(
        info: ConverterInfo, paths: list[Path]
    ) -> list[tuple[Path, Snapshot | None, bool]]:
        """Snapshots (blocking) and, for folders, whether the base readiness rule holds
        (a class that overrides ``is_ready`` is asked again in the worker)."""
        observed = []
        for path in paths:
            snapshot = take_snapshot(path)
            ready = True
            if snapshot is not None and info.kind is ConverterKind.FOLDER:
                if info.ready_marker is not None:
                    ready = (path / info.ready_marker).is_file()
                else:
                    ready = snapshot.files >= info.min_files
            observed.append((path, snapshot, ready))
        return observed

    async def _stability_loop(self, info: ConverterInfo) -> None:
        tick_s = max(self.shared.options.stable_s / 2, 0.02)
        while True:
            if not len(self._tracker):
                await self._wake.wait()
                self._wake = anyio.Event()
            await anyio.sleep(tick_s)
            observed = await anyio.to_thread.run_sync(self._observe, info, self._tracker.paths())
            now = time.monotonic()
            for path, snapshot, ready in observed:
                if snapshot is not None and self._settled.get(path) == snapshot:
                    self._tracker.discard(path)  # unchanged since it was left alone
                    continue
                if self._tracker.observe(path, snapshot, now) is not Verdict.STABLE:
                    continue
                assert snapshot is not None
                if not ready or self._busy(path):
                    self._settled[path] = snapshot
                    continue
                self._settled.pop(path, None)
                self._queued.add(path)
                self._ready.append(_Stable(path))
                self._ready_event.set()

    async def _dispatch_loop(self, info: ConverterInfo) -> None:
        job = SourceJob(self.config, info, self.shared, self.state)
        while True:
            while not self._ready:
                await self._ready_event.wait()
                self._ready_event = anyio.Event()
            item = self._ready[0]
            await self.shared.limiter.acquire_on_behalf_of(item.token)
            self._ready.popleft()
            self._queued.discard(item.path)
            self.shared.in_flight.add((self.name, item.path))
            self.shared.work.start_soon(self._run_job, job, item)

    async def _run_job(self, job: SourceJob, item: _Stable) -> None:
        disposition, snapshot = Disposition.RETRY_LATER, None
        try:
            disposition, snapshot = await job.run(item.path)
        except Exception as exc:  # one source must never take the converter down
            logger.exception("converter %s: %s failed unexpectedly", self.name, item.path)
            self.state.last_error = f"{item.path.name}: {type(exc).__name__}: {exc}"
        finally:
            self.shared.in_flight.discard((self.name, item.path))
            self.shared.limiter.release_on_behalf_of(item.token)
        if disposition is Disposition.SETTLED and snapshot is not None:
            self._settled[item.path] = snapshot
        elif disposition is Disposition.RETAKE:
            self._on_candidates([item.path])
