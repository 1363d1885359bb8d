"""Lifecycle states of the station service and the transitions allowed between them.

Kept apart from the service so the rules are a plain table with a pure check, unit-tested
without an event loop::

    STOPPED ──► START_PENDING ──► RUNNING ◄──► PAUSED
                    │               │            │
                    ▼               ▼            ▼
                  ERROR ──────► STOP_PENDING ──► STOPPED

Any running state may also fall into ERROR; ERROR can only be left by stopping (or a restart,
which is a stop followed by a start).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from pywats_client.errors import ClientError

__all__ = [
    "ALLOWED_TRANSITIONS",
    "InvalidTransition",
    "ServiceState",
    "can_transition",
    "transition",
]


class ServiceState(str, Enum):
    """What the service is doing; the value is what IPC and ``/metrics`` show."""

    STOPPED = "STOPPED"
    START_PENDING = "START_PENDING"
    RUNNING = "RUNNING"
    STOP_PENDING = "STOP_PENDING"
    PAUSED = "PAUSED"  # IPC and timers run, uploads do not
    ERROR = "ERROR"


_S = ServiceState

ALLOWED_TRANSITIONS: Mapping[ServiceState, frozenset[ServiceState]] = {
    _S.STOPPED: frozenset({_S.START_PENDING}),
    _S.START_PENDING: frozenset({_S.RUNNING, _S.STOP_PENDING, _S.ERROR}),
    _S.RUNNING: frozenset({_S.PAUSED, _S.STOP_PENDING, _S.ERROR}),
    _S.PAUSED: frozenset({_S.RUNNING, _S.STOP_PENDING, _S.ERROR}),
    _S.STOP_PENDING: frozenset({_S.STOPPED, _S.ERROR}),
    _S.ERROR: frozenset({_S.STOP_PENDING, _S.STOPPED}),
}


class InvalidTransition(ClientError):
    """A state change the lifecycle does not allow (a bug, or a command at the wrong time)."""

    def __init__(self, current: ServiceState, target: ServiceState) -> None:
        allowed = ", ".join(sorted(s.value for s in ALLOWED_TRANSITIONS[current])) or "none"
        super().__init__(
            f"service cannot go from {current.value} to {target.value} (allowed: {allowed})"
        )
        self.current = current
        self.target = target


def can_transition(current: ServiceState, target: ServiceState) -> bool:
    """Whether ``current → target`` is in :data:`ALLOWED_TRANSITIONS`."""
    return target in ALLOWED_TRANSITIONS[current]


def transition(current: ServiceState, target: ServiceState) -> ServiceState:
    """Check ``current → target`` and return ``target``.

    Raises:
        InvalidTransition: the change is not allowed.

    Example:
        >>> transition(ServiceState.STOPPED, ServiceState.START_PENDING).value
        'START_PENDING'
    """
    if not can_transition(current, target):
        raise InvalidTransition(current, target)
    return target
