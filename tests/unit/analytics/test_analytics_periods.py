"""Period buckets (dateGrouping), periodCount windows and includeCurrentPeriod."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pywats_emulator.analytics.periods import (
    DateGrouping,
    Window,
    period_label,
    period_start,
    resolve_window,
    shift_periods,
)

UTC = timezone.utc
# A Thursday in the second quarter, mid-afternoon.
NOW = datetime(2026, 5, 14, 15, 42, 10, 500000, tzinfo=UTC)


@pytest.mark.parametrize(
    ("grouping", "expected"),
    [
        (DateGrouping.YEAR, datetime(2026, 1, 1, tzinfo=UTC)),
        (DateGrouping.QUARTER, datetime(2026, 4, 1, tzinfo=UTC)),
        (DateGrouping.MONTH, datetime(2026, 5, 1, tzinfo=UTC)),
        (DateGrouping.WEEK, datetime(2026, 5, 11, tzinfo=UTC)),  # ISO week starts Monday
        (DateGrouping.DAY, datetime(2026, 5, 14, tzinfo=UTC)),
        (DateGrouping.HOUR, datetime(2026, 5, 14, 15, tzinfo=UTC)),
    ],
)
def test_period_start(grouping: DateGrouping, expected: datetime) -> None:
    assert period_start(NOW, grouping) == expected


@pytest.mark.parametrize(
    ("grouping", "steps", "expected"),
    [
        (DateGrouping.YEAR, -2, datetime(2024, 1, 1, tzinfo=UTC)),
        (DateGrouping.QUARTER, -2, datetime(2025, 10, 1, tzinfo=UTC)),
        (DateGrouping.MONTH, -5, datetime(2025, 12, 1, tzinfo=UTC)),
        (DateGrouping.MONTH, 8, datetime(2027, 1, 1, tzinfo=UTC)),
        (DateGrouping.WEEK, -1, datetime(2026, 5, 4, tzinfo=UTC)),
        (DateGrouping.DAY, -14, datetime(2026, 4, 30, tzinfo=UTC)),
        (DateGrouping.HOUR, 9, datetime(2026, 5, 15, 0, tzinfo=UTC)),
    ],
)
def test_shift_periods(grouping: DateGrouping, steps: int, expected: datetime) -> None:
    assert shift_periods(period_start(NOW, grouping), grouping, steps) == expected


def test_period_label_is_utc_iso_text_that_sorts_chronologically() -> None:
    labels = [period_label(datetime(2026, m, 1, tzinfo=UTC)) for m in (1, 10, 12)]
    assert labels == ["2026-01-01T00:00:00Z", "2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z"]
    assert sorted(labels) == labels


def test_explicit_dates_win() -> None:
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 31, tzinfo=UTC)
    window = resolve_window(start, end, DateGrouping.DAY, 3, False, now=NOW)
    assert window.start == start
    assert window.end_exclusive == end + timedelta(microseconds=1)  # dateTo is inclusive
    assert window.contains(end)
    assert not window.contains(end + timedelta(microseconds=1))


def test_default_window_is_the_last_30_days_open_ended() -> None:
    window = resolve_window(None, None, DateGrouping.NONE, None, None, now=NOW)
    assert window == Window(NOW - timedelta(days=30), None)
    assert window.contains(NOW + timedelta(minutes=5))  # clock skew does not hide a report


def test_period_count_with_current_period() -> None:
    window = resolve_window(None, None, DateGrouping.DAY, 3, True, now=NOW)
    # today plus the two days before it
    assert window == Window(datetime(2026, 5, 12, tzinfo=UTC), None)


def test_period_count_without_current_period_ends_before_it() -> None:
    window = resolve_window(None, None, DateGrouping.MONTH, 2, False, now=NOW)
    assert window == Window(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))
    assert not window.contains(datetime(2026, 5, 1, tzinfo=UTC))


def test_exclude_current_period_cuts_the_default_window() -> None:
    window = resolve_window(None, None, DateGrouping.DAY, None, False, now=NOW)
    assert window == Window(NOW - timedelta(days=30), datetime(2026, 5, 14, tzinfo=UTC))


def test_only_date_from_is_open_ended() -> None:
    start = datetime(2026, 5, 1, tzinfo=UTC)
    assert resolve_window(start, None, DateGrouping.NONE, None, None, now=NOW) == Window(
        start, None
    )


def test_only_date_to_has_no_lower_bound() -> None:
    end = datetime(2026, 5, 1, tzinfo=UTC)
    window = resolve_window(None, end, DateGrouping.NONE, None, None, now=NOW)
    assert window.start is None
    assert window.contains(datetime(2000, 1, 1, tzinfo=UTC))
