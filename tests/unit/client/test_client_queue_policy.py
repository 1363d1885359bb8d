"""Retry policy: base doubling, capped, optional jitter, give up at max attempts."""

from __future__ import annotations

import pytest

from pywats_client.queue import next_retry_delay_s, should_give_up


class FixedRandom:
    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


def test_base_doubles_until_cap() -> None:
    delays = [next_retry_delay_s(n, 300, 6 * 3600) for n in range(1, 11)]
    assert delays[:7] == [300, 600, 1200, 2400, 4800, 9600, 19200]
    assert delays[7:] == [21600, 21600, 21600]


def test_default_schedule_retries_for_about_a_day() -> None:
    waits = [next_retry_delay_s(n, 300, 21600) for n in range(1, 10)]  # between 10 attempts
    assert 22 * 3600 < sum(waits) < 23 * 3600


def test_cap_below_base_and_huge_attempts() -> None:
    assert next_retry_delay_s(1, 300, 100) == 100
    assert next_retry_delay_s(100_000, 300, 3600) == 3600  # no float overflow


@pytest.mark.parametrize(("draw", "expected"), [(0.0, 1200.0), (0.5, 1080.0), (0.999, 960.24)])
def test_jitter_only_shortens_within_fraction(draw: float, expected: float) -> None:
    delay = next_retry_delay_s(3, 300, 3600, jitter=0.2, rng=FixedRandom(draw))
    assert delay == pytest.approx(expected)


def test_jitter_never_exceeds_cap() -> None:
    assert next_retry_delay_s(50, 300, 3600, jitter=1.0, rng=FixedRandom(0.0)) == 3600
    assert 0 <= next_retry_delay_s(50, 300, 3600, jitter=1.0) <= 3600


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 300, 3600), {}, "attempts = 0"),
        ((1, 0, 3600), {}, "both must be > 0"),
        ((1, 300, 3600), {"jitter": 1.5}, "jitter = 1.5"),
    ],
)
def test_bad_arguments(
    args: tuple[int, float, float], kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        next_retry_delay_s(*args, **kwargs)  # type: ignore[arg-type]


def test_should_give_up_at_max_attempts() -> None:
    assert [should_give_up(n, 3) for n in (1, 2, 3, 4)] == [False, False, True, True]
    with pytest.raises(ValueError, match="max_attempts = 0"):
        should_give_up(1, 0)
