"""Alarm and notification logs (``/api/internal/Trigger/GetAlarmAndNotificationLogs``, §2.2).

The emulator has no trigger configuration, so it derives the logs on request from what it
stores, with four fixed built-in "triggers" (docs/emulator.md, "Internal analytics"):

==========================  ====  ===========================================================
trigger (``name``)          type  one log per ...
==========================  ====  ===========================================================
Failed report               1     UUT report in the window whose result is Failed, Error or
                                  Terminated (state 1), dated at the report's start
Low yield                   2     part number and test operation whose first-pass yield in
                                  the window is below 95 % (state 1) or 90 % (state 2), dated
                                  at its last run
Low process capability      4     measurement path, part number and revision whose Cpk is
                                  below 1.33 (state 1) or 1.0 (state 2), dated at its newest
                                  measurement
Asset alarm                 5     asset whose alarm state (``GET /api/Asset/Status``) is
                                  warning (state 1) or alarm (state 2), dated now
==========================  ====  ===========================================================

``state`` is 1 (warning) or 2 (alarm). Serial-number logs (type 3) are never produced. The
body's ``dateFrom``/``dateTo`` (default: the last 30 days), ``productGroup`` (an asset by its
part number) and ``level`` (checked, not restricting) select, as in the analytics filter;
logs come newest first, cut to ``topCount``. ``logId`` is a stable number derived from the
trigger and the subject, ``triggerId`` a fixed GUID per built-in trigger.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pywats_emulator.analytics.matching import LikeMatcher
from pywats_emulator.analytics.selection import UUT, Selection
from pywats_emulator.analytics.step_queries import aggregated_measurements, measurements
from pywats_emulator.analytics.yield_queries import YieldView, yield_rows
from pywats_emulator.asset.records import ASSET_SELECT
from pywats_emulator.asset.status import asset_status
from pywats_emulator.datetimes import parse_instant

__all__ = [
    "CPK_ALARM",
    "CPK_WARNING",
    "FPY_ALARM_PCT",
    "FPY_WARNING_PCT",
    "AlarmTrigger",
    "alarm_logs",
]

FPY_WARNING_PCT = 95.0
FPY_ALARM_PCT = 90.0
CPK_WARNING = 1.33
CPK_ALARM = 1.0
_FAILING_RESULTS = ("Failed", "Error", "Terminated")
_WARNING, _ALARM = 1, 2
_TRIGGER_NAMESPACE = uuid.UUID("6f1c2a4e-3b8d-4c61-9a57-0d2e8b7f4a10")
_LOG_ID_BYTES = 4
_LOG_ID_MASK = 0x7FFFFFFF


class AlarmTrigger(enum.Enum):
    """The emulator's built-in triggers: (log ``type``, ``name``)."""

    FAILED_REPORT = (1, "Failed report")
    LOW_YIELD = (2, "Low yield")
    LOW_CAPABILITY = (4, "Low process capability")
    ASSET_ALARM = (5, "Asset alarm")

    @property
    def log_type(self) -> int:
        return int(self.value[0])

    @property
    def trigger_name(self) -> str:
        return str(self.value[1])

    @property
    def trigger_id(self) -> str:
        return str(uuid.uuid5(_TRIGGER_NAMESPACE, self.trigger_name))


def _log(
    trigger: AlarmTrigger, subject: str, state: int, date: Any, **fields: Any
) -> dict[str, Any]:
    digest = hashlib.sha256(f"{trigger.log_type}|{subject}".encode()).digest()
    return {
        "logId": int.from_bytes(digest[:_LOG_ID_BYTES], "big") & _LOG_ID_MASK,
        "name": trigger.trigger_name,
        "logDate": date,
        "triggerId": trigger.trigger_id,
        "type": trigger.log_type,
        "state": state,
        **fields,
    }


def _failed_reports(selection: Selection) -> Iterator[dict[str, Any]]:
    for report in selection.reports(UUT):
        if report["result"] not in _FAILING_RESULTS:
            continue
        yield _log(
            AlarmTrigger.FAILED_REPORT, report["id"], _WARNING, report["start_utc"],
            partNumber=report["part_number"], revision=report["revision"],
            serialNumber=report["serial_number"], reportGuid=report["id"],
            stationName=report["station_name"], processCode=report["process_code"],
            result=report["result"],
        )  # fmt: skip


def _low_yields(selection: Selection) -> Iterator[dict[str, Any]]:
    for row in yield_rows(selection, YieldView.DYNAMIC):
        fpy = row["fpy"]
        if fpy is None or fpy >= FPY_WARNING_PCT:
            continue
        state = _ALARM if fpy < FPY_ALARM_PCT else _WARNING
        yield _log(
            AlarmTrigger.LOW_YIELD, f"{row['partNumber']}|{row['testOperation']}", state,
            row["lastUtc"], partNumber=row["partNumber"], productGroup=row["productGroup"],
            testOperation=row["testOperation"], unitCount=row["unitCount"],
            fpy=row["fpy"], spy=row["spy"], tpy=row["tpy"], lpy=row["lpy"],
            fpyTrend=None, spyTrend=None, tpyTrend=None, lpyTrend=None,
        )  # fmt: skip


def _low_capability(selection: Selection) -> Iterator[dict[str, Any]]:
    newest: dict[tuple[str, str, str], Any] = {}
    for row in measurements(selection):  # oldest first: the last one per key is the newest
        newest[(row["stepPath"], row["partNumber"], row["revision"])] = row["startUtc"]
    for row in aggregated_measurements(selection):
        cpk = row["cpk"]
        if cpk is None or cpk >= CPK_WARNING:
            continue
        key = (row["stepPath"], row["partNumber"], row["revision"])
        yield _log(
            AlarmTrigger.LOW_CAPABILITY, "|".join(key), _ALARM if cpk < CPK_ALARM else _WARNING,
            newest.get(key), partNumber=row["partNumber"], revision=row["revision"],
            measurementPath=row["stepPath"], count=row["count"], avg=row["avg"],
            cp=row["cp"], cpk=cpk,
        )  # fmt: skip


def _asset_alarms(selection: Selection, now: datetime) -> Iterator[dict[str, Any]]:
    if not selection.window.contains(now):
        return
    groups = LikeMatcher(selection.filter.product_group)
    for row in selection.storage.fetch_all(f"{ASSET_SELECT} ORDER BY a.serial_number"):
        if groups and not groups.matches(selection.product_group(row["part_number"])):
            continue
        status = asset_status(row, now)
        if not status["alarmState"]:
            continue
        yield _log(
            AlarmTrigger.ASSET_ALARM, row["asset_id"], status["alarmState"],
            now.strftime("%Y-%m-%dT%H:%M:%SZ"), assetId=row["asset_id"],
            assetname=row["asset_name"], serialnumber=row["serial_number"],
            typeid=row["type_id"], assetstate=row["state"], partNumber=row["part_number"],
            message=status["message"],
        )  # fmt: skip


def _newest_first(log: dict[str, Any]) -> tuple[str, int]:
    date = log["logDate"]
    return (parse_instant(date).sort_key() if date else "", log["logId"])


def alarm_logs(selection: Selection) -> list[dict[str, Any]]:
    """Every derived log of the selection, newest first, cut to ``topCount``."""
    logs = [
        *_failed_reports(selection),
        *_low_yields(selection),
        *_low_capability(selection),
        *_asset_alarms(selection, selection.now),
    ]
    logs.sort(key=_newest_first, reverse=True)
    top = selection.filter.top_count
    return logs if top is None else logs[:top]
