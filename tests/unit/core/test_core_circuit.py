"""Circuit breaker state machine, driven by a fake clock."""

from __future__ import annotations

import pytest

from pywats.core.circuit import CircuitBreaker, CircuitState, is_failure_status
from pywats.core.errors import CircuitOpenError


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> CircuitBreaker:
    return CircuitBreaker(
        failure_threshold=3, recovery_timeout_s=30.0, success_threshold=2, clock=clock
    )


def open_it(breaker: CircuitBreaker) -> None:
    for _ in range(breaker.failure_threshold):
        breaker.record_failure()


def test_starts_closed_and_lets_calls_through(breaker: CircuitBreaker) -> None:
    assert breaker.state is CircuitState.CLOSED
    breaker.before_call("GET", "u")  # no exception


def test_opens_after_threshold_consecutive_failures(breaker: CircuitBreaker) -> None:
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is CircuitState.CLOSED
    breaker.record_failure()
    assert breaker.state is CircuitState.OPEN
    assert breaker.times_opened == 1


def test_a_success_resets_the_consecutive_count(breaker: CircuitBreaker) -> None:
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is CircuitState.CLOSED
    assert breaker.consecutive_failures == 2


def test_open_fails_fast_with_time_to_next_probe(breaker: CircuitBreaker, clock: FakeClock) -> None:
    open_it(breaker)
    clock.now += 10.0
    with pytest.raises(CircuitOpenError) as info:
        breaker.before_call("GET", "https://wats.example/api/App/Version")
    assert info.value.retry_in_s == pytest.approx(20.0)
    assert "GET https://wats.example/api/App/Version" in str(info.value)
    assert breaker.retry_in_s() == pytest.approx(20.0)


def test_open_becomes_half_open_after_the_recovery_timeout(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    open_it(breaker)
    clock.now += 29.9
    assert breaker.state is CircuitState.OPEN
    clock.now += 0.1
    assert breaker.state is CircuitState.HALF_OPEN
    assert breaker.retry_in_s() == 0.0
    breaker.before_call("GET", "u")  # probes are allowed


def test_half_open_closes_after_enough_successes(breaker: CircuitBreaker, clock: FakeClock) -> None:
    open_it(breaker)
    clock.now += 30.0
    breaker.record_success()
    assert breaker.state is CircuitState.HALF_OPEN
    breaker.record_success()
    assert breaker.state is CircuitState.CLOSED
    assert breaker.consecutive_failures == 0


def test_half_open_failure_reopens_and_restarts_the_timer(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    open_it(breaker)
    clock.now += 30.0
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state is CircuitState.OPEN
    assert breaker.times_opened == 2
    clock.now += 29.0
    assert breaker.state is CircuitState.OPEN
    clock.now += 1.0
    assert breaker.state is CircuitState.HALF_OPEN


def test_results_arriving_while_open_do_not_change_the_timer(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    open_it(breaker)
    clock.now += 15.0
    breaker.record_failure()  # a slow request that was in flight
    breaker.record_success()
    assert breaker.state is CircuitState.OPEN
    assert breaker.retry_in_s() == pytest.approx(15.0)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429, 200, 204])
def test_client_errors_and_successes_are_not_failures(breaker: CircuitBreaker, status: int) -> None:
    assert not is_failure_status(status)
    for _ in range(10):
        breaker.record_status(status)
    assert breaker.state is CircuitState.CLOSED


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_failures(breaker: CircuitBreaker, status: int) -> None:
    for _ in range(3):
        breaker.record_status(status)
    assert breaker.state is CircuitState.OPEN


def test_reset_closes(breaker: CircuitBreaker) -> None:
    open_it(breaker)
    breaker.reset()
    assert breaker.state is CircuitState.CLOSED


def test_defaults_match_wats_reference() -> None:
    breaker = CircuitBreaker()
    assert (breaker.failure_threshold, breaker.recovery_timeout_s, breaker.success_threshold) == (
        5,
        60.0,
        2,
    )


def test_rejects_bad_thresholds() -> None:
    with pytest.raises(ValueError, match="thresholds"):
        CircuitBreaker(failure_threshold=0)
