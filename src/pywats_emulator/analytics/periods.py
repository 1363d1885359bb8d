"""Periods: ``dateGrouping`` buckets, and the date window a filter selects (wats-api.md §4).

Buckets are calendar periods in UTC (ISO weeks start on Monday). A period is named by its
start instant as ISO text (``2026-05-01T00:00:00Z``), which sorts chronologically for every
grouping. The window rules (documented in ``docs/emulator.md``):

* ``dateFrom``/``dateTo`` given: they are the window, both inclusive (either may be absent:
  that side is open);
* else ``periodCount`` with a ``dateGrouping``: the last N periods, ending with the current one
  (``includeCurrentPeriod`` true or absent) or with the last complete one (false);
* else the last 30 days;
* with a ``dateGrouping``, no ``dateTo`` and ``includeCurrentPeriod`` false, the current
  (incomplete) period is cut off.

A window without ``dateTo`` is open-ended, so a report stamped a little in the future (station
clock skew) is not hidden.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

__all__ = [
    "DEFAULT_WINDOW",
    "DateGrouping",
    "Window",
    "period_label",
    "period_start",
    "resolve_window",
    "shift_periods",
]

DEFAULT_WINDOW = timedelta(days=30)
_ONE_MICROSECOND = timedelta(microseconds=1)


class DateGrouping(enum.IntEnum):
    """``dateGrouping`` values of the WATS filter."""

    NONE = -1
    YEAR = 0
    QUARTER = 1
    MONTH = 2
    WEEK = 3
    DAY = 4
    HOUR = 5


_FIXED_LENGTH = {
    DateGrouping.WEEK: timedelta(weeks=1),
    DateGrouping.DAY: timedelta(days=1),
    DateGrouping.HOUR: timedelta(hours=1),
}
_MONTHS = {DateGrouping.YEAR: 12, DateGrouping.QUARTER: 3, DateGrouping.MONTH: 1}


def period_start(moment: datetime, grouping: DateGrouping) -> datetime:
    """Start (UTC) of the period of ``grouping`` that contains ``moment``."""
    if grouping is DateGrouping.NONE:
        raise ValueError("no period without a date grouping")
    utc = moment.astimezone(timezone.utc)
    day = utc.replace(hour=0, minute=0, second=0, microsecond=0)
    if grouping is DateGrouping.HOUR:
        return utc.replace(minute=0, second=0, microsecond=0)
    if grouping is DateGrouping.DAY:
        return day
    if grouping is DateGrouping.WEEK:
        return day - timedelta(days=day.weekday())
    if grouping is DateGrouping.MONTH:
        return day.replace(day=1)
    if grouping is DateGrouping.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def shift_periods(start: datetime, grouping: DateGrouping, steps: int) -> datetime:
    """The period start ``steps`` periods after ``start`` (before it when negative)."""
    fixed = _FIXED_LENGTH.get(grouping)
    if fixed is not None:
        return start + steps * fixed
    months = _MONTHS.get(grouping)
    if months is None:
        raise ValueError("no period without a date grouping")
    index = start.year * 12 + (start.month - 1) + steps * months
    return start.replace(year=index // 12, month=index % 12 + 1)


def period_label(start: datetime) -> str:
    """The ``period`` value of a row: the period's start as ISO UTC text."""
    return start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Window:
    """``start <= t < end_exclusive``; ``None`` leaves that side open."""

    start: datetime | None
    end_exclusive: datetime | None

    def contains(self, moment: datetime) -> bool:
        if self.start is not None and moment < self.start:
            return False
        return self.end_exclusive is None or moment < self.end_exclusive


def resolve_window(
    date_from: datetime | None,
    date_to: datetime | None,
    grouping: DateGrouping,
    period_count: int | None,
    include_current_period: bool | None,
    *,
    now: datetime,
) -> Window:
    """The window a filter selects (rules in the module docstring)."""
    end = date_to + _ONE_MICROSECOND if date_to is not None else None
    grouped = grouping is not DateGrouping.NONE
    if end is None and grouped and include_current_period is False:
        end = period_start(now, grouping)
    if date_from is not None or date_to is not None:
        return Window(date_from, end)
    if period_count is not None and grouped:
        current = period_start(now, grouping)
        back = period_count if include_current_period is False else period_count - 1
        return Window(shift_periods(current, grouping, -back), end)
    return Window(now - DEFAULT_WINDOW, end)
