"""The running station service: lifecycle states, uploader, IPC commands.

:class:`StationService` is the Server object the ``pywats-client service`` command runs;
:class:`Uploader` drains the queue into the WATS server while its :class:`ServerMonitor` watches
reachability; :class:`TaskSupervisor` restarts crashed background tasks; :func:`enqueue_report`
is how converters, demos and tests hand a report to the queue.
"""

from __future__ import annotations

from pywats_client.service.background import ServiceTimings, TaskSupervisor
from pywats_client.service.commands import build_handlers, enqueue_report
from pywats_client.service.connectivity import ServerMonitor
from pywats_client.service.outcomes import FailureKind, classify_failure
from pywats_client.service.service import StationService, build_client
from pywats_client.service.states import (
    ALLOWED_TRANSITIONS,
    InvalidTransition,
    ServiceState,
    can_transition,
    transition,
)
from pywats_client.service.uploader import Uploader, UploaderCounters

__all__ = [
    "ALLOWED_TRANSITIONS",
    "FailureKind",
    "InvalidTransition",
    "ServerMonitor",
    "ServiceState",
    "ServiceTimings",
    "StationService",
    "TaskSupervisor",
    "Uploader",
    "UploaderCounters",
    "build_client",
    "build_handlers",
    "can_transition",
    "classify_failure",
    "enqueue_report",
    "transition",
]
