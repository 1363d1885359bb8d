"""Retry policy as small pure functions, so every decision is unit-tested without a network.

The loop that uses them lives in :mod:`pywats.core.http`; here we only decide *whether* to
retry, *how long* to wait, and keep the counts.

Rules (wats-api.md §6):
- retry connection errors, timeouts and the statuses in ``RetryConfig.retry_statuses``;
- only for idempotent methods (GET, PUT, DELETE, HEAD, OPTIONS). A POST is retried only when
  the caller says the call is idempotent (a report submit with a fixed report id is);
- wait ``uniform(0, min(max_delay_s, base_delay_s * 2**attempt))`` ("full jitter"), or the
  server's ``Retry-After`` (seconds or HTTP-date), capped at ``max_delay_s``.
"""

from __future__ import annotations

import enum
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from pywats.core.errors import PyWATSTimeoutError, TransportError

__all__ = [
    "IDEMPOTENT_METHODS",
    "RetryConfig",
    "RetryReason",
    "RetryStats",
    "RetryStatsSnapshot",
    "backoff_delay_s",
    "is_idempotent",
    "parse_retry_after",
    "retry_delay_s",
    "retry_reason",
    "should_retry",
]

IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})
DEFAULT_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryConfig:
    """Retry settings for one client.

    Args:
        max_attempts: Total attempts per call, the first included (1 disables retries).
        base_delay_s: Backoff base; the n-th retry waits up to ``base_delay_s * 2**(n-1)``.
        max_delay_s: Cap for any single wait, ``Retry-After`` included.
        retry_statuses: HTTP statuses worth another attempt.
        idempotent_methods: Methods that are safe to send twice.
        respect_retry_after: Wait what the server asks in ``Retry-After`` (capped).
    """

    max_attempts: int = 3
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0
    retry_statuses: frozenset[int] = DEFAULT_RETRY_STATUSES
    idempotent_methods: frozenset[str] = IDEMPOTENT_METHODS
    respect_retry_after: bool = True

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay_s < 0 or self.max_delay_s < 0:
            raise ValueError("retry delays must not be negative")

    @classmethod
    def disabled(cls) -> RetryConfig:
        """One attempt per call, never retried."""
        return cls(max_attempts=1)


class RetryReason(enum.Enum):
    """Why an attempt is worth repeating."""

    RATE_LIMITED = "rate_limited"  # 429
    SERVER_ERROR = "server_error"  # a retryable 5xx
    CONNECTION = "connection"  # no connection / connection dropped
    TIMEOUT = "timeout"  # no answer in time


Outcome = int | BaseException
"""What an attempt produced: an HTTP status, or the (already translated) exception."""


def is_idempotent(method: str, config: RetryConfig, override: bool | None = None) -> bool:
    """Whether sending ``method`` twice is safe; ``override`` is the caller's word for it."""
    if override is not None:
        return override
    return method.upper() in config.idempotent_methods


def retry_reason(outcome: Outcome, config: RetryConfig) -> RetryReason | None:
    """Classify an outcome; ``None`` means it is final (success or a non-retryable error)."""
    if isinstance(outcome, BaseException):
        if isinstance(outcome, PyWATSTimeoutError):
            return RetryReason.TIMEOUT
        if isinstance(outcome, TransportError):
            return RetryReason.CONNECTION
        return None
    if outcome not in config.retry_statuses:
        return None
    return RetryReason.RATE_LIMITED if outcome == 429 else RetryReason.SERVER_ERROR


def should_retry(
    method: str,
    outcome: Outcome,
    attempt: int,
    config: RetryConfig,
    idempotent_override: bool | None = None,
) -> bool:
    """Decide whether to send the request again.

    Args:
        method: HTTP method of the request.
        outcome: Status code or translated exception of the attempt that just finished.
        attempt: 0-based index of that attempt (0 = the first try).
        config: Retry settings.
        idempotent_override: ``True``/``False`` to override the method rule for this call.
    """
    if attempt + 1 >= config.max_attempts:
        return False
    if not is_idempotent(method, config, idempotent_override):
        return False
    return retry_reason(outcome, config) is not None


def backoff_delay_s(attempt: int, config: RetryConfig, rng: random.Random | None = None) -> float:
    """Full-jitter backoff after the attempt with 0-based index ``attempt``.

    ``uniform(0, min(max_delay_s, base_delay_s * 2**attempt))``: spreading retries over the
    whole window keeps many clients from hammering a recovering server in lockstep.
    """
    ceiling = min(config.max_delay_s, config.base_delay_s * (2.0 ** min(attempt, 62)))
    return (rng or random).uniform(0.0, ceiling)  # jitter, not cryptography


def parse_retry_after(header_value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, or ``None`` when absent or unreadable.

    Accepts both forms of RFC 9110: delay-seconds (``"120"``) and an HTTP-date
    (``"Wed, 21 Oct 2015 07:28:00 GMT"``). A date in the past gives ``0.0``. Not capped here.
    """
    if header_value is None:
        return None
    text = header_value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 and seconds == seconds else None  # rejects NaN
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC dates are GMT
        when = when.replace(tzinfo=timezone.utc)
    current = now or datetime.now(timezone.utc)
    return max(0.0, (when - current).total_seconds())


def retry_delay_s(
    attempt: int,
    config: RetryConfig,
    retry_after_s: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """The wait before the next attempt: the server's ``Retry-After`` if any, else backoff."""
    if retry_after_s is not None and config.respect_retry_after:
        return min(retry_after_s, config.max_delay_s)
    return backoff_delay_s(attempt, config, rng)


@dataclass(frozen=True)
class RetryStatsSnapshot:
    """Counts at one instant (safe to hand out; never changes)."""

    attempts: int
    retries: int
    gave_up: int
    by_reason: dict[RetryReason, int]


@dataclass
class RetryStats:
    """Running counts for one HTTP client (thread-safe)."""

    attempts: int = 0
    """Requests sent, first tries and retries alike."""
    retries: int = 0
    """Attempts that were repeated."""
    gave_up: int = 0
    """Calls that ended on a retryable failure because attempts ran out (or POST rule)."""
    by_reason: dict[RetryReason, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record_attempt(self) -> None:
        with self._lock:
            self.attempts += 1

    def record_retry(self, reason: RetryReason) -> None:
        with self._lock:
            self.retries += 1
            self.by_reason[reason] = self.by_reason.get(reason, 0) + 1

    def record_gave_up(self) -> None:
        with self._lock:
            self.gave_up += 1

    def snapshot(self) -> RetryStatsSnapshot:
        with self._lock:
            return RetryStatsSnapshot(
                attempts=self.attempts,
                retries=self.retries,
                gave_up=self.gave_up,
                by_reason=dict(self.by_reason),
            )
