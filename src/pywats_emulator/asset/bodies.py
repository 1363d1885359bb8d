"""Checking Asset, AssetType and message bodies the way the server would: 400 with a reason.

Each parser returns only the keys the client sent (a ``PUT`` is an upsert that merges: absent
keys keep their stored value). Output-only keys (``nextCalibrationDate``, ``firstSeenDate``,
``assetChildren``, ``assetLog``...) and unknown keys are ignored, as a server ignores them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pywats_emulator.asset.alarm import interval_mode
from pywats_emulator.asset.dates import parse_query_datetime, to_key
from pywats_emulator.errors import ApiError

__all__ = [
    "STATE_NAMES",
    "AssetBody",
    "MessageBody",
    "TypeBody",
    "check_state",
    "merge_tags",
    "parse_asset",
    "parse_file_names",
    "parse_guid",
    "parse_message",
    "parse_type",
]

STATE_NAMES = (
    "unknown",
    "in operation",
    "in transit",
    "in maintenance",
    "in calibration",
    "in storage",
    "scrapped",
)
"""Asset states by value (wats-api.md §2.4)."""
_STATES_TEXT = ", ".join(f"{value} {name}" for value, name in enumerate(STATE_NAMES))
_TAG_CHANGES = (0, 1, 2, 3)  # none, add, update, delete
_TAG_DELETE = 3


def _bad(what: str, key: str, expected: str, value: Any) -> ApiError:
    return ApiError(400, f"{what}: '{key}' must be {expected}, got {value!r}")


def parse_guid(value: Any, name: str) -> str:
    """A GUID in canonical lower-case form, or 400."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ApiError(400, f"{name} must be a GUID, got {value!r}") from None


def check_state(value: int) -> int:
    """The state value if it is one of 0..6, else 400 listing the states."""
    if not 0 <= value < len(STATE_NAMES):
        raise ApiError(400, f"state must be one of {_STATES_TEXT}; got {value}")
    return value


class _Reader:
    """Typed access to the keys of one JSON object, for one kind of body."""

    def __init__(self, body: Any, what: str) -> None:
        if not isinstance(body, Mapping):
            raise ApiError(400, f"{what}: expected a JSON object, got {type(body).__name__}")
        self.body = body
        self.what = what

    def has(self, key: str) -> bool:
        return key in self.body

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.body.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise _bad(self.what, key, "a non-empty string" if required else "a string", value)
        return value

    def integer(self, key: str, *, minimum: int | None = 0) -> int | None:
        value = self.body.get(key)
        if value is None:
            return None
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or (minimum is not None and value < minimum):
            expected = "an integer" if minimum is None else f"an integer >= {minimum}"
            raise _bad(self.what, key, expected, value)
        return int(value)

    def number(self, key: str, *, minimum: float | None = None) -> float | None:
        value = self.body.get(key)
        if value is None:
            return None
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or (minimum is not None and value < minimum):
            expected = "a number" if minimum is None else f"a number >= {minimum:g}"
            raise _bad(self.what, key, expected, value)
        return value  # type: ignore[no-any-return]

    def boolean(self, key: str) -> bool | None:
        value = self.body.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise _bad(self.what, key, "true or false", value)

    def guid(self, key: str) -> str | None:
        value = self.body.get(key)
        return None if value is None else parse_guid(value, f"{self.what}: '{key}'")

    def date_key(self, key: str) -> str | None:
        value = self.body.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise _bad(self.what, key, "an ISO-8601 datetime string", value)
        return to_key(parse_query_datetime(value, f"{self.what}: '{key}'"))


@dataclass
class AssetBody:
    """A parsed ``PUT /api/Asset`` body; ``columns`` holds the plain columns that were sent."""

    serial_number: str
    asset_id: str | None = None
    type_id: str | None = None
    type_name: str | None = None
    parent_asset_id: str | None = None
    parent_serial_number: str | None = None
    columns: dict[str, Any] = field(default_factory=dict)
    tags: list[dict[str, Any]] | None = None


_ASSET_TEXT = {
    "assetName": "asset_name",
    "partNumber": "part_number",
    "revision": "revision",
    "description": "description",
    "location": "location",
}
_ASSET_COUNTS = {"totalCount": "total_count", "runningCount": "running_count"}
_ASSET_DATES = {
    "lastCalibrationDate": "last_calibration_date",
    "lastMaintenanceDate": "last_maintenance_date",
}


def parse_asset(body: Any) -> AssetBody:
    """Check an Asset body (``serialNumber`` required)."""
    read = _Reader(body, "asset")
    serial = read.text("serialNumber", required=True)
    assert serial is not None
    parsed = AssetBody(
        serial_number=serial.strip(),
        asset_id=read.guid("assetId"),
        type_id=read.guid("typeId"),
        parent_asset_id=read.guid("parentAssetId"),
        parent_serial_number=read.text("parentSerialNumber"),
    )
    if parsed.type_id is None and isinstance(read.body.get("assetType"), Mapping):
        embedded = _Reader(read.body["assetType"], "asset.assetType")
        parsed.type_id = embedded.guid("typeId")
        parsed.type_name = embedded.text("typeName")
    for key, column in _ASSET_TEXT.items():
        if read.has(key):
            parsed.columns[column] = read.text(key)
    for key, column in _ASSET_COUNTS.items():
        if read.body.get(key) is not None:
            parsed.columns[column] = read.integer(key)
    for key, column in _ASSET_DATES.items():
        if read.has(key):
            parsed.columns[column] = read.date_key(key)
    if read.has("ClientId"):
        parsed.columns["client_id"] = read.integer("ClientId", minimum=None)
    if read.body.get("state") is not None:
        state = read.integer("state", minimum=None)
        assert state is not None
        parsed.columns["state"] = check_state(state)
    if read.body.get("tags") is not None:
        parsed.tags = _parse_tags(read.body["tags"])
    return parsed


def _parse_tags(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise _bad("asset", "tags", "a list of {key, value} objects", value)
    tags = []
    for index, item in enumerate(value):
        read = _Reader(item, f"asset.tags[{index}]")
        key = read.text("key", required=True)
        change = read.integer("change") or 0
        if change not in _TAG_CHANGES:
            raise _bad(read.what, "change", "0 none, 1 add, 2 update or 3 delete", change)
        value_text = read.body.get("value")
        tags.append(
            {"key": key, "value": None if value_text is None else str(value_text), "change": change}
        )
    return tags


def merge_tags(
    stored: list[dict[str, Any]], incoming: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Apply sent tags: a plain list replaces the stored one; entries with a ``change`` of
    1 add, 2 update or 3 delete edit it key by key (other stored tags are kept)."""
    if all(tag["change"] == 0 for tag in incoming):
        return [{"key": tag["key"], "value": tag["value"]} for tag in incoming]
    merged = {tag["key"]: tag["value"] for tag in stored}
    for tag in incoming:
        if tag["change"] == _TAG_DELETE:
            merged.pop(tag["key"], None)
        else:
            merged[tag["key"]] = tag["value"]
    return [{"key": key, "value": value} for key, value in merged.items()]


@dataclass
class TypeBody:
    """A parsed ``PUT /api/Asset/Types`` body; ``columns`` holds what was sent."""

    type_name: str
    type_id: str | None
    columns: dict[str, Any] = field(default_factory=dict)


_TYPE_LIMITS = {"runningCountLimit": "running_count_limit", "totalCountLimit": "total_count_limit"}
_TYPE_INTERVALS = {
    "maintenanceInterval": "maintenance_interval",
    "calibrationInterval": "calibration_interval",
}
_TYPE_THRESHOLDS = {"warningThreshold": "warning_threshold", "alarmThreshold": "alarm_threshold"}


def parse_type(body: Any) -> TypeBody:
    """Check an AssetType body (``typeName`` required)."""
    read = _Reader(body, "asset type")
    name = read.text("typeName", required=True)
    assert name is not None
    parsed = TypeBody(type_name=name.strip(), type_id=read.guid("typeId"))
    for key, column in _TYPE_LIMITS.items():
        if read.has(key):
            parsed.columns[column] = read.integer(key)
    for key, column in _TYPE_INTERVALS.items():
        if read.has(key):
            interval = read.number(key)
            try:
                interval_mode(interval)
            except ValueError as exc:
                raise ApiError(400, f"asset type: '{key}': {exc}") from None
            parsed.columns[column] = interval
    for key, column in _TYPE_THRESHOLDS.items():
        if read.has(key):
            parsed.columns[column] = read.number(key, minimum=0)
    if read.has("isReadonly"):
        parsed.columns["is_readonly"] = int(bool(read.boolean("isReadonly")))
    if read.has("icon"):
        parsed.columns["icon"] = read.text("icon")
    return parsed


@dataclass(frozen=True)
class MessageBody:
    asset_id: str
    comment: str
    user: str | None


def parse_message(body: Any) -> MessageBody:
    """Check a ``POST /api/Asset/Message`` body: ``{assetId, comment, user?}``."""
    read = _Reader(body, "message")
    if read.body.get("assetId") is None:
        raise ApiError(400, "message: 'assetId' is required (the GUID of the asset)")
    asset_id = read.guid("assetId")
    comment = read.text("comment", required=True)
    assert asset_id is not None
    assert comment is not None
    return MessageBody(asset_id=asset_id, comment=comment, user=read.text("user"))


def parse_file_names(body: Any) -> list[str]:
    """A non-empty JSON array of file names (the body of a files delete)."""
    if not isinstance(body, list) or not body or not all(isinstance(n, str) for n in body):
        raise ApiError(400, 'body must be a non-empty JSON array of file names, e.g. ["a.pdf"]')
    return list(dict.fromkeys(body))
