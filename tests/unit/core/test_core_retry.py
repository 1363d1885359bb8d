"""Retry policy: every decision of pywats.core.retry, without a network."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from pywats.core.errors import (
    CircuitOpenError,
    PyWATSConnectionError,
    PyWATSTimeoutError,
    ValidationError,
)
from pywats.core.retry import (
    RetryConfig,
    RetryReason,
    RetryStats,
    backoff_delay_s,
    is_idempotent,
    parse_retry_after,
    retry_delay_s,
    retry_reason,
    should_retry,
)

CONFIG = RetryConfig()
CONN = PyWATSConnectionError(method="GET", url="http://x/api/App/Version", detail="refused")
TIMEOUT = PyWATSTimeoutError(method="GET", url="http://x/api/App/Version", detail="ReadTimeout")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD", "OPTIONS", "get"])
@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_idempotent_methods_retry_retryable_statuses(method: str, status: int) -> None:
    assert should_retry(method, status, 0, CONFIG)


@pytest.mark.parametrize("status", [200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 501, 505])
def test_other_statuses_are_final(status: int) -> None:
    assert not should_retry("GET", status, 0, CONFIG)


@pytest.mark.parametrize("outcome", [CONN, TIMEOUT])
def test_connection_errors_and_timeouts_retry_on_get(outcome: BaseException) -> None:
    assert should_retry("GET", outcome, 0, CONFIG)


def test_non_transport_exceptions_are_final() -> None:
    circuit = CircuitOpenError(method="GET", url="u", retry_in_s=1.0)
    assert not should_retry("GET", circuit, 0, CONFIG)
    assert not should_retry("GET", ValueError("bug"), 0, CONFIG)
    error = ValidationError(status_code=400, method="GET", url="u")
    assert not should_retry("GET", error, 0, CONFIG)


@pytest.mark.parametrize("outcome", [503, 429, CONN, TIMEOUT])
def test_post_and_patch_are_never_retried_by_default(outcome: int | BaseException) -> None:
    assert not should_retry("POST", outcome, 0, CONFIG)
    assert not should_retry("PATCH", outcome, 0, CONFIG)


@pytest.mark.parametrize("outcome", [503, 429, CONN, TIMEOUT])
def test_post_marked_idempotent_is_retried(outcome: int | BaseException) -> None:
    assert should_retry("POST", outcome, 0, CONFIG, idempotent_override=True)


def test_override_false_stops_retries_of_a_get() -> None:
    assert not should_retry("GET", 503, 0, CONFIG, idempotent_override=False)


def test_is_idempotent_override_wins() -> None:
    assert is_idempotent("get", CONFIG)
    assert not is_idempotent("POST", CONFIG)
    assert is_idempotent("POST", CONFIG, override=True)


def test_attempts_are_bounded_by_max_attempts() -> None:
    # attempt is the 0-based index of the attempt that just failed: 3 attempts = indexes 0,1,2.
    assert should_retry("GET", 503, 0, CONFIG)
    assert should_retry("GET", 503, 1, CONFIG)
    assert not should_retry("GET", 503, 2, CONFIG)
    assert not should_retry("GET", 503, 0, RetryConfig.disabled())


def test_custom_retry_statuses() -> None:
    config = RetryConfig(retry_statuses=frozenset({418}))
    assert should_retry("GET", 418, 0, config)
    assert not should_retry("GET", 503, 0, config)


def test_retry_reason_classification() -> None:
    assert retry_reason(429, CONFIG) is RetryReason.RATE_LIMITED
    assert retry_reason(502, CONFIG) is RetryReason.SERVER_ERROR
    assert retry_reason(CONN, CONFIG) is RetryReason.CONNECTION
    assert retry_reason(TIMEOUT, CONFIG) is RetryReason.TIMEOUT
    assert retry_reason(200, CONFIG) is None


def test_config_validation() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryConfig(max_attempts=0)
    with pytest.raises(ValueError, match="negative"):
        RetryConfig(base_delay_s=-1)


@pytest.mark.parametrize("attempt", range(8))
def test_backoff_stays_within_the_full_jitter_window(attempt: int) -> None:
    rng = random.Random(1234)
    ceiling = min(30.0, 1.0 * 2**attempt)
    delays = [backoff_delay_s(attempt, CONFIG, rng) for _ in range(200)]
    assert all(0.0 <= d <= ceiling for d in delays)
    # Full jitter uses the whole window, not just its top.
    assert min(delays) < ceiling * 0.2
    assert max(delays) > ceiling * 0.8


def test_backoff_is_reproducible_with_a_seeded_rng() -> None:
    first = [backoff_delay_s(a, CONFIG, random.Random(7)) for a in range(5)]
    second = [backoff_delay_s(a, CONFIG, random.Random(7)) for a in range(5)]
    assert first == second


def test_backoff_cap_holds_for_huge_attempt_numbers() -> None:
    assert backoff_delay_s(10_000, CONFIG, random.Random(1)) <= CONFIG.max_delay_s


NOW = datetime(2026, 1, 30, 12, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("120", 120.0), (" 3 ", 3.0), ("0", 0.0), ("1.5", 1.5)],
)
def test_retry_after_numeric_seconds(header: str, expected: float) -> None:
    assert parse_retry_after(header, NOW) == expected


def test_retry_after_http_date() -> None:
    header = format_datetime(NOW + timedelta(seconds=45), usegmt=True)
    assert parse_retry_after(header, NOW) == pytest.approx(45.0)


def test_retry_after_http_date_in_the_past_means_now() -> None:
    header = format_datetime(NOW - timedelta(hours=1), usegmt=True)
    assert parse_retry_after(header, NOW) == 0.0


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "nan"])
def test_retry_after_unreadable_is_none(header: str | None) -> None:
    assert parse_retry_after(header, NOW) is None


def test_retry_after_is_honoured_and_capped() -> None:
    assert retry_delay_s(0, CONFIG, retry_after_s=4.0) == 4.0
    assert retry_delay_s(0, CONFIG, retry_after_s=3600.0) == CONFIG.max_delay_s


def test_retry_after_ignored_when_disabled() -> None:
    config = RetryConfig(respect_retry_after=False, base_delay_s=0.5)
    assert retry_delay_s(0, config, retry_after_s=20.0, rng=random.Random(3)) <= 0.5


def test_retry_delay_without_header_is_backoff() -> None:
    assert retry_delay_s(2, CONFIG, None, random.Random(5)) == backoff_delay_s(
        2, CONFIG, random.Random(5)
    )


def test_retry_stats_count_and_snapshot_is_a_copy() -> None:
    stats = RetryStats()
    stats.record_attempt()
    stats.record_attempt()
    stats.record_retry(RetryReason.SERVER_ERROR)
    stats.record_gave_up()
    snapshot = stats.snapshot()
    stats.record_retry(RetryReason.SERVER_ERROR)
    assert snapshot.attempts == 2
    assert snapshot.retries == 1
    assert snapshot.gave_up == 1
    assert snapshot.by_reason == {RetryReason.SERVER_ERROR: 1}
    assert stats.snapshot().by_reason == {RetryReason.SERVER_ERROR: 2}
