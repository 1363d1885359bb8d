"""The ``GET /api/Asset/Status`` answer: counts, due dates and the computed alarm state.

Key names follow the report ``AssetStats`` object of wats-api.md §3.1 (``runningCount``,
``runningCountExceeded``, ``daysSinceCalibration``, ``calibrationDaysOverdue``...) plus
``alarmState`` (0 OK, 1 warning, 2 alarm), the limits, and ``alarms``: one entry per check that
is not OK (``source``, ``alarmState``, ``message``). ``message`` joins those messages.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from pywats_emulator.asset.alarm import (
    SECONDS_PER_DAY,
    AlarmSource,
    AlarmState,
    Check,
    Thresholds,
    count_check,
    due_check,
    overall_state,
)
from pywats_emulator.asset.dates import from_key, show
from pywats_emulator.asset.records import joined_type

__all__ = ["asset_status"]

_DAYS_DIGITS = 2


def _days(seconds: float) -> float:
    return round(seconds / SECONDS_PER_DAY, _DAYS_DIGITS)


def _dates(row: sqlite3.Row, kind: str) -> tuple[datetime | None, datetime | None]:
    last, due = row[f"last_{kind}_date"], row[f"next_{kind}_date"]
    return (None if last is None else from_key(last)), (None if due is None else from_key(due))


def _date_fields(
    kind: str, now: datetime, last: datetime | None, due: datetime | None
) -> dict[str, Any]:
    title = kind.capitalize()
    overdue = None if due is None else _days(max(0.0, (now - due).total_seconds()))
    since = None if last is None else _days(max(0.0, (now - last).total_seconds()))
    return {
        f"daysSince{title}": since,
        f"isDaysSince{title}Unknown": last is None,
        f"{kind}DaysOverdue": overdue,
    }


def asset_status(row: sqlite3.Row, now: datetime) -> dict[str, Any]:
    """The status object of an asset row (from ``ASSET_SELECT``) at ``now``."""
    asset_type = joined_type(row) or {}
    thresholds = Thresholds(asset_type.get("warning_threshold"), asset_type.get("alarm_threshold"))
    running_limit = asset_type.get("running_count_limit")
    total_limit = asset_type.get("total_count_limit")
    last_cal, due_cal = _dates(row, "calibration")
    last_maint, due_maint = _dates(row, "maintenance")
    candidates = (
        count_check(AlarmSource.RUNNING_COUNT, row["running_count"], running_limit, thresholds),
        count_check(AlarmSource.TOTAL_COUNT, row["total_count"], total_limit, thresholds),
        due_check(AlarmSource.CALIBRATION, now, last_cal, due_cal, thresholds),
        due_check(AlarmSource.MAINTENANCE, now, last_maint, due_maint, thresholds),
    )
    checks: list[Check] = [check for check in candidates if check is not None]
    raised = [check for check in checks if check.state is not AlarmState.OK]
    return {
        "assetId": row["asset_id"],
        "serialNumber": row["serial_number"],
        "assetName": row["asset_name"],
        "typeId": row["type_id"],
        "typeName": asset_type.get("type_name"),
        "state": row["state"],
        "alarmState": int(overall_state(checks)),
        "message": "; ".join(check.message for check in raised) or None,
        "alarms": [
            {"source": check.source.value, "alarmState": int(check.state), "message": check.message}
            for check in raised
        ],
        "runningCount": row["running_count"],
        "runningCountLimit": running_limit,
        "runningCountExceeded": bool(running_limit) and row["running_count"] >= running_limit,
        "totalCount": row["total_count"],
        "totalCountLimit": total_limit,
        "totalCountExceeded": bool(total_limit) and row["total_count"] >= total_limit,
        "lastCalibrationDate": show(row["last_calibration_date"]),
        "nextCalibrationDate": show(row["next_calibration_date"]),
        **_date_fields("calibration", now, last_cal, due_cal),
        "lastMaintenanceDate": show(row["last_maintenance_date"]),
        "nextMaintenanceDate": show(row["next_maintenance_date"]),
        **_date_fields("maintenance", now, last_maint, due_maint),
        "warningThreshold": asset_type.get("warning_threshold"),
        "alarmThreshold": asset_type.get("alarm_threshold"),
    }
