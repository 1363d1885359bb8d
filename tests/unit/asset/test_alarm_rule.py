"""The asset alarm rule (emulator side): thresholds, count limits, due dates, interval modes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pywats_emulator.asset.alarm import (
    AlarmSource,
    AlarmState,
    Check,
    IntervalMode,
    Thresholds,
    count_check,
    due_check,
    interval_mode,
    next_due,
    overall_state,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("interval", "mode"),
    [
        (365, IntervalMode.NORMAL),
        (0.5, IntervalMode.NORMAL),
        (-1, IntervalMode.UNLIMITED),
        (-2, IntervalMode.EXTERNAL),
        (None, IntervalMode.UNLIMITED),
        (0, IntervalMode.UNLIMITED),
    ],
)
def test_interval_mode_reads_negative_intervals_as_modes(
    interval: float | None, mode: IntervalMode
) -> None:
    assert interval_mode(interval) is mode


@pytest.mark.parametrize("interval", [-3, -1.5, -100])
def test_interval_mode_rejects_other_negative_values(interval: float) -> None:
    with pytest.raises(ValueError, match="-1 .unlimited. or -2 .external."):
        interval_mode(interval)


def test_next_due_normal_is_last_date_plus_interval() -> None:
    last = NOW - 10 * DAY
    assert next_due(30, last, None) == last + 30 * DAY
    assert next_due(0.5, last, None) == last + timedelta(hours=12)


def test_next_due_normal_without_a_last_date_is_unknown() -> None:
    assert next_due(30, None, NOW) is None


def test_next_due_unlimited_never_falls_due_even_with_an_external_date() -> None:
    assert next_due(-1, NOW, NOW + DAY) is None
    assert next_due(None, NOW, NOW + DAY) is None


def test_next_due_external_is_the_external_to_date() -> None:
    assert next_due(-2, NOW, NOW + 90 * DAY) == NOW + 90 * DAY
    assert next_due(-2, NOW, None) is None


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        (0, AlarmState.OK),
        (79, AlarmState.OK),
        (80, AlarmState.WARNING),
        (94, AlarmState.WARNING),
        (95, AlarmState.ALARM),
        (100, AlarmState.ALARM),
        (150, AlarmState.ALARM),
    ],
)
def test_thresholds_are_percentages_of_the_limit(used: int, expected: AlarmState) -> None:
    assert Thresholds(warning_pct=80, alarm_pct=95).level(used, 100) is expected


def test_thresholds_compare_exactly_at_the_boundary() -> None:
    # 29 / 100 * 100 is 28.999999999999996 in floating point; the rule must still warn.
    assert Thresholds(warning_pct=29).level(29, 100) is AlarmState.WARNING
    assert Thresholds(warning_pct=29).level(28, 100) is AlarmState.OK


def test_the_limit_itself_is_an_alarm_when_no_alarm_threshold_is_set() -> None:
    thresholds = Thresholds(warning_pct=50)
    assert thresholds.level(99, 100) is AlarmState.WARNING
    assert thresholds.level(100, 100) is AlarmState.ALARM


def test_an_alarm_threshold_above_100_percent_still_alarms_at_the_limit() -> None:
    assert Thresholds(alarm_pct=120).level(100, 100) is AlarmState.ALARM


@pytest.mark.parametrize("unset", [None, 0])
def test_zero_or_missing_thresholds_are_not_set(unset: float | None) -> None:
    thresholds = Thresholds(warning_pct=unset, alarm_pct=unset)
    assert thresholds.level(1, 100) is AlarmState.OK
    assert thresholds.level(99, 100) is AlarmState.OK
    assert thresholds.level(100, 100) is AlarmState.ALARM


def test_a_warning_threshold_above_the_alarm_threshold_never_hides_the_alarm() -> None:
    assert Thresholds(warning_pct=90, alarm_pct=50).level(60, 100) is AlarmState.ALARM


def test_count_check_is_skipped_without_a_limit() -> None:
    assert count_check(AlarmSource.RUNNING_COUNT, 500, None, Thresholds()) is None
    assert count_check(AlarmSource.RUNNING_COUNT, 500, 0, Thresholds()) is None


def test_count_check_reports_state_and_a_readable_message() -> None:
    check = count_check(AlarmSource.RUNNING_COUNT, 850, 1000, Thresholds(warning_pct=80))
    assert check == Check(
        AlarmSource.RUNNING_COUNT,
        AlarmState.WARNING,
        "running count 850 of 1000 (85%) reached the warning threshold (80%)",
    )
    alarm = count_check(AlarmSource.TOTAL_COUNT, 1000, 1000, Thresholds(warning_pct=80))
    assert alarm is not None
    assert alarm.state is AlarmState.ALARM
    assert alarm.message == "total count 1000 of 1000 (100%) reached the limit"
    ok = count_check(AlarmSource.TOTAL_COUNT, 10, 1000, Thresholds(warning_pct=80))
    assert ok is not None
    assert ok.state is AlarmState.OK


def test_due_check_is_skipped_without_a_due_date() -> None:
    assert due_check(AlarmSource.CALIBRATION, NOW, NOW - DAY, None, Thresholds()) is None


def test_due_check_overdue_is_an_alarm_whatever_the_thresholds() -> None:
    check = due_check(
        AlarmSource.CALIBRATION, NOW, NOW - 400 * DAY, NOW - 35 * DAY, Thresholds(alarm_pct=200)
    )
    assert check is not None
    assert check.state is AlarmState.ALARM
    assert check.message == "calibration overdue since 2026-01-25 (35.0 days)"


def test_due_check_uses_the_elapsed_share_of_the_interval() -> None:
    last = NOW - 80 * DAY
    due = last + 100 * DAY
    thresholds = Thresholds(warning_pct=75, alarm_pct=90)
    check = due_check(AlarmSource.MAINTENANCE, NOW, last, due, thresholds)
    assert check is not None
    assert check.state is AlarmState.WARNING
    assert check.message == (
        "maintenance due 2026-03-21 (80% of the interval used) reached the warning threshold (75%)"
    )
    early = due_check(AlarmSource.MAINTENANCE, NOW, last, last + 200 * DAY, thresholds)
    assert early is not None
    assert early.state is AlarmState.OK
    late = due_check(AlarmSource.MAINTENANCE, NOW, last, last + 85 * DAY, thresholds)
    assert late is not None
    assert late.state is AlarmState.ALARM


def test_due_check_without_a_start_date_only_alarms_when_overdue() -> None:
    check = due_check(AlarmSource.CALIBRATION, NOW, None, NOW + DAY, Thresholds(warning_pct=1))
    assert check is not None
    assert check.state is AlarmState.OK


def test_overall_state_is_the_worst_check() -> None:
    ok = Check(AlarmSource.TOTAL_COUNT, AlarmState.OK, "")
    warning = Check(AlarmSource.CALIBRATION, AlarmState.WARNING, "")
    alarm = Check(AlarmSource.MAINTENANCE, AlarmState.ALARM, "")
    assert overall_state([]) is AlarmState.OK
    assert overall_state([ok, warning]) is AlarmState.WARNING
    assert overall_state([warning, alarm, ok]) is AlarmState.ALARM
