"""Reading asset rows: the joined SELECT, the JSON shapes of §2.4 and the OData field maps.

Assets are read joined with their parent (for ``parentSerialNumber``) and their type (the
embedded ``assetType``, and the limits the status needs), so one row renders a whole Asset.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from pywats_emulator.asset.dates import show
from pywats_emulator.odata import FieldKind, FilterField, FilterSchema

__all__ = [
    "ASSET_DEFAULT_ORDER",
    "ASSET_SCHEMA",
    "ASSET_SELECT",
    "ASSET_SORTABLE",
    "LOG_DEFAULT_ORDER",
    "LOG_SCHEMA",
    "LOG_SORTABLE",
    "TYPE_DEFAULT_ORDER",
    "TYPE_SCHEMA",
    "TYPE_SORTABLE",
    "asset_json",
    "joined_type",
    "log_json",
    "type_json",
]

TYPE_COLUMNS = (
    "type_name",
    "running_count_limit",
    "total_count_limit",
    "maintenance_interval",
    "calibration_interval",
    "warning_threshold",
    "alarm_threshold",
    "is_readonly",
    "icon",
)
ASSET_SELECT = (
    "SELECT a.*, p.serial_number AS parent_serial_number, "  # noqa: S608 - fixed names
    + ", ".join(f"t.{column} AS t_{column}" for column in TYPE_COLUMNS)
    + " FROM assets AS a LEFT JOIN assets AS p ON p.asset_id = a.parent_asset_id"
    " LEFT JOIN asset_types AS t ON t.type_id = a.type_id"
)

_S, _N, _D, _B = FieldKind.STRING, FieldKind.NUMBER, FieldKind.DATETIME, FieldKind.BOOLEAN


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _fields(spec: Mapping[str, tuple[str, FieldKind]]) -> dict[str, FilterField]:
    guid_keys = {"assetId", "typeId", "parentAssetId"}
    return {
        name: FilterField(sql, kind, _lower if name in guid_keys else None)
        for name, (sql, kind) in spec.items()
    }


_ASSET_FIELDS = _fields(
    {
        "assetId": ("a.asset_id", _S),
        "serialNumber": ("a.serial_number", _S),
        "typeId": ("a.type_id", _S),
        "parentAssetId": ("a.parent_asset_id", _S),
        "parentSerialNumber": ("p.serial_number", _S),
        "assetName": ("a.asset_name", _S),
        "partNumber": ("a.part_number", _S),
        "revision": ("a.revision", _S),
        "ClientId": ("a.client_id", _N),
        "state": ("a.state", _N),
        "description": ("a.description", _S),
        "location": ("a.location", _S),
        "firstSeenDate": ("a.first_seen_date", _D),
        "lastSeenDate": ("a.last_seen_date", _D),
        "lastMaintenanceDate": ("a.last_maintenance_date", _D),
        "nextMaintenanceDate": ("a.next_maintenance_date", _D),
        "lastCalibrationDate": ("a.last_calibration_date", _D),
        "nextCalibrationDate": ("a.next_calibration_date", _D),
        "totalCount": ("a.total_count", _N),
        "runningCount": ("a.running_count", _N),
        "assetType/typeName": ("t.type_name", _S),
    }
)
ASSET_SCHEMA = FilterSchema(fields=_ASSET_FIELDS, alias="a", key_sql="a.asset_id")
ASSET_SORTABLE = {name: f.sql for name, f in _ASSET_FIELDS.items()}
ASSET_DEFAULT_ORDER = "a.serial_number ASC"

_LOG_FIELDS = _fields(
    {
        "logId": ("l.log_id", _N),
        "assetId": ("l.asset_id", _S),
        "serialNumber": ("l.serial_number", _S),
        "date": ("l.date", _D),
        "user": ("l.user", _S),
        "type": ("l.type", _N),
        "comment": ("l.comment", _S),
    }
)
LOG_SCHEMA = FilterSchema(fields=_LOG_FIELDS, alias="l", key_sql="l.log_id")
LOG_SORTABLE = {name: f.sql for name, f in _LOG_FIELDS.items()}
LOG_DEFAULT_ORDER = "l.log_id DESC"

_TYPE_FIELDS = _fields(
    {
        "typeId": ("t.type_id", _S),
        "typeName": ("t.type_name", _S),
        "runningCountLimit": ("t.running_count_limit", _N),
        "totalCountLimit": ("t.total_count_limit", _N),
        "maintenanceInterval": ("t.maintenance_interval", _N),
        "calibrationInterval": ("t.calibration_interval", _N),
        "warningThreshold": ("t.warning_threshold", _N),
        "alarmThreshold": ("t.alarm_threshold", _N),
        "isReadonly": ("t.is_readonly", _B),
        "icon": ("t.icon", _S),
    }
)
TYPE_SCHEMA = FilterSchema(fields=_TYPE_FIELDS, alias="t", key_sql="t.type_id")
TYPE_SORTABLE = {name: f.sql for name, f in _TYPE_FIELDS.items()}
TYPE_DEFAULT_ORDER = "t.type_name ASC"


def type_json(values: Mapping[str, Any] | sqlite3.Row) -> dict[str, Any]:
    """An AssetType object from a type row (or a mapping with the same column names)."""
    return {
        "typeId": values["type_id"],
        "typeName": values["type_name"],
        "runningCountLimit": values["running_count_limit"],
        "totalCountLimit": values["total_count_limit"],
        "maintenanceInterval": values["maintenance_interval"],
        "calibrationInterval": values["calibration_interval"],
        "warningThreshold": values["warning_threshold"],
        "alarmThreshold": values["alarm_threshold"],
        "isReadonly": bool(values["is_readonly"]),
        "icon": values["icon"],
    }


def joined_type(row: sqlite3.Row) -> dict[str, Any] | None:
    """The type columns of an :data:`ASSET_SELECT` row, unprefixed (``None`` if no type)."""
    if row["type_id"] is None or row["t_type_name"] is None:
        return None
    values = {column: row[f"t_{column}"] for column in TYPE_COLUMNS}
    values["type_id"] = row["type_id"]
    return values


def asset_json(row: sqlite3.Row, *, children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """An Asset object (§2.4) from an :data:`ASSET_SELECT` row.

    ``assetChildren`` is ``children`` (direct sub-assets for single-asset answers, ``None`` in
    lists); ``assetLog`` is always ``None`` (``GET /api/Asset/Log`` has it).
    """
    asset_type = joined_type(row)
    return {
        "assetId": row["asset_id"],
        "serialNumber": row["serial_number"],
        "typeId": row["type_id"],
        "parentAssetId": row["parent_asset_id"],
        "parentSerialNumber": row["parent_serial_number"],
        "assetName": row["asset_name"],
        "partNumber": row["part_number"],
        "revision": row["revision"],
        "ClientId": row["client_id"],
        "state": row["state"],
        "description": row["description"],
        "location": row["location"],
        "firstSeenDate": show(row["first_seen_date"]),
        "lastSeenDate": show(row["last_seen_date"]),
        "lastMaintenanceDate": show(row["last_maintenance_date"]),
        "nextMaintenanceDate": show(row["next_maintenance_date"]),
        "lastCalibrationDate": show(row["last_calibration_date"]),
        "nextCalibrationDate": show(row["next_calibration_date"]),
        "totalCount": row["total_count"],
        "runningCount": row["running_count"],
        "tags": json.loads(row["tags"]),
        "assetChildren": children,
        "assetType": None if asset_type is None else type_json(asset_type),
        "assetLog": None,
    }


def log_json(row: sqlite3.Row) -> dict[str, Any]:
    """An asset log entry: ``logId``, ``assetId``, ``serialNumber``, ``date``, ``user``,
    ``type``, ``comment``."""
    return {
        "logId": row["log_id"],
        "assetId": row["asset_id"],
        "serialNumber": row["serial_number"],
        "date": show(row["date"]),
        "user": row["user"],
        "type": row["type"],
        "comment": row["comment"],
    }
