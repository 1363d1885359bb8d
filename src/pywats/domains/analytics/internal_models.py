"""Rows of the internal analytics endpoints (wats-api.md §2.2, "Internal analytics endpoints").

* :class:`MeasurementListItem` - ``/api/internal/App/MeasurementList``: one measurement of one
  report, numeric (``value``) or string (``string_value``);
* :class:`StepStatusItem` - ``/api/internal/App/StepStatusList``: how one step ended in one
  report, with its execution counts;
* :class:`AlarmLog` - ``/api/internal/Trigger/GetAlarmAndNotificationLogs``: one alarm or
  notification a trigger raised; ``type`` is an :class:`AlarmLogType`, the type-specific keys
  (yield, capability, asset...) are typed fields when documented and kept otherwise.

The internal TopFailed answers the public :class:`~pywats.domains.analytics.TopFailedStep`.
"""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import UUID

from pydantic import Field

from pywats.domains.report.models.base import WatsModel, WatsNumber

__all__ = ["AlarmLog", "AlarmLogType", "MeasurementListItem", "StepStatusItem"]


class AlarmLogType(enum.IntEnum):
    """``type`` of an alarm log: what kind of trigger raised it."""

    REPORT = 1
    YIELD_VOLUME = 2
    SERIAL_NUMBER = 3
    MEASUREMENT = 4
    ASSET = 5


class MeasurementListItem(WatsModel):
    """One measurement of one report; string measurements carry ``string_value``."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    report_id: UUID | None = Field(default=None, alias="reportId")
    step_name: str | None = Field(default=None, alias="stepName")
    step_path: str | None = Field(default=None, alias="stepPath")
    value: WatsNumber | None = None
    string_value: str | None = Field(default=None, alias="stringValue")
    limit_low: WatsNumber | None = Field(default=None, alias="limitLow")
    limit_high: WatsNumber | None = Field(default=None, alias="limitHigh")
    unit: str | None = None
    status: str | None = None
    start_utc: datetime | None = Field(default=None, alias="startUtc")
    station_name: str | None = Field(default=None, alias="stationName")


class StepStatusItem(WatsModel):
    """How a step ended in one report; the counts are its executions there (loops repeat)."""

    step_name: str | None = Field(default=None, alias="stepName")
    step_path: str | None = Field(default=None, alias="stepPath")
    step_type: str | None = Field(default=None, alias="stepType")
    step_group: str | None = Field(default=None, alias="stepGroup")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    pass_count: int | None = Field(default=None, alias="passCount")
    fail_count: int | None = Field(default=None, alias="failCount")
    total_count: int | None = Field(default=None, alias="totalCount")
    status: str | None = None
    start_utc: datetime | None = Field(default=None, alias="startUtc")
    serial_number: str | None = Field(default=None, alias="serialNumber")
    report_id: UUID | None = Field(default=None, alias="reportId")


class AlarmLog(WatsModel):
    """An alarm or notification raised by a trigger.

    ``alarm_type`` (JSON ``type``) says which of the type-specific fields apply: report
    (``part_number``, ``report_guid``...), yield/volume (``fpy``..``lpy`` in percent and their
    ``…_trend``), serial number (``free``, ``reserved``), measurement (``measurement_path``,
    ``cp``, ``cpk``) or asset (``asset_name``, ``asset_serial_number``, ``asset_type_id``,
    ``asset_state``). An unknown type number stays a plain ``int``.
    """

    log_id: int | str | None = Field(default=None, alias="logId")
    name: str | None = None
    log_date: datetime | None = Field(default=None, alias="logDate")
    trigger_id: str | None = Field(default=None, alias="triggerId")
    alarm_type: AlarmLogType | int | None = Field(
        default=None, alias="type", union_mode="left_to_right"
    )
    state: int | str | None = None
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    product_group: str | None = Field(default=None, alias="productGroup")
    test_operation: str | None = Field(default=None, alias="testOperation")
    serial_number: str | None = Field(default=None, alias="serialNumber")
    report_guid: UUID | str | None = Field(default=None, alias="reportGuid")
    unit_count: int | None = Field(default=None, alias="unitCount")
    fpy: WatsNumber | None = None
    spy: WatsNumber | None = None
    tpy: WatsNumber | None = None
    lpy: WatsNumber | None = None
    fpy_trend: WatsNumber | None = Field(default=None, alias="fpyTrend")
    spy_trend: WatsNumber | None = Field(default=None, alias="spyTrend")
    tpy_trend: WatsNumber | None = Field(default=None, alias="tpyTrend")
    lpy_trend: WatsNumber | None = Field(default=None, alias="lpyTrend")
    free: int | None = None
    reserved: int | None = None
    measurement_path: str | None = Field(default=None, alias="measurementPath")
    cp: WatsNumber | None = None
    cpk: WatsNumber | None = None
    asset_name: str | None = Field(default=None, alias="assetname")
    asset_serial_number: str | None = Field(default=None, alias="serialnumber")
    asset_type_id: str | None = Field(default=None, alias="typeid")
    asset_state: int | None = Field(default=None, alias="assetstate")
