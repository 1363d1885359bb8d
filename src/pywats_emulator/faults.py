"""Fault injection: latency, random errors, outages and 429 rate limiting.

Clients are tested against the failures a real WATS server and network produce. The injector is
configured at start (``EmulatorConfig.faults``, CLI flags) and changed while running, either in
process (``server.faults.configure(...)``) or over HTTP (``PUT /_emulator/faults``). It applies to
every path except the emulator's own ``/_emulator/*`` control endpoints, so a test can always
switch a fault off again.

Decisions are made under a lock and the random error rate uses a seeded RNG: with a fixed seed,
the same request sequence meets the same faults.

An *outage* answers 503 to every request (the server process stays up; it is not a refused TCP
connection). A timed outage (``outage_s``) ends by itself; ``outage=True`` lasts until cleared.
"""

from __future__ import annotations

import dataclasses
import math
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

__all__ = ["FaultDecision", "FaultInjector", "FaultSettings"]

_SETTABLE = frozenset(
    {
        "latency_s",
        "error_rate",
        "error_status",
        "outage",
        "outage_s",
        "rate_limit_count",
        "rate_limit_max_requests",
        "rate_limit_window_s",
        "retry_after_s",
        "seed",
    }
)


@dataclass(frozen=True)
class FaultSettings:
    """What to inject. All defaults mean "no fault".

    Attributes:
        latency_s: delay added before every answer.
        error_rate: share (0..1) of requests answered with ``error_status``.
        error_status: HTTP status used for ``error_rate`` (4xx or 5xx).
        outage: answer 503 to everything until cleared.
        outage_s: answer 503 for this many seconds from when it is applied.
        rate_limit_count: answer 429 to the next this-many requests.
        rate_limit_max_requests: allow at most this many requests per ``rate_limit_window_s``
            (sliding window); the others get 429.
        rate_limit_window_s: the sliding window length.
        retry_after_s: the ``Retry-After`` seconds sent with a counted 429.
        seed: seed of the RNG behind ``error_rate`` (``None``: not reproducible).
    """

    latency_s: float = 0.0
    error_rate: float = 0.0
    error_status: int = 503
    outage: bool = False
    outage_s: float | None = None
    rate_limit_count: int = 0
    rate_limit_max_requests: int | None = None
    rate_limit_window_s: float = 60.0
    retry_after_s: int = 1
    seed: int | None = 0

    def __post_init__(self) -> None:
        problems = _check(self)
        if problems:
            raise ValueError("; ".join(problems))


def _check(settings: FaultSettings) -> list[str]:
    problems = []
    if not math.isfinite(settings.latency_s) or settings.latency_s < 0:
        problems.append("latency_s must be >= 0")
    if not 0.0 <= settings.error_rate <= 1.0:
        problems.append("error_rate must be between 0 and 1")
    if not 400 <= settings.error_status <= 599:
        problems.append("error_status must be a 4xx or 5xx status")
    if settings.outage_s is not None and not settings.outage_s >= 0:
        problems.append("outage_s must be >= 0")
    if settings.rate_limit_count < 0:
        problems.append("rate_limit_count must be >= 0")
    if settings.rate_limit_max_requests is not None and settings.rate_limit_max_requests < 0:
        problems.append("rate_limit_max_requests must be >= 0")
    if not settings.rate_limit_window_s > 0:
        problems.append("rate_limit_window_s must be > 0")
    if settings.retry_after_s < 0:
        problems.append("retry_after_s must be >= 0")
    return problems


@dataclass(frozen=True)
class FaultDecision:
    """What to do with one request: wait ``latency_s``, then answer ``status`` if set."""

    latency_s: float = 0.0
    status: int | None = None
    message: str = ""
    retry_after_s: int | None = None


class FaultInjector:
    """Thread-safe fault state shared by the middleware and the control endpoints."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self._settings = FaultSettings()
        self._rng = random.Random(0)  # noqa: S311 - fault dice, not cryptography
        self._outage_until: float | None = None
        self._rate_limit_left = 0
        self._window: deque[float] = deque()
        self._apply(dataclasses.asdict(settings or FaultSettings()))

    @property
    def settings(self) -> FaultSettings:
        """The current settings (``outage_s`` is the configured length, not what is left)."""
        with self._lock:
            return self._settings

    def configure(self, **changes: Any) -> FaultSettings:
        """Change some settings while running; the others keep their value.

        ``outage_s`` starts a timed outage now, ``outage=False`` ends any outage,
        ``rate_limit_count`` restarts the 429 countdown and ``seed`` reseeds the RNG.

        Raises:
            ValueError: for an unknown name or an invalid value (nothing is changed).
        """
        unknown = sorted(set(changes) - _SETTABLE)
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(unknown)}")
        return self._apply(changes)

    def clear(self) -> FaultSettings:
        """Remove every fault (the seed is kept)."""
        with self._lock:
            seed = self._settings.seed
        return self._apply({**dataclasses.asdict(FaultSettings()), "seed": seed})

    def _apply(self, changes: dict[str, Any]) -> FaultSettings:
        with self._lock:
            new = dataclasses.replace(self._settings, **changes)  # validates in __post_init__
            now = time.monotonic()
            if "outage_s" in changes:
                length = changes["outage_s"]
                self._outage_until = None if length is None else now + float(length)
            if changes.get("outage") is False and "outage_s" not in changes:
                self._outage_until = None
                new = dataclasses.replace(new, outage_s=None)
            if "rate_limit_count" in changes:
                self._rate_limit_left = new.rate_limit_count
            if "rate_limit_max_requests" in changes or "rate_limit_window_s" in changes:
                self._window.clear()
            if "seed" in changes:
                self._rng = random.Random(new.seed)  # noqa: S311
            self._settings = new
            return new

    def snapshot(self) -> dict[str, Any]:
        """Settings plus live state (outage time left, 429s left), for ``GET /_emulator/faults``."""
        with self._lock:
            now = time.monotonic()
            data: dict[str, Any] = dataclasses.asdict(self._settings)
            data["outage_active"] = self._outage_active(now)
            remaining = None if self._outage_until is None else self._outage_until - now
            data["outage_remaining_s"] = max(0.0, remaining) if remaining is not None else None
            data["rate_limit_remaining"] = self._rate_limit_left
            return data

    def decide(self) -> FaultDecision:
        """Draw the fault (if any) for one incoming request."""
        with self._lock:
            settings = self._settings
            latency = settings.latency_s
            now = time.monotonic()
            if self._outage_active(now):
                retry_after = None
                if self._outage_until is not None and not settings.outage:
                    retry_after = max(1, math.ceil(self._outage_until - now))
                return FaultDecision(latency, 503, "emulated outage", retry_after)
            if self._rate_limit_left > 0:
                self._rate_limit_left -= 1
                return FaultDecision(latency, 429, "emulated rate limit", settings.retry_after_s)
            if settings.rate_limit_max_requests is not None:
                decision = self._sliding_window(now, settings)
                if decision is not None:
                    return decision
            if settings.error_rate > 0 and self._rng.random() < settings.error_rate:
                return FaultDecision(latency, settings.error_status, "emulated server error")
            return FaultDecision(latency)

    def _outage_active(self, now: float) -> bool:
        if self._settings.outage:
            return True
        return self._outage_until is not None and now < self._outage_until

    def _sliding_window(self, now: float, settings: FaultSettings) -> FaultDecision | None:
        window_s = settings.rate_limit_window_s
        while self._window and self._window[0] <= now - window_s:
            self._window.popleft()
        limit = settings.rate_limit_max_requests or 0
        if len(self._window) >= limit:
            oldest = self._window[0] if self._window else now
            wait_s = max(1, math.ceil(oldest + window_s - now))
            return FaultDecision(settings.latency_s, 429, "emulated rate limit", wait_s)
        self._window.append(now)
        return None
