"""When an asset needs attention: the alarm rule behind ``GET /api/Asset/Status``.

wats-api.md §2.4 names the inputs (an asset type's ``runningCountLimit``, ``totalCountLimit``,
``calibrationInterval``, ``maintenanceInterval`` in days, ``warningThreshold``,
``alarmThreshold``) and the outcome (alarm state 0 OK, 1 warning, 2 alarm) but no formula.
The emulator's reading, documented in ``docs/emulator.md``:

* **Thresholds are percentages** of a limit (``80`` = 80 %). ``None`` or ``0`` means "not set".
* A check is at **alarm** when usage reaches ``alarmThreshold`` % of its limit, or the limit
  itself (whichever comes first); at **warning** when it reaches ``warningThreshold`` %.
* **Counts:** usage = the count, limit = ``runningCountLimit`` / ``totalCountLimit``. A limit
  of ``None`` or ``0`` means no limit (no check).
* **Calibration / maintenance:** usage = time since the last one, limit = the time from it to
  the due date; past the due date is always an alarm. No due date, no check.
* **Due dates** depend on the interval's mode: a positive interval (days) is *normal*
  (due = last date + interval); ``-1`` is *unlimited* (never due), ``-2`` is *external* (due =
  the ``toDate`` of the last external calibration/maintenance). ``None``/``0`` = unlimited.
* The asset's alarm state is the worst of its checks.

Everything here is pure (no I/O, no clock): the caller passes ``now``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum, IntEnum

__all__ = [
    "AlarmSource",
    "AlarmState",
    "Check",
    "IntervalMode",
    "Thresholds",
    "count_check",
    "due_check",
    "interval_mode",
    "next_due",
    "overall_state",
]

SECONDS_PER_DAY = 86400.0


class AlarmState(IntEnum):
    OK = 0
    WARNING = 1
    ALARM = 2


class IntervalMode(IntEnum):
    NORMAL = 0
    UNLIMITED = -1
    EXTERNAL = -2


class AlarmSource(str, Enum):
    """What a check looked at (the ``source`` of an entry in the status ``alarms`` list)."""

    RUNNING_COUNT = "runningCount"
    TOTAL_COUNT = "totalCount"
    CALIBRATION = "calibration"
    MAINTENANCE = "maintenance"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AlarmSource.RUNNING_COUNT: "running count",
    AlarmSource.TOTAL_COUNT: "total count",
    AlarmSource.CALIBRATION: "calibration",
    AlarmSource.MAINTENANCE: "maintenance",
}


def interval_mode(interval_days: float | None) -> IntervalMode:
    """The mode an asset type's interval value stands for.

    Raises:
        ValueError: a negative value other than -1 or -2.
    """
    if interval_days is None or interval_days == 0:
        return IntervalMode.UNLIMITED
    if interval_days > 0:
        return IntervalMode.NORMAL
    for mode in (IntervalMode.UNLIMITED, IntervalMode.EXTERNAL):
        if interval_days == mode.value:
            return mode
    raise ValueError(
        f"an interval is a number of days > 0, -1 (unlimited) or -2 (external), "
        f"not {interval_days:g}"
    )


def next_due(
    interval_days: float | None, last: datetime | None, external_due: datetime | None
) -> datetime | None:
    """When the next calibration (or maintenance) falls due, or ``None`` for never/unknown."""
    mode = interval_mode(interval_days)
    if mode is IntervalMode.NORMAL:
        assert interval_days is not None
        return None if last is None else last + timedelta(days=interval_days)
    if mode is IntervalMode.EXTERNAL:
        return external_due
    return None


def _pct(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


@dataclass(frozen=True)
class Thresholds:
    """An asset type's ``warningThreshold`` and ``alarmThreshold``, in percent of a limit."""

    warning_pct: float | None = None
    alarm_pct: float | None = None

    def classify(self, used: float, limit: float) -> tuple[AlarmState, str]:
        """The state for ``used`` out of ``limit`` (> 0) and why, e.g. ``"reached the limit"``.

        Compared as ``used * 100 >= pct * limit`` so that exact boundaries are exact.
        """
        if used >= limit:
            return AlarmState.ALARM, "reached the limit"
        if self.alarm_pct and used * 100 >= self.alarm_pct * limit:
            return AlarmState.ALARM, f"reached the alarm threshold ({_pct(self.alarm_pct)}%)"
        if self.warning_pct and used * 100 >= self.warning_pct * limit:
            return AlarmState.WARNING, f"reached the warning threshold ({_pct(self.warning_pct)}%)"
        return AlarmState.OK, ""

    def level(self, used: float, limit: float) -> AlarmState:
        """Only the state of :meth:`classify`."""
        return self.classify(used, limit)[0]


@dataclass(frozen=True)
class Check:
    """The outcome of one check: what was looked at, its state and a readable message."""

    source: AlarmSource
    state: AlarmState
    message: str


def _sentence(subject: str, reason: str) -> str:
    return f"{subject} {reason}" if reason else subject


def count_check(
    source: AlarmSource, count: float, limit: float | None, thresholds: Thresholds
) -> Check | None:
    """Check a running or total count against its limit; ``None`` when there is no limit."""
    if limit is None or limit <= 0:
        return None
    state, reason = thresholds.classify(count, limit)
    subject = f"{source.label} {_number(count)} of {_number(limit)} ({_pct(count * 100 / limit)}%)"
    return Check(source, state, _sentence(subject, reason))


def due_check(
    source: AlarmSource,
    now: datetime,
    last: datetime | None,
    due: datetime | None,
    thresholds: Thresholds,
) -> Check | None:
    """Check a calibration or maintenance due date; ``None`` when nothing is due."""
    if due is None:
        return None
    if now >= due:
        days = (now - due).total_seconds() / SECONDS_PER_DAY
        return Check(
            source,
            AlarmState.ALARM,
            f"{source.label} overdue since {due:%Y-%m-%d} ({days:.1f} days)",
        )
    subject = f"{source.label} due {due:%Y-%m-%d}"
    span_s = 0.0 if last is None else (due - last).total_seconds()
    if span_s <= 0:  # no known start: only "overdue" can be told
        return Check(source, AlarmState.OK, subject)
    assert last is not None
    used_s = max(0.0, (now - last).total_seconds())
    state, reason = thresholds.classify(used_s, span_s)
    subject += f" ({_pct(used_s * 100 / span_s)}% of the interval used)"
    return Check(source, state, _sentence(subject, reason))


def overall_state(checks: Iterable[Check]) -> AlarmState:
    """The worst state among the checks (OK when there are none)."""
    return max((check.state for check in checks), default=AlarmState.OK)
