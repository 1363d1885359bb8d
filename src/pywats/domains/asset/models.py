"""Pydantic models of the Asset domain (wats-api.md §2.4).

Aliases are the server's exact JSON keys (``ClientId`` is PascalCase on the wire); Python names
are snake_case; unknown keys are kept (:class:`~pywats.domains.report.models.WatsModel`), so a
newer server never breaks an older client. Enum fields also accept values this client does not
know yet (they stay plain ints). Tags are the :class:`Setting` objects shared with products.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum, IntEnum
from typing import Annotated

from pydantic import Field

from pywats.domains.product.models import Setting, SettingChange
from pywats.domains.report.models import WatsModel

__all__ = [
    "AlarmSource",
    "AlarmState",
    "Asset",
    "AssetAlarm",
    "AssetLogEntry",
    "AssetLogType",
    "AssetState",
    "AssetStatus",
    "AssetType",
    "IntervalMode",
    "Setting",
    "SettingChange",
]


class AssetState(IntEnum):
    """Where an asset is in its life (``state``)."""

    UNKNOWN = 0
    IN_OPERATION = 1
    IN_TRANSIT = 2
    IN_MAINTENANCE = 3
    IN_CALIBRATION = 4
    IN_STORAGE = 5
    SCRAPPED = 6


class AlarmState(IntEnum):
    """How urgently an asset needs attention (``alarmState`` of the status)."""

    OK = 0
    WARNING = 1
    ALARM = 2


class AssetLogType(IntEnum):
    """What an asset log entry records (``type``)."""

    MESSAGE = 0
    REGISTER = 1
    UPDATE = 2
    RESET_COUNT = 3
    CALIBRATION = 4
    MAINTENANCE = 5
    STATE_CHANGE = 6


class IntervalMode(IntEnum):
    """How a calibration/maintenance interval is read: a positive interval (days) is normal;
    the negative values -1 and -2 stand for the other modes."""

    NORMAL = 0
    UNLIMITED = -1
    EXTERNAL = -2


class AlarmSource(str, Enum):
    """What an entry of :attr:`AssetStatus.alarms` looked at."""

    RUNNING_COUNT = "runningCount"
    TOTAL_COUNT = "totalCount"
    CALIBRATION = "calibration"
    MAINTENANCE = "maintenance"


# Known values load as the enum, unknown ones stay as sent (a newer server may add values).
AssetStateValue = Annotated[AssetState | int, Field(union_mode="left_to_right")]
AlarmStateValue = Annotated[AlarmState | int, Field(union_mode="left_to_right")]
AssetLogTypeValue = Annotated[AssetLogType | int, Field(union_mode="left_to_right")]
AlarmSourceValue = Annotated[AlarmSource | str, Field(union_mode="left_to_right")]


class AssetType(WatsModel):
    """A kind of asset, with the limits and intervals its alarm state is computed from.

    Intervals are days; ``-1`` means unlimited and ``-2`` external (see :class:`IntervalMode`).
    Thresholds are percentages of a limit at which the status turns to warning / alarm.
    """

    type_name: str = Field(alias="typeName")
    type_id: str | None = Field(default=None, alias="typeId")
    running_count_limit: int | None = Field(default=None, alias="runningCountLimit")
    total_count_limit: int | None = Field(default=None, alias="totalCountLimit")
    maintenance_interval: int | float | None = Field(default=None, alias="maintenanceInterval")
    calibration_interval: int | float | None = Field(default=None, alias="calibrationInterval")
    warning_threshold: int | float | None = Field(default=None, alias="warningThreshold")
    alarm_threshold: int | float | None = Field(default=None, alias="alarmThreshold")
    is_readonly: bool | None = Field(default=None, alias="isReadonly")
    icon: str | None = None


class AssetLogEntry(WatsModel):
    """One entry of an asset's log."""

    log_id: int | None = Field(default=None, alias="logId")
    asset_id: str | None = Field(default=None, alias="assetId")
    serial_number: str | None = Field(default=None, alias="serialNumber")
    date: datetime | None = None
    user: str | None = None
    type: AssetLogTypeValue | None = None
    comment: str | None = None


class Asset(WatsModel):
    """A piece of equipment used in production (fixture, instrument, cable...).

    ``serial_number`` identifies it (with the server-assigned ``asset_id``); ``type_id`` links it
    to an :class:`AssetType`. The ``next*_date`` fields, ``first_seen_date``/``last_seen_date``,
    ``asset_type``, ``asset_children`` and ``asset_log`` are filled by the server.
    """

    serial_number: str = Field(alias="serialNumber")
    type_id: str | None = Field(default=None, alias="typeId")
    asset_id: str | None = Field(default=None, alias="assetId")
    parent_asset_id: str | None = Field(default=None, alias="parentAssetId")
    parent_serial_number: str | None = Field(default=None, alias="parentSerialNumber")
    asset_name: str | None = Field(default=None, alias="assetName")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    client_id: int | None = Field(default=None, alias="ClientId")
    state: AssetStateValue | None = None
    description: str | None = None
    location: str | None = None
    first_seen_date: datetime | None = Field(default=None, alias="firstSeenDate")
    last_seen_date: datetime | None = Field(default=None, alias="lastSeenDate")
    last_maintenance_date: datetime | None = Field(default=None, alias="lastMaintenanceDate")
    next_maintenance_date: datetime | None = Field(default=None, alias="nextMaintenanceDate")
    last_calibration_date: datetime | None = Field(default=None, alias="lastCalibrationDate")
    next_calibration_date: datetime | None = Field(default=None, alias="nextCalibrationDate")
    total_count: int | None = Field(default=None, alias="totalCount")
    running_count: int | None = Field(default=None, alias="runningCount")
    tags: list[Setting] | None = None
    asset_children: list[Asset] | None = Field(default=None, alias="assetChildren")
    asset_type: AssetType | None = Field(default=None, alias="assetType")
    asset_log: list[AssetLogEntry] | None = Field(default=None, alias="assetLog")


class AssetAlarm(WatsModel):
    """One check of the status that is not OK: what it looked at, its state and why."""

    source: AlarmSourceValue | None = None
    alarm_state: AlarmStateValue | None = Field(default=None, alias="alarmState")
    message: str | None = None


class AssetStatus(WatsModel):
    """``GET /api/Asset/Status``: counts, due dates and the alarm state computed by the server.

    The count and day keys are those of a report's ``assetStats``; ``alarms`` lists the checks
    that are not OK and ``message`` joins their messages.
    """

    asset_id: str | None = Field(default=None, alias="assetId")
    serial_number: str | None = Field(default=None, alias="serialNumber")
    asset_name: str | None = Field(default=None, alias="assetName")
    type_id: str | None = Field(default=None, alias="typeId")
    type_name: str | None = Field(default=None, alias="typeName")
    state: AssetStateValue | None = None
    alarm_state: AlarmStateValue | None = Field(default=None, alias="alarmState")
    message: str | None = None
    alarms: list[AssetAlarm] | None = None
    running_count: int | None = Field(default=None, alias="runningCount")
    running_count_limit: int | None = Field(default=None, alias="runningCountLimit")
    running_count_exceeded: bool | None = Field(default=None, alias="runningCountExceeded")
    total_count: int | None = Field(default=None, alias="totalCount")
    total_count_limit: int | None = Field(default=None, alias="totalCountLimit")
    total_count_exceeded: bool | None = Field(default=None, alias="totalCountExceeded")
    last_calibration_date: datetime | None = Field(default=None, alias="lastCalibrationDate")
    next_calibration_date: datetime | None = Field(default=None, alias="nextCalibrationDate")
    days_since_calibration: float | None = Field(default=None, alias="daysSinceCalibration")
    is_days_since_calibration_unknown: bool | None = Field(
        default=None, alias="isDaysSinceCalibrationUnknown"
    )
    calibration_days_overdue: float | None = Field(default=None, alias="calibrationDaysOverdue")
    last_maintenance_date: datetime | None = Field(default=None, alias="lastMaintenanceDate")
    next_maintenance_date: datetime | None = Field(default=None, alias="nextMaintenanceDate")
    days_since_maintenance: float | None = Field(default=None, alias="daysSinceMaintenance")
    is_days_since_maintenance_unknown: bool | None = Field(
        default=None, alias="isDaysSinceMaintenanceUnknown"
    )
    maintenance_days_overdue: float | None = Field(default=None, alias="maintenanceDaysOverdue")
    warning_threshold: int | float | None = Field(default=None, alias="warningThreshold")
    alarm_threshold: int | float | None = Field(default=None, alias="alarmThreshold")
