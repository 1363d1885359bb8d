"""The running service's periodic jobs, started beside the uploader under the supervisor.

=================  ======================  ==================================================
task               interval                what it does
=================  ======================  ==================================================
watchdog           ``watchdog_s`` (60 s)   restart crashed tasks (ERROR after too many in a
                                           row), return uploads stuck > ``stuck_after_s``
config-reload      ``config_poll_s`` (5)   reload the config file when its content changed
reference-sync     ``sync_interval_s``     processes, levels, product groups into the cache
                   (5 min; first at once)  (skipped while the server is unreachable)
prune              ``prune_s`` (1 h)       delete delivered rows older than the retention
=================  ======================  ==================================================

Like the IPC handlers (:mod:`.commands`) the jobs read the service's current parts on each run,
so a restart or a hot reload is picked up without restarting them. The server ping is not here:
the uploader's :class:`~.connectivity.ServerMonitor` owns reachability.
"""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import TYPE_CHECKING

import anyio
from anyio.abc import TaskGroup

from pywats.core.errors import PyWATSError
from pywats_client.config import ConfigError
from pywats_client.refdata import ReferenceData, fetch_reference_data
from pywats_client.service.background import TaskSupervisor, every
from pywats_client.service.outcomes import classify_failure, error_text

if TYPE_CHECKING:
    from pywats_client.service.service import StationService

__all__ = ["ServiceJobs"]

logger = logging.getLogger(__name__)

_DEFAULT_SYNC_INTERVAL_S = 300.0


def _rows(data: ReferenceData) -> tuple[object, ...]:
    return (data.processes, data.levels, data.product_groups)


class ServiceJobs:
    """The periodic jobs of one :class:`~.service.StationService`.

    Example:
        >>> ServiceJobs(service).start(supervisor, task_group)  # doctest: +SKIP
    """

    def __init__(self, service: StationService) -> None:
        self._service = service

    def start(self, supervisor: TaskSupervisor, task_group: TaskGroup) -> None:
        """Start every job; the watchdog runs outside the supervisor it checks."""
        t = self._service.timings
        supervisor.start("config-reload", partial(every, t.config_poll_s, self.poll_config))
        supervisor.start(
            "reference-sync",
            partial(every, self._sync_interval_s, self.sync_reference_data, first_delay_s=0),
        )
        supervisor.start("prune", partial(every, t.prune_s, self.prune))
        task_group.start_soon(every, t.watchdog_s, self.watchdog)

    async def watchdog(self) -> None:
        service = self._service
        if service.supervisor is not None:
            service.supervisor.check()
            if service.supervisor.fatal is not None:
                service.fail(service.supervisor.fatal)
        queue, config = service.queue, service.config
        if queue is not None and config is not None:
            reset = await anyio.to_thread.run_sync(queue.reset_stuck, config.queue.stuck_after_s)
            if reset:
                logger.warning("watchdog: %d stuck uploads returned to pending", reset)

    async def poll_config(self) -> None:
        if await anyio.to_thread.run_sync(self._service.store.has_changed):
            try:
                self._service.reload_config()
            except ConfigError as exc:
                logger.error("config change ignored: %s", exc)

    def _sync_interval_s(self) -> float:
        service = self._service
        if service.timings.reference_sync_s is not None:
            return service.timings.reference_sync_s
        return service.config.sync_interval_s if service.config else _DEFAULT_SYNC_INTERVAL_S

    async def sync_reference_data(self) -> None:
        service = self._service
        wats, config, uploader = service.wats, service.config, service.uploader
        if wats is None or config is None or uploader is None or not uploader.monitor.online:
            return  # offline: no extra requests; the cached data serves meanwhile
        try:
            data = await fetch_reference_data(
                wats, server_url=config.server.url, synced_at=time.time()
            )
        except PyWATSError as exc:
            logger.warning("reference data sync failed (cached data kept): %s", exc)
            if classify_failure(exc).server_offline:
                uploader.monitor.unreachable(f"reference data sync: {error_text(exc)}")
            return
        uploader.monitor.answered()
        await anyio.to_thread.run_sync(service.reference_cache.save, data)
        changed = _rows(data) != _rows(service.reference)
        service.reference = data
        log = logger.info if changed else logger.debug
        log("reference data synced: %s", data.summary())

    async def prune(self) -> None:
        queue, config = self._service.queue, self._service.config
        if queue is not None and config is not None:
            pruned = await anyio.to_thread.run_sync(
                queue.prune_completed, config.queue.completed_retention_s
            )
            if pruned:
                logger.info("pruned %d delivered reports from the queue", pruned)
