"""Sliding-window rate limiter: window maths with a fake clock, waiting with real tasks/threads."""

from __future__ import annotations

import threading

import anyio
import pytest

from pywats.core import throttle
from pywats.core.throttle import RateLimiter, configure_throttling, default_rate_limiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_admits_up_to_the_limit_then_reports_the_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_requests=3, window_s=60.0, clock=clock)
    assert [limiter.try_acquire() for _ in range(3)] == [0.0, 0.0, 0.0]
    clock.now += 10.0
    assert limiter.try_acquire() == pytest.approx(50.0)  # oldest leaves at t0 + 60
    assert limiter.stats().total == 3  # a refused try takes nothing


def test_window_slides_one_request_at_a_time() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_requests=2, window_s=10.0, clock=clock)
    limiter.try_acquire()  # t=0
    clock.now += 4.0
    limiter.try_acquire()  # t=4
    clock.now += 6.0  # t=10: the first start leaves the window
    assert limiter.try_acquire() == 0.0
    assert limiter.try_acquire() == pytest.approx(4.0)  # next free when t=4 leaves (t=14)
    clock.now += 4.0
    assert limiter.try_acquire() == 0.0


def test_shrinking_the_limit_waits_for_enough_old_starts() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_requests=4, window_s=10.0, clock=clock)
    for offset in range(4):
        clock.now = 1000.0 + offset
        limiter.try_acquire()  # starts at 0,1,2,3
    limiter.configure(max_requests=2)
    # 4 in window, limit 2: three must leave; the third oldest (t=2) leaves at t=12.
    assert limiter.try_acquire() == pytest.approx(1002.0 + 10.0 - clock.now)


def test_disabled_limiter_admits_everything_and_counts() -> None:
    limiter = RateLimiter(max_requests=1, window_s=60.0, clock=FakeClock(), enabled=False)
    assert [limiter.try_acquire() for _ in range(5)] == [0.0] * 5
    assert limiter.stats().total == 5


def test_configure_validates() -> None:
    limiter = RateLimiter()
    with pytest.raises(ValueError, match="max_requests"):
        limiter.configure(max_requests=0)
    with pytest.raises(ValueError, match="window_s"):
        limiter.configure(window_s=0)


def test_blocking_acquire_waits_instead_of_failing() -> None:
    limiter = RateLimiter(max_requests=1, window_s=0.05)
    assert limiter.acquire() == 0.0
    waited = limiter.acquire()
    stats = limiter.stats()
    assert waited > 0.0
    assert stats.total == 2
    assert stats.throttled == 1
    assert stats.total_wait_s == pytest.approx(waited)


def test_blocking_acquire_is_thread_safe() -> None:
    limiter = RateLimiter(max_requests=5, window_s=0.05)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(4):
                limiter.acquire()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    stats = limiter.stats()
    assert stats.total == 16
    assert stats.throttled >= 1  # 16 requests cannot fit in one window of 5


@pytest.mark.anyio
async def test_async_wait_does_not_block_the_event_loop() -> None:
    limiter = RateLimiter(max_requests=1, window_s=0.1)
    ticks = 0
    done = anyio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await anyio.sleep(0.005)

    async with anyio.create_task_group() as tg:
        tg.start_soon(ticker)
        await limiter.acquire_async()
        before = ticks
        waited = await limiter.acquire_async()  # must wait ~0.1 s for the window
        progressed = ticks - before
        done.set()
    assert waited > 0.0
    assert progressed > 0, "other tasks must run while the limiter waits"
    assert limiter.stats().throttled == 1


@pytest.mark.anyio
async def test_many_tasks_share_one_window() -> None:
    limiter = RateLimiter(max_requests=3, window_s=0.05)
    async with anyio.create_task_group() as tg:
        for _ in range(7):
            tg.start_soon(limiter.acquire_async)
    stats = limiter.stats()
    assert stats.total == 7
    assert stats.throttled >= 4


def test_configure_throttling_changes_the_process_wide_limiter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fresh = RateLimiter()
    monkeypatch.setattr(throttle, "_DEFAULT_LIMITER", fresh)
    returned = configure_throttling(max_requests=10, window_s=5.0)
    assert returned is fresh
    assert default_rate_limiter() is fresh
    assert (fresh.max_requests, fresh.window_s, fresh.enabled) == (10, 5.0, True)
    configure_throttling(enabled=False)
    assert not fresh.enabled
    assert fresh.max_requests == 10  # unspecified limits are kept


def test_default_limits_match_wats() -> None:
    limiter = RateLimiter()
    assert (limiter.max_requests, limiter.window_s) == (500, 60.0)
