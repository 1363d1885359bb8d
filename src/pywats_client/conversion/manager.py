"""The conversion pipeline of a station service: every enabled converter, from file to queue.

:class:`ConversionManager` is what :class:`~pywats_client.service.StationService` runs beside
its uploader::

    manager = ConversionManager(config, queue, paths, processes=cache.names,
                                station=config.station.identity(),
                                on_enqueued=lambda n: uploader.wake())
    tasks.start_soon(manager.run)          # until cancelled, or stop_intake()
    ...
    manager.reconfigure(new_config)        # hot reload: converters added/changed/removed
    manager.station = new_config.station.identity()
    manager.stop_intake()                  # phase one of shutdown: in-flight ones finish
    manager.counters.to_json(), [s.to_json() for s in manager.states()]   # status / IPC

Structure: one :class:`~.runner.ConverterRunner` per enabled converter (watcher, stability,
dispatch) inside an *intake* cancel scope; conversions run in a separate *work* task group,
bounded by one limiter (``max_concurrent_conversions``), each in a worker process of a shared
:class:`~.pool.WorkerPool`. ``stop_intake()`` cancels the intake only: :meth:`run` returns when
the conversions already started have finished. Cancelling :meth:`run` kills the busy workers;
the end of a conversion (enqueue, ledger, post action) is shielded, so it is never cut halfway.

All methods must be called from the event loop's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import anyio

from pywats.core.station import Station
from pywats.domains.analytics.models import ProcessInfo
from pywats_client.config import ClientConfig, ConverterConfig
from pywats_client.conversion.jobs import Shared
from pywats_client.conversion.ledger import Ledger
from pywats_client.conversion.pool import WorkerPool
from pywats_client.conversion.runner import ConverterRunner
from pywats_client.conversion.state import ConversionCounters, ConversionOptions, ConverterState
from pywats_client.paths import InstancePaths
from pywats_client.queue import QueueStore

__all__ = ["ConversionManager"]

logger = logging.getLogger("pywats_client.conversion")

_LEDGER_PRUNE_INTERVAL_S = 3600.0


class ConversionManager:
    """Runs the configured converters and feeds the upload queue.

    Args:
        config: The service configuration (``converters``, ``max_concurrent_conversions``).
        queue: The instance's upload queue; reports are enqueued idempotently.
        paths: The instance's paths (the ledger lives in ``paths.data_dir``).
        processes: Returns the cached processes (code → name, or code → ``ProcessInfo``);
            called per conversion, so a refreshed cache applies at once.
        station: Fills ``machineName``/``location``/``purpose`` before the checks; ``None``
            leaves them to the uploader (and skips their checks).
        options: Pipeline tuning (stability time, rescan, polling, attachment limit...).
        on_enqueued: Called with the number of new reports after each enqueue (wake the
            uploader).
        ledger: A ledger to use instead of the instance's (closed by its owner).

    Example:
        >>> async with anyio.create_task_group() as tasks:  # doctest: +SKIP
        ...     manager = ConversionManager(config, queue, paths, dict, station)
        ...     tasks.start_soon(manager.run)
    """

    def __init__(
        self,
        config: ClientConfig,
        queue: QueueStore,
        paths: InstancePaths,
        processes: Callable[[], Mapping[int, str | ProcessInfo]],
        station: Station | None,
        *,
        options: ConversionOptions | None = None,
        on_enqueued: Callable[[int], None] | None = None,
        ledger: Ledger | None = None,
    ) -> None:
        self._config = config
        self._queue = queue
        self._paths = paths
        self._processes = processes
        self.station = station
        """The station identity; assign a new one (e.g. after a config reload) at any time."""
        self.options = options or ConversionOptions()
        self._on_enqueued = on_enqueued
        self._ledger = ledger
        self.counters = ConversionCounters()
        self.server_clock_skew_s = 0.0
        """Server clock minus local clock, in seconds (set by whoever measures it)."""
        self._limiter = anyio.CapacityLimiter(config.max_concurrent_conversions)
        self._runners: dict[str, ConverterRunner] = {}
        self._changed = anyio.Event()
        self._intake: anyio.CancelScope | None = None
        self._stopping = False
        self._pool: WorkerPool | None = None

    # -- control -----------------------------------------------------------------------------

    def stop_intake(self) -> None:
        """Stop watching and taking new sources; :meth:`run` returns once the conversions
        already started are finished."""
        self._stopping = True
        for runner in self._runners.values():
            runner.cancel()
        if self._intake is not None:
            self._intake.cancel()

    def reconfigure(self, config: ClientConfig) -> None:
        """Apply a new configuration: converters added, removed or changed are started,
        stopped or restarted (a changed one finishes its running conversions first);
        concurrency applies at once; workers are replaced so edited converter code loads."""
        converters_changed = config.converters != self._config.converters
        self._config = config
        self._limiter.total_tokens = config.max_concurrent_conversions
        if converters_changed and self._pool is not None:
            self._pool.recycle()
        self._changed.set()

    @property
    def config(self) -> ClientConfig:
        return self._config

    def states(self) -> list[ConverterState]:
        """One state per configured converter, in config order (disabled ones included)."""
        result = []
        for converter in self._config.converters:
            runner = self._runners.get(converter.name)
            if runner is not None and runner.config == converter:
                result.append(runner.current_state())
            else:
                result.append(ConverterState.for_config(converter))
        return result

    # -- running -----------------------------------------------------------------------------

    async def run(self) -> None:
        """Run the converters until :meth:`stop_intake` (then drain) or cancellation."""
        own_ledger = self._ledger is None
        if self._ledger is not None:
            ledger = self._ledger
        else:
            ledger = await anyio.to_thread.run_sync(Ledger.for_instance, self._paths)
        try:
            async with (
                WorkerPool(idle_timeout_s=self.options.worker_idle_timeout_s) as pool,
                anyio.create_task_group() as work,
            ):
                self._pool = pool
                shared = Shared(
                    queue=self._queue,
                    ledger=ledger,
                    pool=pool,
                    limiter=self._limiter,
                    work=work,
                    options=self.options,
                    counters=self.counters,
                    processes=self._processes,
                    station=lambda: self.station,
                    clock_skew_s=lambda: self.server_clock_skew_s,
                    on_enqueued=self._on_enqueued,
                )
                with anyio.CancelScope() as intake:
                    self._intake = intake
                    if self._stopping:
                        intake.cancel()
                    async with anyio.create_task_group() as runners:
                        runners.start_soon(self._housekeeping, pool, ledger)
                        try:
                            while True:
                                self._reconcile(runners, shared)
                                await self._changed.wait()
                                self._changed = anyio.Event()
                        finally:  # stop the watchers now, before the group waits for them
                            for runner in self._runners.values():
                                runner.cancel()
                logger.info("conversion intake stopped; finishing conversions in progress")
        finally:
            self._intake = None
            self._pool = None
            for runner in self._runners.values():
                runner.cancel()
            self._runners.clear()
            if own_ledger:
                ledger.close()

    def _reconcile(self, runners: anyio.abc.TaskGroup, shared: Shared) -> None:
        wanted: dict[str, ConverterConfig] = {
            converter.name: converter for converter in self._config.converters if converter.enabled
        }
        for name, runner in list(self._runners.items()):
            if wanted.get(name) != runner.config:
                logger.info("converter %s: stopping (configuration changed)", name)
                runner.cancel()
                del self._runners[name]
        for name, converter in wanted.items():
            if name not in self._runners:
                runner = ConverterRunner(converter, shared)
                self._runners[name] = runner
                logger.info("converter %s: starting (%s)", name, converter.class_path)
                runners.start_soon(runner.run, name=f"converter {name}")

    async def _housekeeping(self, pool: WorkerPool, ledger: Ledger) -> None:
        since_prune_s = _LEDGER_PRUNE_INTERVAL_S  # prune once soon after start
        while True:
            await anyio.sleep(self.options.housekeeping_interval_s)
            try:
                await pool.reap_idle()
                since_prune_s += self.options.housekeeping_interval_s
                if since_prune_s >= _LEDGER_PRUNE_INTERVAL_S:
                    since_prune_s = 0.0
                    removed = await anyio.to_thread.run_sync(
                        ledger.prune, self.options.ledger_retention_s
                    )
                    if removed:
                        logger.info("conversion ledger: %d old rows pruned", removed)
            except Exception:  # housekeeping must never stop the pipeline
                logger.exception("conversion housekeeping failed")
