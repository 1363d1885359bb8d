"""The running station service: lifecycle states, uploader, IPC commands.

:class:`StationService` is the Server object the ``pywats-client service`` command runs;
:class:`Uploader` drains the queue into the WATS server; :func:`enqueue_report` is how
converters, demos and tests hand a report to the queue.
"""

from __future__ import annotations

from pywats_client.service.commands import build_handlers, enqueue_report
from pywats_client.service.outcomes import FailureKind, classify_failure
from pywats_client.service.service import StationService
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
    "ServiceState",
    "StationService",
    "Uploader",
    "UploaderCounters",
    "build_handlers",
    "can_transition",
    "classify_failure",
    "enqueue_report",
    "transition",
]
