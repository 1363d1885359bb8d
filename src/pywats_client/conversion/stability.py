"""When is a file (or a folder) finished? When its size and mtime stop changing.

Testers write results in chunks, copy them over slow shares, or create a folder and fill it
file by file. A watcher event only says "something changed", so every candidate is observed
until its :class:`Snapshot` has stayed the same for ``stable_s`` (default 0.1 s) - the
decision is a pure function of observations and a clock, tested without any file system.
After the conversion the snapshot is taken again: a source that changed meanwhile is not
marked done, it goes back to waiting (a writer that paused longer than ``stable_s``).

Example:
    >>> tracker = StabilityTracker(stable_s=0.1)
    >>> tracker.observe(Path("a.csv"), Snapshot(10, 1), now=0.0)
    <Verdict.WAITING: 'waiting'>
    >>> tracker.observe(Path("a.csv"), Snapshot(10, 1), now=0.1)
    <Verdict.STABLE: 'stable'>
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

__all__ = ["DEFAULT_STABLE_S", "Snapshot", "StabilityTracker", "Verdict", "take_snapshot"]

DEFAULT_STABLE_S = 0.1


@dataclass(frozen=True)
class Snapshot:
    """Size and newest modification time of a file, or of all files in a folder."""

    size: int
    mtime_ns: int
    files: int = 1


class Verdict(str, Enum):
    WAITING = "waiting"  # changed recently (or first seen): look again later
    STABLE = "stable"  # unchanged for stable_s: take it
    GONE = "gone"  # disappeared (moved away, deleted): forget it


def take_snapshot(path: Path) -> Snapshot | None:
    """The current snapshot of ``path``; None when it is gone or not a regular file/folder.

    Symbolic links are never followed (a link could point anywhere, even outside the watch
    folder, and moving it would not move the data).
    """
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISREG(info.st_mode):
        return Snapshot(info.st_size, info.st_mtime_ns)
    if not stat.S_ISDIR(info.st_mode):
        return None
    size = count = 0
    newest = info.st_mtime_ns
    try:
        for root, dirs, names in os.walk(path, followlinks=False):
            for name in names:
                try:
                    child = os.lstat(os.path.join(root, name))
                except OSError:
                    continue
                if stat.S_ISREG(child.st_mode):
                    size += child.st_size
                    count += 1
                    newest = max(newest, child.st_mtime_ns)
            for name in dirs:
                try:
                    newest = max(newest, os.lstat(os.path.join(root, name)).st_mtime_ns)
                except OSError:
                    continue
    except OSError:
        return None
    return Snapshot(size, newest, count)


class StabilityTracker:
    """Candidates waiting to become stable, with the snapshot each was last seen with.

    Not thread-safe: owned by one task.
    """

    def __init__(self, stable_s: float = DEFAULT_STABLE_S) -> None:
        if stable_s < 0:
            raise ValueError(f"stable_s must be >= 0, got {stable_s}")
        self.stable_s = stable_s
        self._seen: dict[Path, tuple[Snapshot | None, float]] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, path: object) -> bool:
        return path in self._seen

    def add(self, path: Path) -> None:
        """Start watching ``path`` (no effect if it is already watched)."""
        self._seen.setdefault(path, (None, 0.0))

    def discard(self, path: Path) -> None:
        self._seen.pop(path, None)

    def paths(self) -> list[Path]:
        """The candidates, in the order they were added."""
        return list(self._seen)

    def observe(self, path: Path, snapshot: Snapshot | None, now: float) -> Verdict:
        """Record an observation of ``path`` at monotonic time ``now`` and decide.

        A stable or gone candidate stops being tracked.
        """
        if snapshot is None:
            self._seen.pop(path, None)
            return Verdict.GONE
        previous, since = self._seen.get(path, (None, now))
        if previous != snapshot:
            self._seen[path] = (snapshot, now)
            return Verdict.WAITING
        if now - since >= self.stable_s:
            self._seen.pop(path, None)
            return Verdict.STABLE
        self._seen[path] = (snapshot, since)
        return Verdict.WAITING
