"""Client-side rate limiting: a sliding window shared by every client in the process.

WATS is said to allow about 500 requests per minute (wats-api.md §6). The limiter keeps the
start times of the requests in the current window; when the window is full, the caller waits
until the oldest one leaves it. Waiting is an ``await`` in async code and a plain sleep in
blocking code: it never blocks an event loop and never turns into an error or a timeout.

A ``threading.Lock`` guards the window. It is held only for a few list operations and never
across an ``await``, so it is safe from many threads and many tasks at once.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import anyio

__all__ = [
    "RateLimiter",
    "ThrottleStats",
    "configure_throttling",
    "default_rate_limiter",
]


@dataclass(frozen=True)
class ThrottleStats:
    """Counts at one instant."""

    total: int
    """Requests admitted."""
    throttled: int
    """Requests that had to wait for the window."""
    total_wait_s: float
    """Time spent waiting, summed over all requests."""


class RateLimiter:
    """Sliding-window limiter: at most ``max_requests`` starts in any ``window_s`` seconds.

    Args:
        max_requests: Requests allowed per window.
        window_s: Window length in seconds.
        clock: Monotonic clock in seconds (injectable for tests).
        enabled: When ``False`` every request is admitted at once (still counted).

    Example:
        >>> limiter = RateLimiter(max_requests=2, window_s=60.0)
        >>> limiter.try_acquire(), limiter.try_acquire(), limiter.try_acquire() > 0
        (0.0, 0.0, True)
    """

    def __init__(
        self,
        max_requests: int = 500,
        window_s: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        enabled: bool = True,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._starts: deque[float] = deque()
        self._total = 0
        self._throttled = 0
        self._total_wait_s = 0.0
        self._max_requests = 0
        self._window_s = 0.0
        self._enabled = enabled
        self.configure(max_requests=max_requests, window_s=window_s)

    def __repr__(self) -> str:
        return (
            f"RateLimiter(max_requests={self._max_requests}, window_s={self._window_s}, "
            f"enabled={self._enabled})"
        )

    @property
    def max_requests(self) -> int:
        return self._max_requests

    @property
    def window_s(self) -> float:
        return self._window_s

    @property
    def enabled(self) -> bool:
        return self._enabled

    def configure(
        self,
        *,
        max_requests: int | None = None,
        window_s: float | None = None,
        enabled: bool | None = None,
    ) -> None:
        """Change the limits in place; clients already using this limiter follow at once."""
        if max_requests is not None and max_requests < 1:
            raise ValueError("max_requests must be at least 1")
        if window_s is not None and window_s <= 0:
            raise ValueError("window_s must be positive")
        with self._lock:
            if max_requests is not None:
                self._max_requests = max_requests
            if window_s is not None:
                self._window_s = window_s
            if enabled is not None:
                self._enabled = enabled

    def try_acquire(self) -> float:
        """Take a slot if one is free.

        Returns:
            ``0.0`` when the request is admitted (and counted), otherwise the seconds until a
            slot frees up; nothing is taken in that case.
        """
        with self._lock:
            now = self._clock()
            if not self._enabled:
                self._total += 1
                return 0.0
            horizon = now - self._window_s
            while self._starts and self._starts[0] <= horizon:
                self._starts.popleft()
            if len(self._starts) < self._max_requests:
                self._starts.append(now)
                self._total += 1
                return 0.0
            # Full: wait until enough old starts leave the window (after a shrink, several).
            excess = len(self._starts) - self._max_requests
            return max(self._starts[excess] - horizon, 1e-6)

    def _record_wait(self, waited_s: float) -> None:
        with self._lock:
            self._throttled += 1
            self._total_wait_s += waited_s

    def acquire(self) -> float:
        """Blocking wait for a slot (for threads); returns the seconds waited."""
        start = self._clock()
        wait_s = self.try_acquire()
        if wait_s == 0.0:
            return 0.0
        while wait_s > 0.0:
            time.sleep(wait_s)
            wait_s = self.try_acquire()
        waited_s = max(0.0, self._clock() - start)
        self._record_wait(waited_s)
        return waited_s

    async def acquire_async(self) -> float:
        """Wait for a slot without blocking the event loop; returns the seconds waited."""
        start = self._clock()
        wait_s = self.try_acquire()
        if wait_s == 0.0:
            return 0.0
        while wait_s > 0.0:
            await anyio.sleep(wait_s)
            wait_s = self.try_acquire()
        waited_s = max(0.0, self._clock() - start)
        self._record_wait(waited_s)
        return waited_s

    def stats(self) -> ThrottleStats:
        with self._lock:
            return ThrottleStats(
                total=self._total, throttled=self._throttled, total_wait_s=self._total_wait_s
            )

    def reset(self) -> None:
        """Forget the window and the counts."""
        with self._lock:
            self._starts.clear()
            self._total = 0
            self._throttled = 0
            self._total_wait_s = 0.0


_DEFAULT_LIMITER = RateLimiter()


def default_rate_limiter() -> RateLimiter:
    """The process-wide limiter every client uses unless given its own."""
    return _DEFAULT_LIMITER


def configure_throttling(
    max_requests: int | None = None, window_s: float | None = None, enabled: bool = True
) -> RateLimiter:
    """Set the process-wide limits (default 500 requests / 60 s) for every client.

    Example:
        >>> import pywats
        >>> limiter = pywats.configure_throttling(max_requests=500, window_s=60.0)
        >>> limiter.max_requests
        500
    """
    _DEFAULT_LIMITER.configure(max_requests=max_requests, window_s=window_s, enabled=enabled)
    return _DEFAULT_LIMITER
