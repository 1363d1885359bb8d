"""The station service as one Server object: start-up, main loop, two-phase shutdown.

Modelled on uvicorn's ``Server``: :meth:`StationService.run` takes the instance lock, loads the
config, opens the queue and the reference-data cache, serves IPC (and health when
``health.port`` is set, publishing its address in ``paths.health_file``), runs the uploader
and the background jobs under a :class:`~.background.TaskSupervisor`, and waits for a stop
request. SIGINT/SIGTERM stop it gracefully (intake closed, in-flight deliveries get
``shutdown_grace_s``, then cancelled); a second signal skips the grace period and the process
ends by that signal (:mod:`.signals`).

Background jobs (:mod:`.jobs`, intervals in :class:`~.background.ServiceTimings`): the watchdog
(restarts a crashed task, ERROR after too many crashes in a row, resets stuck uploads), config
hot reload, reference data sync, completed-row pruning; the uploader's monitor pings the server.
The conversion manager (watch folders → queue) runs beside the uploader under the same
supervisor in ``_main_loop``.
Client registration (``POST /api/internal/Client/Register``) is not done: wats-api.md marks it
unverified and the reference client never calls it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Mapping
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import anyio

from pywats import AsyncWATS, RateLimiter, RetryConfig
from pywats.core.station import StationRegistry, StationSource
from pywats_client import __version__
from pywats_client.config import ClientConfig, ConfigError, ConfigStore
from pywats_client.conversion import ConversionManager
from pywats_client.conversion.state import ConversionOptions
from pywats_client.health import HealthServer, HealthSnapshot
from pywats_client.instance import InstanceLock
from pywats_client.ipc import IpcEndpoint, IpcServer
from pywats_client.paths import HomePaths, InstancePaths, write_private_file
from pywats_client.queue import QueueError, QueueState, QueueStats, QueueStore
from pywats_client.refdata import REFERENCE_DATA_FILE, ReferenceData, ReferenceDataCache
from pywats_client.security import TokenVault
from pywats_client.service.background import ServiceTimings, TaskSupervisor
from pywats_client.service.commands import build_handlers
from pywats_client.service.jobs import ServiceJobs
from pywats_client.service.log_buffer import SERVICE_LOGGERS, LogBuffer
from pywats_client.service.signals import SignalCapture
from pywats_client.service.states import ServiceState, transition
from pywats_client.service.uploader import Uploader

__all__ = ["StationService", "build_client"]

logger = logging.getLogger(__name__)


def build_client(
    config: ClientConfig,
    token: str,
    *,
    station: StationSource | None = None,
    rate_limiter: RateLimiter | None = None,
) -> AsyncWATS:
    """The API client the service delivers with: no library retries (the queue retries, with
    its own backoff), the configured station on every report (or ``station``, e.g. a registry
    the service updates on reload), the config's timeout and TLS."""
    return AsyncWATS(
        config.server.url,
        token,
        timeout_s=config.server.timeout_s,
        verify=config.server.verify_tls,
        retry=RetryConfig.disabled(),
        station=station or config.station.identity(),
        rate_limiter=rate_limiter,
    )


class StationService:
    """One running instance of the station service.

    Args:
        instance_id: Validated instance id.
        home: One directory for every file (default: ``PYWATS_HOME`` or platform dirs).
        config_path: Config file instead of the instance's own.
        overrides: Dotted config keys from CLI flags (below env, above the file).
        shutdown_grace_s: How long in-flight deliveries may finish on stop.
        install_signal_handlers: Handle SIGINT/SIGTERM (off when embedded or in tests).
        timings: Intervals of the background work (tests shorten them).

    Example:
        >>> anyio.run(StationService("default").run)  # doctest: +SKIP
    """

    def __init__(
        self,
        instance_id: str,
        home: str | os.PathLike[str] | None = None,
        config_path: Path | None = None,
        overrides: Mapping[str, Any] | None = None,
        *,
        shutdown_grace_s: float = 60.0,
        install_signal_handlers: bool = True,
        timings: ServiceTimings | None = None,
    ) -> None:
        self.paths = InstancePaths(instance_id, home=HomePaths.resolve(home))
        self.store = ConfigStore(config_path or self.paths.config_file, instance_id=instance_id)
        self.timings = timings or ServiceTimings()
        self._overrides = dict(overrides or {})
        self._grace_s = shutdown_grace_s
        self._signals = SignalCapture(
            self.request_stop, self.force_stop, enabled=install_signal_handlers
        )
        self.reference_cache = ReferenceDataCache(self.paths.cache_dir / REFERENCE_DATA_FILE)
        self.state = ServiceState.STOPPED
        self.started_at = time.time()
        # The identity the API client writes into reports; replaced in place on reload.
        self.stations = StationRegistry()
        self.error: str | None = None  # why the service is in ERROR
        self.config: ClientConfig | None = None
        self.queue: QueueStore | None = None
        self.uploader: Uploader | None = None
        self.conversion: ConversionManager | None = None  # watch folders -> queue
        self.supervisor: TaskSupervisor | None = None
        self.reference = ReferenceData()
        self.health_url: str | None = None
        self.wats: AsyncWATS | None = None  # the open client while serving
        self._stop = anyio.Event()
        self._force = False
        self._grace_scope: anyio.CancelScope | None = None
        self.restart_requested = False
        self.log_buffer = LogBuffer()  # recent records for the GUI (IPC get_log), scrubbed

    # -- state -------------------------------------------------------------------------------

    @property
    def processes(self) -> Mapping[int, str]:
        """Process code → name from the reference data (the cache until the first sync)."""
        return self.reference.process_names

    @property
    def server_online(self) -> bool:
        return self.uploader is not None and self.uploader.monitor.online

    def _set_state(self, target: ServiceState) -> None:
        self.state = transition(self.state, target)
        logger.info("service state: %s", target.value)

    def request_stop(self, *, restart: bool = False) -> None:
        """Begin the graceful shutdown (safe from a handler on the event loop)."""
        self.restart_requested = self.restart_requested or restart
        self._stop.set()

    def force_stop(self) -> None:
        """Stop now: in-flight deliveries are cancelled (their reports stay queued)."""
        self._force = True
        self.request_stop()
        if self._grace_scope is not None:
            self._grace_scope.cancel()

    def pause(self) -> None:
        if self.uploader is not None and self.state is ServiceState.RUNNING:
            self.uploader.pause()
            self._set_state(ServiceState.PAUSED)

    def resume(self) -> None:
        if self.uploader is not None and self.state is ServiceState.PAUSED:
            self.uploader.resume()
            self._set_state(ServiceState.RUNNING)

    def fail(self, reason: str) -> None:
        """Enter ERROR (from RUNNING or PAUSED): IPC and health stay up to say why."""
        if self.state in (ServiceState.RUNNING, ServiceState.PAUSED):
            self.error = reason
            self._set_state(ServiceState.ERROR)
            logger.error("service in ERROR: %s", reason)

    def reload_config(self) -> ClientConfig:
        """Re-read the config file; concurrency, retry and interval settings apply at once."""
        config = self.store.load(self._overrides)
        self.config = config
        self.log_buffer.apply_level(config.logging.level.value)
        self._use_station(config)
        if self.uploader is not None:
            self.uploader.config = config
        if self.conversion is not None:
            self.conversion.reconfigure(config)
            self.conversion.station = config.station.identity()
            # Applies to watch folders (re)started from now on.
            self.conversion.options = ConversionOptions.from_config(config.watch)
        logger.info("configuration reloaded from %s", self.store.path)
        return config

    def queue_stats(self) -> QueueStats | None:
        """The queue's figures, or None when it is closed or unreadable."""
        try:
            return self.queue.stats() if self.queue is not None else None
        except QueueError as exc:
            logger.warning("queue statistics unavailable: %s", exc)
            return None

    def health_snapshot(self) -> HealthSnapshot:
        counters = self.uploader.counters if self.uploader else None
        conversions = self.conversion.counters if self.conversion else None
        stats = self.queue_stats()
        return HealthSnapshot(
            state=self.state.value,
            server_online=self.server_online,
            started_at=self.started_at,
            version=__version__,
            instance_id=self.paths.instance_id,
            queue_depth={state.value: stats.count(state) for state in QueueState} if stats else {},
            oldest_pending_age_s=stats.oldest_pending_age_s if stats else None,
            uploads_ok=counters.uploads_ok if counters else 0,
            uploads_failed=counters.uploads_failed if counters else 0,
            last_successful_upload_at=counters.last_success_at if counters else None,
            conversions_ok=conversions.ok if conversions else 0,
            conversions_failed=conversions.failed if conversions else 0,
        )

    # -- run ---------------------------------------------------------------------------------

    async def run(self) -> None:
        """Run until stopped (and again after each ``restart``).

        Raises:
            InstanceAlreadyRunning: another process runs this instance.
            ConfigError: the configuration is invalid or has no server URL / token.
        """
        self.paths.ensure_dirs()
        lock = InstanceLock(self.paths)
        lock.acquire()
        try:
            with self._signals, self.log_buffer.attached(SERVICE_LOGGERS):
                while True:
                    self._stop = anyio.Event()
                    self.restart_requested = False
                    await self._serve()
                    if not self.restart_requested or self._force:
                        break
                    logger.info("restarting")
        finally:
            lock.release()
        self._signals.reraise_if_forced()

    async def _serve(self) -> None:
        self._set_state(ServiceState.START_PENDING)
        self.error = None
        try:
            async with AsyncExitStack() as stack:
                config = self.reload_config()
                self.wats = await stack.enter_async_context(self._client(config))
                self.queue = stack.enter_context(QueueStore(self.paths.queue_db, create=True))
                self.reference = await anyio.to_thread.run_sync(
                    self.reference_cache.load, config.server.url
                )
                self.uploader = uploader = self._make_uploader(self.queue, self.wats, config)
                self.conversion = ConversionManager(
                    config,
                    self.queue,
                    self.paths,
                    processes=lambda: self.processes,
                    station=config.station.identity(),
                    options=ConversionOptions.from_config(config.watch),
                    on_enqueued=lambda _count: uploader.wake(),
                )
                await stack.enter_async_context(self._ipc_server(config))
                if config.health.port:
                    await self._serve_health(stack, config)
                await self._main_loop()
        except BaseException:
            if self.state is not ServiceState.STOPPED:
                self.state = ServiceState.ERROR
                self._set_state(ServiceState.STOPPED)
            raise
        finally:
            self.uploader = None
            self.conversion = None
            self.queue = None
            self.supervisor = None
            self.wats = None
        self._set_state(ServiceState.STOPPED)

    def _client(self, config: ClientConfig) -> AsyncWATS:
        token = config.server.token(TokenVault(self.paths.home.salt_file))
        self.log_buffer.add_secret(token)
        if not config.server.url or not token:
            raise ConfigError(
                f"instance {self.paths.instance_id!r} has no server.url or token: "
                "run `pywats-client login` or set PYWATS_SERVER_URL and PYWATS_API_TOKEN"
            )
        self._use_station(config)
        return build_client(config, token, station=self.stations)

    def _use_station(self, config: ClientConfig) -> None:
        """Make the configured identity the one reports get (the only one in the registry)."""
        identity = config.station.identity()
        self.stations.add(identity, activate=True)
        for name in self.stations.names:
            if name != identity.name:
                self.stations.remove(name)

    def _make_uploader(self, queue: QueueStore, wats: AsyncWATS, config: ClientConfig) -> Uploader:
        t = self.timings
        return Uploader(
            queue,
            wats,
            config,
            idle_poll_s=t.idle_poll_s,
            ping_interval_s=t.ping_s,
            probe_interval_s=t.probe_s,
            probe_cap_s=t.probe_cap_s,
        )

    def _ipc_server(self, config: ClientConfig) -> IpcServer:
        return IpcServer(
            IpcEndpoint.for_platform(self.paths.ipc_socket),
            build_handlers(self),
            endpoint_file=self.paths.endpoint_file,
            command_timeout_s=config.ipc.timeout_s,
        )

    async def _serve_health(self, stack: AsyncExitStack, config: ClientConfig) -> None:
        health = HealthServer(
            self.health_snapshot,
            host=config.health.host,
            port=config.health.port,
            allow_non_loopback=config.health.allow_remote,
        )
        await stack.enter_async_context(health)
        address = {"url": health.url, "host": health.host, "port": health.port}
        write_private_file(
            self.paths.health_file, json.dumps({**address, "pid": os.getpid()}).encode("utf-8")
        )
        self.health_url = health.url
        stack.callback(self._unpublish_health)  # runs before the server stops

    def _unpublish_health(self) -> None:
        self.health_url = None
        self.paths.health_file.unlink(missing_ok=True)

    async def _main_loop(self) -> None:
        uploader, conversion = self.uploader, self.conversion
        assert uploader is not None
        assert conversion is not None
        async with anyio.create_task_group() as tg:
            supervisor = TaskSupervisor(tg, max_restarts=self.timings.max_restarts)
            self.supervisor = supervisor
            supervisor.start("uploader", self._run_uploader)
            supervisor.start("conversion", conversion.run)
            ServiceJobs(self).start(supervisor, tg)
            self._set_state(ServiceState.RUNNING)
            await self._stop.wait()
            self._set_state(ServiceState.STOP_PENDING)
            # Phase one: no new files or claims; conversions and uploads in flight may finish.
            conversion.stop_intake()
            uploader.stop_intake()
            self._grace_scope = anyio.move_on_after(0 if self._force else self._grace_s)
            with self._grace_scope:
                await supervisor.wait_stopped("conversion")
                await supervisor.wait_stopped("uploader")
            tg.cancel_scope.cancel()  # phase two: whatever is left is cancelled

    # -- the uploader task ----------------------------------------------------------------

    async def _run_uploader(self) -> None:
        uploader, queue, config = self.uploader, self.queue, self.config
        assert uploader is not None
        assert queue is not None
        assert config is not None
        # Nothing is in flight when the uploader (re)starts, so rows a crash left in
        # 'processing' (of the process, or of this task) are due again.
        recovered = await anyio.to_thread.run_sync(
            queue.recover_processing, config.queue.max_attempts
        )
        if recovered:
            logger.info("%d interrupted deliveries are due again", recovered)
        await uploader.run()
