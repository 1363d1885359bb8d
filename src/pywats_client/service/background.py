"""Background work of the running service: its intervals, periodic jobs and their supervision.

:class:`ServiceTimings` holds every interval (DESIGN.md defaults; tests shorten them instead of
sleeping minutes). :func:`every` runs a job periodically and survives the job's failures.
:class:`TaskSupervisor` starts the long-running tasks and records how each one ends; the
watchdog calls :meth:`TaskSupervisor.check` to restart a task that crashed, until a task has
crashed ``max_restarts`` times in a row, which is fatal: the service goes to ERROR with the
reason visible over IPC instead of restarting a broken task forever.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio
from anyio.abc import TaskGroup

__all__ = ["ServiceTimings", "TaskHealth", "TaskSupervisor", "every"]

logger = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class ServiceTimings:
    """Intervals of the service's background work, in seconds.

    Attributes:
        watchdog_s: Task health check and reset of stuck uploads.
        config_poll_s: Config file change check (hot reload).
        prune_s: Deletion of completed rows older than ``queue.completed_retention_s``.
        ping_s: Server ping while online (skipped when another request was answered).
        probe_s: First pause between probes while the server is unreachable (doubles).
        probe_cap_s: Longest pause between probes.
        reference_sync_s: Reference data sync; ``None`` uses the config's ``sync_interval_s``.
        idle_poll_s: Longest uploader sleep with nothing due (finds reports other processes
            queued).
        max_restarts: Restarts in a row of a crashing task; one more crash is fatal (ERROR).
    """

    watchdog_s: float = 60.0
    config_poll_s: float = 5.0
    prune_s: float = 3600.0
    ping_s: float = 300.0
    probe_s: float = 1.0
    probe_cap_s: float = 60.0
    reference_sync_s: float | None = None
    idle_poll_s: float = 1.0
    max_restarts: int = 5


async def every(
    interval_s: Callable[[], float] | float, job: Job, *, first_delay_s: float | None = None
) -> None:
    """Run ``job`` every ``interval_s`` (a number, or read before each wait), forever.

    The first run is after ``first_delay_s`` (default: one interval). An exception from the job
    is logged and the schedule goes on: a failed sync or prune must not stop the next one.
    """
    delay_s = first_delay_s
    while True:
        await anyio.sleep(delay_s if delay_s is not None else _value(interval_s))
        delay_s = None
        try:
            await job()
        except Exception:
            logger.exception("background job %s failed", getattr(job, "__name__", job))


def _value(interval_s: Callable[[], float] | float) -> float:
    return interval_s() if callable(interval_s) else interval_s


@dataclass
class TaskHealth:
    """How one supervised task is doing (shown by ``get_status``)."""

    name: str
    running: bool = False
    started_at: float | None = None
    crashes: int = 0
    crashes_in_a_row: int = 0
    last_error: str | None = None
    last_crash_at: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "started_at": self.started_at,
            "crashes": self.crashes,
            "last_error": self.last_error,
            "last_crash_at": self.last_crash_at,
        }


class TaskSupervisor:
    """Starts named long-running tasks in a task group and restarts the ones that crash.

    A crash (an exception out of the task) is logged with its traceback and recorded; it does
    not cancel the task group. A task that returns normally is simply done (the uploader after
    ``stop_intake``).

    Args:
        task_group: Where the tasks run (cancel it to stop them all).
        max_restarts: Restarts in a row :meth:`check` grants a crashing task.
        clock: Epoch seconds.

    Example:
        >>> supervisor = TaskSupervisor(tg, max_restarts=5)  # doctest: +SKIP
        >>> supervisor.start("uploader", uploader.run)  # doctest: +SKIP
        >>> supervisor.check()  # from the watchdog: restarts crashed tasks  # doctest: +SKIP
    """

    def __init__(
        self,
        task_group: TaskGroup,
        *,
        max_restarts: int = 5,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._tg = task_group
        self._max_restarts = max_restarts
        self._clock = clock
        self._jobs: dict[str, Job] = {}
        self._health: dict[str, TaskHealth] = {}
        self._stopped: dict[str, anyio.Event] = {}
        self._crashed: set[str] = set()
        self._last_check_at: float | None = None
        self.fatal: str | None = None  # why a task was given up on

    def start(self, name: str, job: Job) -> None:
        """Start ``job`` as task ``name`` (a name may be started again once it has ended)."""
        health = self._health.setdefault(name, TaskHealth(name))
        if health.running:
            raise RuntimeError(f"task {name!r} is already running")
        self._jobs[name] = job
        self._crashed.discard(name)
        health.running = True
        health.started_at = self._clock()
        self._stopped[name] = anyio.Event()
        self._tg.start_soon(self._run, name, job, name=f"pywats:{name}")

    async def _run(self, name: str, job: Job) -> None:
        health = self._health[name]
        try:
            await job()
        except Exception as exc:
            logger.exception("background task %s crashed", name)
            health.crashes += 1
            health.crashes_in_a_row += 1
            health.last_error = f"{type(exc).__name__}: {exc}"
            health.last_crash_at = self._clock()
            self._crashed.add(name)
        finally:
            health.running = False
            self._stopped[name].set()

    async def wait_stopped(self, name: str) -> None:
        """Until task ``name`` has ended (returned, crashed or been cancelled)."""
        await self._stopped[name].wait()

    def check(self) -> list[str]:
        """The watchdog's round: restart crashed tasks; returns the names restarted.

        A task that has run since the previous round has proven itself: its count of crashes
        in a row starts again. A task is restarted at most ``max_restarts`` times in a row; after
        the next crash it stays down and :attr:`fatal` says why.
        """
        previous, self._last_check_at = self._last_check_at, self._clock()
        for health in self._health.values():
            if not health.running or previous is None or health.started_at is None:
                continue
            if health.started_at <= previous:
                health.crashes_in_a_row = 0
        restarted = []
        for name in sorted(self._crashed):
            health = self._health[name]
            if health.crashes_in_a_row > self._max_restarts:
                if self.fatal is None:
                    self.fatal = (
                        f"task {name} crashed {health.crashes_in_a_row} times in a row, "
                        f"last: {health.last_error}"
                    )
                    logger.error("giving up: %s", self.fatal)
                continue
            logger.warning("watchdog: restarting task %s after: %s", name, health.last_error)
            self.start(name, self._jobs[name])
            restarted.append(name)
        return restarted

    def health(self) -> dict[str, dict[str, Any]]:
        """Every task's :class:`TaskHealth` as JSON, by name."""
        return {name: health.to_json() for name, health in sorted(self._health.items())}
