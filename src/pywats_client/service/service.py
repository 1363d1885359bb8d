"""The station service as one Server object: start-up, main loop, two-phase shutdown.

Modelled on uvicorn's ``Server``: :meth:`StationService.run` takes the instance lock, loads the
config, opens the queue (recovering interrupted deliveries), serves IPC (and health when
``health.port`` is set), runs the uploader and the timers, and waits for a stop request.
SIGINT/SIGTERM stop it gracefully (intake closed, in-flight deliveries get
``shutdown_grace_s``, then cancelled); a second signal skips the grace period. The previous
signal handlers are restored afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from collections.abc import Iterator, Mapping
from contextlib import AsyncExitStack
from pathlib import Path
from types import FrameType
from typing import Any

import anyio

from pywats import AsyncWATS, RetryConfig
from pywats_client import __version__
from pywats_client.config import ClientConfig, ConfigError, ConfigStore
from pywats_client.health import HealthServer, HealthSnapshot
from pywats_client.instance import InstanceLock
from pywats_client.ipc import IpcEndpoint, IpcServer
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueState, QueueStore
from pywats_client.security import TokenVault
from pywats_client.service.commands import build_handlers
from pywats_client.service.states import ServiceState, transition
from pywats_client.service.uploader import Uploader

__all__ = ["StationService"]

logger = logging.getLogger(__name__)

WATCHDOG_INTERVAL_S = 60.0
CONFIG_POLL_INTERVAL_S = 5.0
PRUNE_INTERVAL_S = 3600.0
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StationService:
    """One running instance of the station service.

    Args:
        instance_id: Validated instance id.
        home: One directory for every file (default: ``PYWATS_HOME`` or platform dirs).
        config_path: Config file instead of the instance's own.
        overrides: Dotted config keys from CLI flags (below env, above the file).
        shutdown_grace_s: How long in-flight deliveries may finish on stop.
        install_signal_handlers: Handle SIGINT/SIGTERM (off when embedded or in tests).

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
    ) -> None:
        self.paths = InstancePaths(instance_id, home=HomePaths.resolve(home))
        self.store = ConfigStore(config_path or self.paths.config_file, instance_id=instance_id)
        self._overrides = dict(overrides or {})
        self._grace_s = shutdown_grace_s
        self._signals = install_signal_handlers
        self.state = ServiceState.STOPPED
        self.started_at = time.time()
        self.config: ClientConfig | None = None
        self.queue: QueueStore | None = None
        self.uploader: Uploader | None = None
        self._stop = anyio.Event()
        self._force = False
        self._grace_scope: anyio.CancelScope | None = None
        self._signal_count = 0
        self.restart_requested = False

    # -- state -------------------------------------------------------------------------------

    def _set_state(self, target: ServiceState) -> None:
        self.state = transition(self.state, target)
        logger.info("service state: %s", target.value)

    def request_stop(self, *, restart: bool = False) -> None:
        """Begin the graceful shutdown (safe from a handler on the event loop)."""
        self.restart_requested = self.restart_requested or restart
        self._stop.set()

    def pause(self) -> None:
        if self.uploader is not None and self.state is ServiceState.RUNNING:
            self.uploader.pause()
            self._set_state(ServiceState.PAUSED)

    def resume(self) -> None:
        if self.uploader is not None and self.state is ServiceState.PAUSED:
            self.uploader.resume()
            self._set_state(ServiceState.RUNNING)

    def reload_config(self) -> ClientConfig:
        """Re-read the config file; concurrency and retry rules apply at once."""
        config = self.store.load(self._overrides)
        self.config = config
        if self.uploader is not None:
            self.uploader.config = config
        logger.info("configuration reloaded from %s", self.store.path)
        return config

    def health_snapshot(self) -> HealthSnapshot:
        counters = self.uploader.counters if self.uploader else None
        stats = self.queue.stats() if self.queue else None
        return HealthSnapshot(
            state=self.state.value,
            server_online=bool(counters and counters.server_online),
            started_at=self.started_at,
            version=__version__,
            instance_id=self.paths.instance_id,
            queue_depth={state.value: stats.count(state) for state in QueueState} if stats else {},
            oldest_pending_age_s=stats.oldest_pending_age_s if stats else None,
            uploads_ok=counters.uploads_ok if counters else 0,
            uploads_failed=counters.uploads_failed if counters else 0,
            last_successful_upload_at=counters.last_success_at if counters else None,
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
            with self._signal_handlers():
                while True:
                    self._stop = anyio.Event()
                    self.restart_requested = False
                    await self._serve()
                    if not self.restart_requested or self._force:
                        break
                    logger.info("restarting")
        finally:
            lock.release()

    async def _serve(self) -> None:
        self._set_state(ServiceState.START_PENDING)
        try:
            async with AsyncExitStack() as stack:
                config = self.reload_config()
                client = await stack.enter_async_context(self._client(config))
                queue = QueueStore(self.paths.queue_db, create=True)
                stack.callback(queue.close)
                self.queue = queue
                recovered = queue.recover_processing(config.queue.max_attempts)
                if recovered:
                    logger.info("%d interrupted deliveries are due again", recovered)
                self.uploader = Uploader(queue, client, config)
                ipc = IpcServer(
                    IpcEndpoint.for_platform(self.paths.ipc_socket),
                    build_handlers(self),
                    endpoint_file=self.paths.endpoint_file,
                    command_timeout_s=config.ipc.timeout_s,
                )
                await stack.enter_async_context(ipc)
                if config.health.port:
                    health = HealthServer(
                        self.health_snapshot,
                        host=config.health.host,
                        port=config.health.port,
                        allow_non_loopback=config.health.allow_remote,
                    )
                    await stack.enter_async_context(health)
                await self._main_loop()
        except BaseException:
            if self.state is not ServiceState.STOPPED:
                self.state = ServiceState.ERROR
                self._set_state(ServiceState.STOPPED)
            raise
        finally:
            self.uploader = None
            self.queue = None
        self._set_state(ServiceState.STOPPED)

    def _client(self, config: ClientConfig) -> AsyncWATS:
        token = config.server.token(TokenVault(self.paths.home.salt_file))
        if not config.server.url or not token:
            raise ConfigError(
                f"instance {self.paths.instance_id!r} has no server.url or token: "
                "run `pywats-client login` or set PYWATS_SERVER_URL and PYWATS_API_TOKEN"
            )
        return AsyncWATS(
            config.server.url,
            token,
            timeout_s=config.server.timeout_s,
            verify=config.server.verify_tls,
            retry=RetryConfig.disabled(),  # the queue retries, with its own backoff
            station=config.station.identity(),
        )

    async def _main_loop(self) -> None:
        uploader = self.uploader
        assert uploader is not None
        async with anyio.create_task_group() as timers:
            timers.start_soon(self._every, WATCHDOG_INTERVAL_S, self._watchdog)
            timers.start_soon(self._every, CONFIG_POLL_INTERVAL_S, self._poll_config)
            timers.start_soon(self._every, PRUNE_INTERVAL_S, self._prune)
            async with anyio.create_task_group() as work:
                done = anyio.Event()
                work.start_soon(self._run_uploader, uploader, done)
                self._set_state(ServiceState.RUNNING)
                await self._stop.wait()
                self._set_state(ServiceState.STOP_PENDING)
                uploader.stop_intake()  # phase one: no new claims; in-flight may finish
                self._grace_scope = anyio.move_on_after(0 if self._force else self._grace_s)
                with self._grace_scope:
                    await done.wait()
                work.cancel_scope.cancel()  # phase two: whatever is left is cancelled
            timers.cancel_scope.cancel()

    @staticmethod
    async def _run_uploader(uploader: Uploader, done: anyio.Event) -> None:
        try:
            await uploader.run()
        finally:
            done.set()

    async def _every(self, interval_s: float, job: Any) -> None:
        while True:
            await anyio.sleep(interval_s)
            try:
                await job()
            except Exception:  # a timer must never take the service down
                logger.exception("background job %s failed", getattr(job, "__name__", job))

    async def _watchdog(self) -> None:
        if self.queue is not None and self.config is not None:
            reset = await anyio.to_thread.run_sync(
                self.queue.reset_stuck, self.config.queue.stuck_after_s
            )
            if reset:
                logger.warning("watchdog: %d stuck uploads returned to pending", reset)

    async def _poll_config(self) -> None:
        if await anyio.to_thread.run_sync(self.store.has_changed):
            try:
                self.reload_config()
            except ConfigError as exc:
                logger.error("config change ignored: %s", exc)

    async def _prune(self) -> None:
        if self.queue is not None and self.config is not None:
            await anyio.to_thread.run_sync(
                self.queue.prune_completed, self.config.queue.completed_retention_s
            )

    # -- signals -----------------------------------------------------------------------------

    def _on_signal(self, signum: int, frame: FrameType | None = None) -> None:
        self._signal_count += 1
        if self._signal_count == 1:
            logger.info("signal %d: stopping (again to force)", signum)
            self.request_stop()
        else:
            logger.warning("signal %d again: forcing exit", signum)
            self._force = True
            self.request_stop()
            if self._grace_scope is not None:
                self._grace_scope.cancel()

    @contextlib.contextmanager
    def _signal_handlers(self) -> Iterator[None]:
        if not self._signals:
            yield
            return
        previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}
        for sig in _SIGNALS:
            signal.signal(sig, self._on_signal)
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
