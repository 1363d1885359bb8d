"""What a failed delivery means for the report and for the server's reachability.

Pure decisions (no I/O), so the uploader's rules are unit-tested without a network:

================  ========================================  ===============================
failure kind      raised by                                 what the uploader does
================  ========================================  ===============================
REJECTED          4xx answer (400 invalid report, 404...)   ``mark_failed`` at once
UNREACHABLE       5xx, circuit open (nothing stored)        retry later, pause claiming
AMBIGUOUS         timeout / connection lost (maybe stored)  retry later after an existence
                                                            check, pause claiming
TRANSIENT         401/403/429, empty answer                 retry later, keep claiming
================  ========================================  ===============================
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pywats.core.errors import (
    ApiError,
    AuthenticationError,
    AuthorizationError,
    CircuitOpenError,
    RateLimitError,
    ServerError,
    TransportError,
)

__all__ = [
    "FailureKind",
    "ReportSummary",
    "classify_failure",
    "decode_payload",
    "error_text",
    "failure_message",
    "failure_prefix",
    "offline_failure_prefixes",
]


class FailureKind(str, Enum):
    """Why a delivery failed, as far as the uploader's rules care."""

    REJECTED = "rejected"
    UNREACHABLE = "unreachable"
    AMBIGUOUS = "ambiguous"
    TRANSIENT = "transient"

    @property
    def server_offline(self) -> bool:
        """Whether this failure means the server cannot be reached right now."""
        return self in (FailureKind.UNREACHABLE, FailureKind.AMBIGUOUS)


def classify_failure(exc: BaseException) -> FailureKind:
    """Map an exception from ``submit_report`` to a :class:`FailureKind`.

    Example:
        >>> classify_failure(TimeoutError()).value
        'ambiguous'
    """
    if isinstance(exc, (ServerError, CircuitOpenError)):
        return FailureKind.UNREACHABLE
    if isinstance(exc, (RateLimitError, AuthenticationError, AuthorizationError)):
        return FailureKind.TRANSIENT  # the server is there; the report may be fine later
    if isinstance(exc, ApiError):
        return FailureKind.REJECTED
    if isinstance(exc, (TransportError, TimeoutError, ConnectionError)):
        return FailureKind.AMBIGUOUS  # the request may have reached the server
    return FailureKind.TRANSIENT


def error_text(exc: BaseException) -> str:
    """The message stored in the queue: the server's own words when it sent some."""
    if isinstance(exc, ApiError) and exc.server_message:
        return f"{exc.status_code}: {exc.server_message}"
    return str(exc) or type(exc).__name__


def failure_message(kind: FailureKind, exc: BaseException) -> str:
    """The queue's ``last_error`` for a failed delivery: ``"<kind>: <message>"``.

    The kind prefix is what :func:`offline_failure_prefixes` matches after an outage.

    Example:
        >>> failure_message(FailureKind.AMBIGUOUS, TimeoutError("read timed out"))
        'ambiguous: read timed out'
    """
    return f"{failure_prefix(kind)}{error_text(exc)}"


def failure_prefix(kind: FailureKind) -> str:
    return f"{kind.value}: "


def offline_failure_prefixes() -> list[str]:
    """``last_error`` prefixes of the failures that mean "the server could not be reached"."""
    return [failure_prefix(kind) for kind in FailureKind if kind.server_offline]


def decode_payload(payload: bytes | None) -> dict[str, Any]:
    """A stored payload as WSJF data; decoded once per delivery (a 40 KiB report costs ~1 ms).

    Raises:
        ValueError: not UTF-8 JSON, or not a JSON object (retrying cannot help).
    """
    data = json.loads(payload or b"")
    if not isinstance(data, dict):
        raise ValueError("the payload is not a JSON object")
    return data


@dataclass(frozen=True)
class ReportSummary:
    """The fields a log line shows for one report (never the whole payload)."""

    serial: str
    result: str

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> ReportSummary:
        if data is None:
            return cls("?", "?")
        return cls(str(data.get("sn", "?")), str(data.get("result", "?")))
