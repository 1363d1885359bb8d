"""Watch one converter's folder: file-system events, a periodic rescan, or polling.

Three sources feed the same ``emit(paths, complete)`` callback, so a file is found whichever
way it arrives (``complete`` is true when ``paths`` is a full scan: everything present):

* a scan at start (files already waiting are processed) and after the folder comes back;
* watchfiles ``awatch`` events, consumed with a stop event the watcher owns (set by the
  manager's stop, never blocking shutdown for more than one 50 ms step);
* a rescan every ``rescan_interval_s`` (default 30 s) as a safety net: events can be missed
  (overflowing kernel queues, network shares that send none).

Polling mode (``force_polling``, or automatically when events cannot be set up - e.g. the
inotify limit) replaces events by a scan every ``poll_interval_s``. When the folder disappears
(unmounted share, deleted) the watcher logs it once, retries every ``retry_s`` and resumes,
with a full scan, when it is back. The watch folder is never created here: an empty local
folder at a share's mount point would hide the real one.

Filtering (:class:`CandidateFilter`) skips temporary names (``*.tmp``, ``~$*``, dot files...),
symbolic links, and the done and error folders; patterns match file names case-insensitively.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path

import anyio
from watchfiles import Change, awatch

__all__ = [
    "DEFAULT_POLL_INTERVAL_S",
    "DEFAULT_RESCAN_INTERVAL_S",
    "TEMP_NAME_PATTERNS",
    "CandidateFilter",
    "Emit",
    "FolderWatcher",
    "SourceKind",
    "WatchMode",
    "is_temp_name",
]

logger = logging.getLogger(__name__)

DEFAULT_RESCAN_INTERVAL_S = 30.0
DEFAULT_POLL_INTERVAL_S = 2.0
DEFAULT_RETRY_S = 5.0
TEMP_NAME_PATTERNS = (".*", "~$*", "*~", "*.tmp", "*.temp", "*.part", "*.partial", "*.crdownload")
_STEP_MS = 50
# Longest time awatch groups a stream of changes before yielding them (its default, 1.6 s,
# delayed files landing every 50 ms by up to that long: see benchmarks/README.md).
_DEBOUNCE_MS = 100
Emit = Callable[[Sequence[Path], bool], None]
"""``emit(paths, complete)``: sources seen; ``complete`` when it is a full scan."""
# Upper bound on how long the watcher thread may outlive a cancellation nobody announced
# with stop() (awatch defers cancellation until its thread returns).
_RUST_TIMEOUT_MS = 1000


def is_temp_name(name: str) -> bool:
    """Whether ``name`` looks like a file still being written or an editor's scratch file."""
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern) for pattern in TEMP_NAME_PATTERNS)


class SourceKind(str, Enum):
    FILES = "files"  # each matching file is a source
    FOLDERS = "folders"  # each sub-folder of the watch folder is a source


class WatchMode(str, Enum):
    STARTING = "starting"
    EVENTS = "events"
    POLLING = "polling"
    UNAVAILABLE = "unavailable"  # the folder is missing or unreadable; retrying
    STOPPED = "stopped"


class CandidateFilter:
    """Which paths under a watch folder are sources, and the scan that lists them."""

    def __init__(
        self,
        root: Path,
        *,
        patterns: Sequence[str] = ("*",),
        kind: SourceKind = SourceKind.FILES,
        recursive: bool = False,
        ignored_dirs: Iterable[Path] = (),
    ) -> None:
        self.root = Path(root)
        self.kind = kind
        self.recursive = recursive and kind is SourceKind.FILES
        self._patterns = tuple(p.lower() for p in patterns) or ("*",)
        self._ignored = tuple(Path(p) for p in ignored_dirs)

    def _is_ignored_dir(self, path: Path) -> bool:
        return any(path == ignored or ignored in path.parents for ignored in self._ignored)

    def matches_name(self, name: str) -> bool:
        lowered = name.lower()
        return not is_temp_name(name) and any(
            fnmatch.fnmatchcase(lowered, pattern) for pattern in self._patterns
        )

    def candidate_for(self, path: Path) -> Path | None:
        """The source an event on ``path`` concerns (None: not a source of this watch)."""
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return None
        parts = relative.parts
        if not parts or self._is_ignored_dir(path) or any(is_temp_name(p) for p in parts[:-1]):
            return None
        if self.kind is SourceKind.FOLDERS:
            top = self.root / parts[0]
            return None if is_temp_name(parts[0]) or self._is_ignored_dir(top) else top
        if len(parts) > 1 and not self.recursive:
            return None
        return path if self.matches_name(parts[-1]) else None

    def _descend(self, folder: Path) -> bool:
        return self.recursive and not is_temp_name(folder.name) and not self._is_ignored_dir(folder)

    def scan(self) -> list[Path]:
        """Every current source, sorted (blocking; run it in a thread).

        Raises:
            OSError: the watch folder itself cannot be listed (missing, unmounted).
        """
        if self.kind is SourceKind.FOLDERS:
            with os.scandir(self.root) as children:
                return sorted(
                    Path(entry.path)
                    for entry in children
                    if entry.is_dir(follow_symlinks=False)
                    and not is_temp_name(entry.name)
                    and not self._is_ignored_dir(Path(entry.path))
                )
        found: list[Path] = []
        pending = [self.root]
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = list(listing)
            except OSError:
                if folder == self.root:
                    raise
                logger.debug("cannot list %s; skipped this scan", folder)
                continue
            for entry in entries:
                try:
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError:
                    continue
                path = Path(entry.path)
                if stat.S_ISDIR(mode):
                    if self._descend(path):
                        pending.append(path)
                elif stat.S_ISREG(mode) and self.matches_name(entry.name):
                    found.append(path)
        return sorted(found)


class FolderWatcher:
    """Feeds the sources of one watch folder to ``emit`` until ``stop`` is set.

    Args:
        candidates: What to watch and how to filter.
        stop: Set by the owner to end :meth:`run` (within one 50 ms step).
        rescan_interval_s: Safety-net rescan period in events mode.
        poll_interval_s: Scan period in polling mode.
        force_polling: Poll from the start (network shares).
        retry_s: How often a missing folder is looked for again.
        label: Name used in log messages (the converter's).
    """

    def __init__(
        self,
        candidates: CandidateFilter,
        stop: anyio.Event,
        *,
        rescan_interval_s: float = DEFAULT_RESCAN_INTERVAL_S,
        poll_interval_s: float = DEFAULT_POLL_INTERVAL_S,
        force_polling: bool = False,
        retry_s: float = DEFAULT_RETRY_S,
        label: str = "",
    ) -> None:
        self.candidates = candidates
        self._stop = stop
        self.rescan_interval_s = rescan_interval_s
        self.poll_interval_s = poll_interval_s
        self.retry_s = retry_s
        self._polling = force_polling
        self.label = label or str(candidates.root)
        self.mode = WatchMode.STARTING
        self.problem: str | None = None  # why the folder is unavailable / events are off
        self._session: anyio.Event | None = None

    def stop(self) -> None:
        """Set the stop event and end the current events session now (synchronously, so the
        Rust watcher thread returns within one step even if our task is being cancelled)."""
        self._stop.set()
        if self._session is not None:
            self._session.set()

    @property
    def root(self) -> Path:
        return self.candidates.root

    async def _sleep(self, seconds: float) -> None:
        with anyio.move_on_after(seconds):
            await self._stop.wait()

    async def _scan(self) -> list[Path]:
        return await anyio.to_thread.run_sync(self.candidates.scan, abandon_on_cancel=True)

    def _unavailable(self, exc: OSError) -> None:
        if self.mode is not WatchMode.UNAVAILABLE:
            logger.warning(
                "converter %s: watch folder %s is unavailable (%s); retrying every %g s",
                self.label,
                self.root,
                exc.strerror or exc,
                self.retry_s,
            )
        self.mode = WatchMode.UNAVAILABLE
        self.problem = f"watch folder unavailable: {exc.strerror or exc}"

    async def run(self, emit: Emit) -> None:
        """Watch until stopped. Never raises for file-system trouble (it logs and retries)."""
        try:
            while not self._stop.is_set():
                try:
                    found = await self._scan()
                except OSError as exc:
                    self._unavailable(exc)
                    await self._sleep(self.retry_s)
                    continue
                if self.mode is WatchMode.UNAVAILABLE:
                    logger.info("converter %s: watch folder %s is back", self.label, self.root)
                    self.problem = None
                emit(found, True)
                if self._polling:
                    self.mode = WatchMode.POLLING
                    await self._sleep(self.poll_interval_s)
                else:
                    self.mode = WatchMode.EVENTS
                    await self._watch_events(emit)
        finally:
            self.mode = WatchMode.STOPPED

    async def _watch_events(self, emit: Emit) -> None:
        """One awatch session: returns on stop, when the folder vanishes, or when events fail
        (then polling takes over)."""
        session = self._session = anyio.Event()
        if self._stop.is_set():
            return

        async def relay_stop() -> None:
            await self._stop.wait()
            session.set()

        async def rescan() -> None:
            while not session.is_set():
                with anyio.move_on_after(self.rescan_interval_s):
                    await session.wait()
                if session.is_set():
                    return
                try:
                    emit(await self._scan(), True)
                except OSError:
                    session.set()  # folder gone: the outer loop reports and waits for it

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(relay_stop)
            tasks.start_soon(rescan)
            try:
                async for changes in awatch(
                    self.root,
                    watch_filter=None,
                    stop_event=session,
                    recursive=self.candidates.kind is SourceKind.FOLDERS
                    or self.candidates.recursive,
                    step=_STEP_MS,
                    debounce=_DEBOUNCE_MS,
                    rust_timeout=_RUST_TIMEOUT_MS,
                    ignore_permission_denied=True,
                ):
                    if self._root_deleted(changes):
                        session.set()  # awatch ends cleanly at its next step
                        continue
                    found = self._sources(changes)
                    if found:
                        emit(found, False)
            except Exception as exc:  # the Rust watcher raises plain OS/Runtime errors
                if await anyio.Path(self.root).is_dir():
                    logger.warning(
                        "converter %s: file events unavailable for %s (%s); polling every %g s",
                        self.label,
                        self.root,
                        exc,
                        self.poll_interval_s,
                    )
                    self.problem = f"file events unavailable ({exc}); polling"
                    self._polling = True
            finally:
                session.set()
                tasks.cancel_scope.cancel()

    def _root_deleted(self, changes: set[tuple[Change, str]]) -> bool:
        root = str(self.root)
        return any(change is Change.deleted and path == root for change, path in changes)

    def _sources(self, changes: set[tuple[Change, str]]) -> list[Path]:
        found: set[Path] = set()
        for change, raw in changes:
            if change is Change.deleted and self.candidates.kind is SourceKind.FILES:
                continue
            source = self.candidates.candidate_for(Path(raw))
            if source is not None:
                found.add(source)
        return sorted(found)
