"""Circuit breaker: stop sending requests to a server that keeps failing.

States (wats-api.md §6 defaults)::

    CLOSED --(failure_threshold consecutive failures)--> OPEN
    OPEN --(recovery_timeout_s elapsed)--> HALF_OPEN          (requests allowed again, as probes)
    HALF_OPEN --(success_threshold successes)--> CLOSED
    HALF_OPEN --(any failure)--> OPEN                          (timer restarts)

A *failure* is "the server is not well": no response (connection error, timeout) or a 5xx
status. Client errors (400, 401, 404 and every other 4xx, 429 included) prove the server is
up and answering, so they count as successes for the breaker. While OPEN, calls fail fast
with :class:`~pywats.core.errors.CircuitOpenError` instead of waiting for timeouts.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable

from pywats.core.errors import CircuitOpenError

__all__ = ["CircuitBreaker", "CircuitState", "is_failure_status"]


class CircuitState(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


def is_failure_status(status_code: int) -> bool:
    """Whether a status says the server is failing (only 5xx does)."""
    return status_code >= 500


class CircuitBreaker:
    """Thread-safe three-state circuit breaker.

    Args:
        failure_threshold: Consecutive failures that open the circuit.
        recovery_timeout_s: Time spent OPEN before probes are let through.
        success_threshold: Successes in HALF_OPEN needed to close again.
        clock: Monotonic clock in seconds (injectable for tests).
    """

    def __init__(
        self,
        failure_threshold: int = 5,
        recovery_timeout_s: float = 60.0,
        success_threshold: int = 2,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1 or success_threshold < 1:
            raise ValueError("thresholds must be at least 1")
        if recovery_timeout_s < 0:
            raise ValueError("recovery_timeout_s must not be negative")
        self.failure_threshold = failure_threshold
        self.recovery_timeout_s = recovery_timeout_s
        self.success_threshold = success_threshold
        self._clock = clock
        self._lock = threading.Lock()
        self._state = CircuitState.CLOSED
        self._failures = 0
        self._successes = 0
        self._opened_at = 0.0
        self._times_opened = 0

    def __repr__(self) -> str:
        return f"CircuitBreaker(state={self.state.name}, failures={self._failures})"

    def _advance(self) -> None:
        # Caller holds the lock. OPEN turns HALF_OPEN by time alone, on the next look.
        if (
            self._state is CircuitState.OPEN
            and self._clock() - self._opened_at >= self.recovery_timeout_s
        ):
            self._state = CircuitState.HALF_OPEN
            self._successes = 0

    def _open(self) -> None:
        self._state = CircuitState.OPEN
        self._opened_at = self._clock()
        self._successes = 0
        self._times_opened += 1

    @property
    def state(self) -> CircuitState:
        with self._lock:
            self._advance()
            return self._state

    @property
    def consecutive_failures(self) -> int:
        with self._lock:
            return self._failures

    @property
    def times_opened(self) -> int:
        """How often the circuit has opened since creation."""
        with self._lock:
            return self._times_opened

    def retry_in_s(self) -> float:
        """Seconds until an OPEN circuit lets a probe through (0 when not open)."""
        with self._lock:
            self._advance()
            if self._state is not CircuitState.OPEN:
                return 0.0
            return max(0.0, self._opened_at + self.recovery_timeout_s - self._clock())

    def before_call(self, method: str, url: str) -> None:
        """Raise :class:`CircuitOpenError` when the circuit is open; otherwise return."""
        with self._lock:
            self._advance()
            if self._state is not CircuitState.OPEN:
                return
            retry_in_s = max(0.0, self._opened_at + self.recovery_timeout_s - self._clock())
        raise CircuitOpenError(method=method, url=url, retry_in_s=retry_in_s)

    def record_success(self) -> None:
        with self._lock:
            self._advance()
            if self._state is CircuitState.HALF_OPEN:
                self._successes += 1
                if self._successes >= self.success_threshold:
                    self._state = CircuitState.CLOSED
                    self._failures = 0
            elif self._state is CircuitState.CLOSED:
                self._failures = 0

    def record_failure(self) -> None:
        with self._lock:
            self._advance()
            if self._state is CircuitState.HALF_OPEN:
                self._open()
            elif self._state is CircuitState.CLOSED:
                self._failures += 1
                if self._failures >= self.failure_threshold:
                    self._open()

    def record_status(self, status_code: int) -> None:
        """Record an answered request by its status."""
        if is_failure_status(status_code):
            self.record_failure()
        else:
            self.record_success()

    def reset(self) -> None:
        """Force CLOSED with no failures counted."""
        with self._lock:
            self._state = CircuitState.CLOSED
            self._failures = 0
            self._successes = 0
