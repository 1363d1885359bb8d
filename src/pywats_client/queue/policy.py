"""Retry decisions for queued reports, as pure functions (no I/O, no clock).

The uploader calls them after a failed delivery of an item whose ``attempts`` already counts
that delivery::

    if should_give_up(item.attempts, cfg.max_attempts):
        store.mark_failed(item.report_id, error)
    else:
        delay_s = next_retry_delay_s(item.attempts, cfg.retry_base_s, cfg.retry_cap_s, jitter=0.1)
        store.mark_retry(item.report_id, error, next_attempt_at=time.time() + delay_s)

With the defaults (base 300 s, cap 6 h, 10 attempts) the waits are 5, 10, 20, 40, 80, 160,
320 min, then 6 h, 6 h — about 22 hours of retrying before a report is marked failed.
"""

from __future__ import annotations

import random
from typing import Protocol

__all__ = ["RandomSource", "next_retry_delay_s", "should_give_up"]


class RandomSource(Protocol):
    """Anything with ``random() -> float in [0, 1)`` (``random.Random`` or a test double)."""

    def random(self) -> float: ...


def next_retry_delay_s(
    attempts: int,
    base_s: float,
    cap_s: float,
    *,
    jitter: float = 0.0,
    rng: RandomSource | None = None,
) -> float:
    """Seconds to wait before the next delivery after ``attempts`` failed ones.

    ``base_s * 2 ** (attempts - 1)``, capped at ``cap_s``. With ``jitter`` (0–1) the delay is
    reduced by a random fraction up to ``jitter`` so that many stations that lost the network
    together do not retry in lock-step; it never exceeds the cap.

    Args:
        attempts: Deliveries already made (>= 1).
        base_s: Delay after the first failure.
        cap_s: Upper bound on any delay.
        jitter: Fraction of the delay that may be taken off at random.
        rng: Source of randomness (default: the ``random`` module).

    Example:
        >>> [next_retry_delay_s(n, 300, 3600) for n in (1, 2, 3, 4, 5)]
        [300.0, 600.0, 1200.0, 2400.0, 3600.0]
    """
    if attempts < 1:
        raise ValueError(f"attempts = {attempts}: must be >= 1")
    if base_s <= 0 or cap_s <= 0:
        raise ValueError(f"base_s = {base_s}, cap_s = {cap_s}: both must be > 0")
    if not 0.0 <= jitter <= 1.0:
        raise ValueError(f"jitter = {jitter}: must be between 0 and 1")
    # Cap the exponent first: 2 ** 10_000 would overflow a float.
    exponent = min(attempts - 1, 64)
    delay_s = min(float(cap_s), float(base_s) * 2.0**exponent)
    if jitter:
        source: RandomSource = rng if rng is not None else random
        delay_s -= delay_s * jitter * source.random()
    return delay_s


def should_give_up(attempts: int, max_attempts: int) -> bool:
    """True once ``attempts`` deliveries were made and ``max_attempts`` allows no more.

    Example:
        >>> should_give_up(9, 10), should_give_up(10, 10)
        (False, True)
    """
    if max_attempts < 1:
        raise ValueError(f"max_attempts = {max_attempts}: must be >= 1")
    return attempts >= max_attempts
