"""One running service per instance: an OS file lock plus JSON metadata about the holder.

The lock (filelock: ``flock`` on POSIX, ``LockFileEx`` on Windows) is the truth — the OS
drops it when the holder dies, even on SIGKILL, so there is no stale lock to clean up. The
metadata file (``instance.json``: id, name, pid, host, start time) exists for people and tools:
the error message when a second start is refused, and :func:`list_instances`. Metadata left by
a dead process is detected (pid gone or reused) and replaced on the next start.
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

import filelock
import psutil  # type: ignore[import-untyped]  # no stubs in the pinned dev deps

from pywats_client import __version__
from pywats_client.errors import ClientError
from pywats_client.paths import HomePaths, InstancePaths, ensure_private_dir, write_private_file

__all__ = [
    "InstanceAlreadyRunning",
    "InstanceInfo",
    "InstanceLock",
    "InstanceMetadata",
    "is_process_running",
    "list_instances",
    "read_metadata",
]

# A process started more than this after the recorded start time cannot be the holder.
_PID_REUSE_SLACK_S = 2.0


@dataclass(frozen=True)
class InstanceMetadata:
    """Contents of ``instance.json``; ``pid`` is None once the holder stopped cleanly."""

    instance_id: str
    name: str
    pid: int | None
    hostname: str
    started_at: float  # epoch seconds
    stopped_at: float | None = None
    version: str = __version__

    def to_json(self) -> dict[str, Any]:
        return {
            "instance_id": self.instance_id,
            "name": self.name,
            "pid": self.pid,
            "hostname": self.hostname,
            "started_at": self.started_at,
            "started_at_iso": _iso(self.started_at),
            "stopped_at": self.stopped_at,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InstanceMetadata:
        pid = data.get("pid")
        stopped = data.get("stopped_at")
        return cls(
            instance_id=str(data["instance_id"]),
            name=str(data.get("name", "")),
            pid=pid if isinstance(pid, int) and pid > 0 else None,
            hostname=str(data.get("hostname", "")),
            started_at=float(data["started_at"]),
            stopped_at=float(stopped) if isinstance(stopped, (int, float)) else None,
            version=str(data.get("version", "")),
        )


def _iso(epoch_s: float | None) -> str | None:
    if epoch_s is None:
        return None
    return datetime.fromtimestamp(epoch_s, tz=timezone.utc).isoformat(timespec="seconds")


class InstanceAlreadyRunning(ClientError):
    """Another live process holds this instance's lock."""

    def __init__(self, instance_id: str, holder: InstanceMetadata | None, lock_file: Path) -> None:
        self.instance_id = instance_id
        self.holder = holder
        if holder is not None and holder.pid is not None and is_process_running(holder):
            who = f"pid {holder.pid} on {holder.hostname}, since {_iso(holder.started_at)}"
        elif holder is not None and holder.pid is not None:
            who = (
                f"recorded holder pid {holder.pid} is gone; a child process it started may "
                "still hold the lock"
            )
        else:
            who = "holder unknown"
        super().__init__(
            f"instance '{instance_id}' is already running ({who}); lock file {lock_file}. "
            f"Stop it first, or use another --instance-id."
        )


def is_process_running(metadata: InstanceMetadata) -> bool:
    """Whether the process recorded in ``metadata`` is alive on this host (pid reuse aware)."""
    if metadata.pid is None or metadata.hostname != socket.gethostname():
        return False
    try:
        created = float(psutil.Process(metadata.pid).create_time())
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # exists, owned by someone else: assume it is the holder
    return created <= metadata.started_at + _PID_REUSE_SLACK_S


def read_metadata(paths: InstancePaths) -> InstanceMetadata | None:
    """The instance's metadata file, or None if missing or unreadable."""
    try:
        return InstanceMetadata.from_json(json.loads(paths.metadata_file.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class InstanceLock:
    """Guarantees a single running service per instance.

    Args:
        paths: The instance's locations (lock and metadata files).
        name: Display name recorded in the metadata.

    Example:
        >>> with InstanceLock(InstancePaths("line-2")) as lock:  # doctest: +SKIP
        ...     run_service()
    """

    def __init__(self, paths: InstancePaths, *, name: str = "") -> None:
        self._paths = paths
        self._name = name
        self._lock = filelock.FileLock(
            str(paths.lock_file),
            mode=0o600,
            thread_local=False,  # the service may release from another thread
            fallback_to_soft=False,  # soft locks survive crashes: never use them
            preserve_lock_file=True,  # unlinking on release races with a new acquirer
        )
        self.metadata: InstanceMetadata | None = None
        self.replaced_stale: InstanceMetadata | None = None

    @property
    def is_held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> InstanceMetadata:
        """Take the lock and record ourselves; returns the metadata written.

        Raises:
            InstanceAlreadyRunning: another live process holds it (message: pid, host, since).
        """
        ensure_private_dir(self._paths.data_dir)
        try:
            self._lock.acquire(timeout=0, blocking=False)
        except filelock.Timeout:
            raise InstanceAlreadyRunning(
                self._paths.instance_id, read_metadata(self._paths), self._paths.lock_file
            ) from None
        try:
            previous = read_metadata(self._paths)
            if previous is not None and previous.pid is not None and previous.pid != os.getpid():
                self.replaced_stale = previous  # we hold the lock, so its holder is gone
            self.metadata = InstanceMetadata(
                instance_id=self._paths.instance_id,
                name=self._name,
                pid=os.getpid(),
                hostname=socket.gethostname(),
                started_at=time.time(),
            )
            self._write(self.metadata)
        except BaseException:
            self._lock.release()
            raise
        return self.metadata

    def release(self) -> None:
        """Record a clean stop and drop the lock (idempotent)."""
        if not self._lock.is_locked:
            return
        try:
            if self.metadata is not None:
                stopped = InstanceMetadata(
                    **{**self.metadata.__dict__, "pid": None, "stopped_at": time.time()}
                )
                self._write(stopped)
                self.metadata = stopped
        finally:
            self._lock.release(force=True)

    def _write(self, metadata: InstanceMetadata) -> None:
        body = json.dumps(metadata.to_json(), indent=2) + "\n"
        write_private_file(self._paths.metadata_file, body.encode("utf-8"))

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


@dataclass(frozen=True)
class InstanceInfo:
    """One known instance for ``pywats-client status`` / the GUI's instance picker."""

    instance_id: str
    name: str
    running: bool
    pid: int | None
    hostname: str | None
    started_at: float | None
    stopped_at: float | None
    config_file: Path

    def to_json(self) -> dict[str, Any]:
        return {
            "instance_id": self.instance_id,
            "name": self.name,
            "running": self.running,
            "pid": self.pid,
            "hostname": self.hostname,
            "started_at": _iso(self.started_at),
            "stopped_at": _iso(self.stopped_at),
            "config_file": str(self.config_file),
        }


def _config_name(config_file: Path) -> str:
    try:
        data = json.loads(config_file.read_text("utf-8"))
    except (OSError, ValueError):
        return ""
    name = data.get("instance_name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else ""


def list_instances(home: HomePaths | None = None) -> list[InstanceInfo]:
    """Every instance with a config or data directory under ``home``, running or stopped.

    Running means: the recorded pid is alive on this host and started no later than the
    recorded start (so a reused pid does not count). This never touches the lock itself, so
    it cannot make a starting service fail.
    """
    roots = home if home is not None else HomePaths.resolve()
    result = []
    for instance_id in roots.known_instance_ids():
        paths = roots.instance(instance_id)
        meta = read_metadata(paths)
        running = meta is not None and is_process_running(meta)
        result.append(
            InstanceInfo(
                instance_id=instance_id,
                name=(meta.name if meta and meta.name else _config_name(paths.config_file)),
                running=running,
                pid=meta.pid if meta is not None and running else None,
                hostname=meta.hostname if meta is not None else None,
                started_at=meta.started_at if meta is not None else None,
                stopped_at=meta.stopped_at if meta is not None else None,
                config_file=paths.config_file,
            )
        )
    return result
