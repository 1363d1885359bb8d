"""Finding and upserting assets and asset types (wats-api.md §2.4, §8.8).

Every function takes the open transaction's connection, so a request's reads and writes are
one atomic step. Lookups answer 404 with a message that says how to fix the call; conflicting
keys answer 409.

Upsert rules: an asset is matched by ``assetId`` when sent, else by ``serialNumber``
(case-insensitive, like SQL Server's default collation); a type by ``typeId``, else
``typeName``. A sent key that is unknown creates the record with that key.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime
from typing import Any

from pywats_emulator.asset.alarm import next_due
from pywats_emulator.asset.bodies import STATE_NAMES, AssetBody, TypeBody, merge_tags
from pywats_emulator.asset.dates import from_key, to_key
from pywats_emulator.asset.log import LogType, add_log
from pywats_emulator.asset.records import ASSET_SELECT
from pywats_emulator.errors import ApiError

__all__ = [
    "SCRAPPED",
    "check_state_change",
    "descendant_ids",
    "find_asset",
    "find_asset_by_key",
    "find_type",
    "refresh_due_dates",
    "state_change_comment",
    "upsert_asset",
    "upsert_type",
]

SCRAPPED = 6
DEFAULT_STATE = 1  # in operation
MAX_DEPTH = 100  # guards recursive queries; parent cycles are refused on save anyway
_CREATE_TYPE_HINT = "create it with PUT /api/Asset/Types (list them with GET /api/Asset/Types)"


def _not_found(what: str) -> ApiError:
    return ApiError(
        404,
        f"asset '{what}' not found: check the id or serial number, or create "
        "the asset with PUT /api/Asset",
    )


def _row(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(f"{ASSET_SELECT} WHERE {where}", params).fetchone()
    return row


def _guid_or_none(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def check_state_change(row: sqlite3.Row, state: int) -> None:
    """409 when a scrapped asset would leave the scrapped state (it is final)."""
    if row["state"] == SCRAPPED and state != SCRAPPED:
        raise ApiError(
            409, f"asset '{row['serial_number']}' is scrapped; a scrapped asset cannot change state"
        )


def state_change_comment(old: int, new: int) -> str:
    """The log text of a state change, e.g. ``state changed from in operation to scrapped``."""
    return f"state changed from {STATE_NAMES[old]} to {STATE_NAMES[new]}"


def find_asset(
    conn: sqlite3.Connection, asset_id: str | None, serial_number: str | None
) -> sqlite3.Row:
    """The asset named by query ``id`` and/or ``serialNumber`` (both must agree), else 400/404."""
    if not asset_id and not serial_number:
        raise ApiError(400, "give the asset's id or serialNumber as a query parameter")
    row = None
    if asset_id:
        key = _guid_or_none(asset_id)
        if key is None:
            raise ApiError(
                400,
                f"id must be an asset GUID, got {asset_id!r} (use serialNumber for serial numbers)",
            )
        row = _row(conn, "a.asset_id = ?", (key,))
        if row is None:
            raise _not_found(asset_id)
        if serial_number and row["serial_number"].casefold() != serial_number.casefold():
            raise ApiError(
                400,
                f"id {asset_id} is asset '{row['serial_number']}', not "
                f"'{serial_number}': give one of them",
            )
        return row
    assert serial_number is not None
    row = _row(conn, "a.serial_number = ?", (serial_number,))
    if row is None:
        raise _not_found(serial_number)
    return row


def find_asset_by_key(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    """``GET /api/Asset/{assetId or serialNumber}``: a GUID is tried as an id first."""
    guid = _guid_or_none(key)
    row = None if guid is None else _row(conn, "a.asset_id = ?", (guid,))
    if row is None:
        row = _row(conn, "a.serial_number = ?", (key,))
    if row is None:
        raise _not_found(key)
    return row


def descendant_ids(conn: sqlite3.Connection, asset_id: str, max_level: int | None) -> list[str]:
    """Ids of the sub-assets down to ``max_level`` generations (all when ``None``), nearest
    generation first, each generation by serial number."""
    depth = MAX_DEPTH if max_level is None else min(max_level, MAX_DEPTH)
    rows = conn.execute(
        "WITH RECURSIVE sub(id, level) AS ("
        " SELECT asset_id, 1 FROM assets WHERE parent_asset_id = ?"
        " UNION ALL SELECT a.asset_id, sub.level + 1 FROM assets AS a"
        " JOIN sub ON a.parent_asset_id = sub.id WHERE sub.level < ?)"
        " SELECT sub.id FROM sub JOIN assets AS a ON a.asset_id = sub.id"
        " ORDER BY sub.level, a.serial_number",
        (asset_id, depth),
    ).fetchall()
    return [row["id"] for row in rows]


def find_type(conn: sqlite3.Connection, type_id: str | None, type_name: str | None) -> sqlite3.Row:
    """An asset type by id or name, else 404."""
    if type_id is not None:
        row = conn.execute("SELECT * FROM asset_types WHERE type_id = ?", (type_id,)).fetchone()
        what = type_id
    else:
        row = conn.execute("SELECT * FROM asset_types WHERE type_name = ?", (type_name,)).fetchone()
        what = str(type_name)
    if row is None:
        raise ApiError(404, f"asset type '{what}' not found: {_CREATE_TYPE_HINT}")
    result: sqlite3.Row = row
    return result


def refresh_due_dates(
    conn: sqlite3.Connection, *, asset_id: str | None = None, type_id: str | None = None
) -> None:
    """Recompute ``next*Date`` of one asset or of every asset of a type (see :mod:`.alarm`)."""
    where, param = (
        ("a.asset_id = ?", asset_id) if asset_id is not None else ("a.type_id = ?", type_id)
    )
    rows = conn.execute(
        "SELECT a.asset_id, a.last_calibration_date, a.calibration_due_external,"  # noqa: S608
        " a.last_maintenance_date, a.maintenance_due_external,"
        " t.calibration_interval, t.maintenance_interval"
        f" FROM assets AS a LEFT JOIN asset_types AS t ON t.type_id = a.type_id WHERE {where}",
        (param,),
    ).fetchall()
    for row in rows:
        dates = []
        for kind in ("calibration", "maintenance"):
            last, external = row[f"last_{kind}_date"], row[f"{kind}_due_external"]
            due = next_due(
                row[f"{kind}_interval"],
                None if last is None else from_key(last),
                None if external is None else from_key(external),
            )
            dates.append(None if due is None else to_key(due))
        conn.execute(
            "UPDATE assets SET next_calibration_date = ?, next_maintenance_date = ?"
            " WHERE asset_id = ?",
            (*dates, row["asset_id"]),
        )


def _match_asset(conn: sqlite3.Connection, body: AssetBody) -> sqlite3.Row | None:
    by_id = None if body.asset_id is None else _row(conn, "a.asset_id = ?", (body.asset_id,))
    by_serial = _row(conn, "a.serial_number = ?", (body.serial_number,))
    if by_serial is not None and (
        (by_id is None and body.asset_id is not None)
        or (by_id is not None and by_id["asset_id"] != by_serial["asset_id"])
    ):
        raise ApiError(
            409,
            f"serial number '{body.serial_number}' already belongs to asset "
            f"{by_serial['asset_id']}: send that assetId, or another serialNumber",
        )
    return by_id or by_serial


def _parent_id(conn: sqlite3.Connection, body: AssetBody, asset_id: str) -> str | None:
    parent = None
    if body.parent_asset_id is not None:
        parent = _row(conn, "a.asset_id = ?", (body.parent_asset_id,))
        if parent is None:
            raise ApiError(
                404,
                f"parent asset '{body.parent_asset_id}' not found: create it "
                "first with PUT /api/Asset",
            )
    if body.parent_serial_number is not None:
        by_serial = _row(conn, "a.serial_number = ?", (body.parent_serial_number,))
        if by_serial is None:
            raise ApiError(
                404,
                f"parent asset '{body.parent_serial_number}' not found: create "
                "it first with PUT /api/Asset",
            )
        if parent is not None and parent["asset_id"] != by_serial["asset_id"]:
            raise ApiError(
                400, "parentAssetId and parentSerialNumber name different assets: give one of them"
            )
        parent = by_serial
    if parent is None:
        return None
    if parent["asset_id"] == asset_id or parent["asset_id"] in descendant_ids(conn, asset_id, None):
        raise ApiError(
            400,
            f"asset '{body.serial_number}' cannot have '{parent['serial_number']}'"
            " as parent: that would make a cycle of sub-assets",
        )
    parent_id: str = parent["asset_id"]
    return parent_id


def upsert_asset(conn: sqlite3.Connection, body: AssetBody, now: datetime, user: str) -> str:
    """Create or update an asset from a parsed body; return its id (§8.8)."""
    existing = _match_asset(conn, body)
    asset_id = existing["asset_id"] if existing is not None else body.asset_id or str(uuid.uuid4())
    columns: dict[str, Any] = {"serial_number": body.serial_number, **body.columns}
    if body.type_id is not None or body.type_name is not None:
        columns["type_id"] = find_type(conn, body.type_id, body.type_name)["type_id"]
    if body.parent_asset_id is not None or body.parent_serial_number is not None:
        columns["parent_asset_id"] = _parent_id(conn, body, asset_id)
    if existing is not None and "state" in columns:
        check_state_change(existing, columns["state"])
    if body.tags is not None:
        stored = [] if existing is None else json.loads(existing["tags"])
        columns["tags"] = json.dumps(merge_tags(stored, body.tags))
    if existing is None:
        columns.setdefault("state", DEFAULT_STATE)
        columns.update(asset_id=asset_id, first_seen_date=to_key(now), last_seen_date=to_key(now))
        names = ", ".join(columns)
        conn.execute(
            f"INSERT INTO assets ({names}) VALUES ({', '.join('?' * len(columns))})",  # noqa: S608
            tuple(columns.values()),
        )
        add_log(conn, asset_id, body.serial_number, LogType.REGISTER, "asset registered", user, now)
    else:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        conn.execute(
            f"UPDATE assets SET {assignments} WHERE asset_id = ?",  # noqa: S608 - known columns
            (*columns.values(), asset_id),
        )
        add_log(conn, asset_id, body.serial_number, LogType.UPDATE, "asset updated", user, now)
        if columns.get("state", existing["state"]) != existing["state"]:
            comment = state_change_comment(existing["state"], columns["state"])
            add_log(conn, asset_id, body.serial_number, LogType.STATE_CHANGE, comment, user, now)
    refresh_due_dates(conn, asset_id=asset_id)
    return asset_id


def upsert_type(conn: sqlite3.Connection, body: TypeBody) -> str:
    """Create or update an asset type; refresh its assets' due dates; return its id."""
    existing = None
    if body.type_id is not None:
        existing = conn.execute(
            "SELECT * FROM asset_types WHERE type_id = ?", (body.type_id,)
        ).fetchone()
    named = conn.execute(
        "SELECT * FROM asset_types WHERE type_name = ?", (body.type_name,)
    ).fetchone()
    if named is not None and (
        (existing is None and body.type_id is not None)
        or (existing is not None and named["type_id"] != existing["type_id"])
    ):
        raise ApiError(
            409,
            f"asset type name '{body.type_name}' is used by type "
            f"{named['type_id']}: send that typeId, or another typeName",
        )
    existing = existing or named
    if existing is not None and existing["is_readonly"]:
        raise ApiError(
            409, f"asset type '{existing['type_name']}' is read-only and cannot be changed"
        )
    columns: dict[str, Any] = {"type_name": body.type_name, **body.columns}
    if existing is None:
        type_id = body.type_id or str(uuid.uuid4())
        columns["type_id"] = type_id
        conn.execute(
            f"INSERT INTO asset_types ({', '.join(columns)})"  # noqa: S608 - known columns
            f" VALUES ({', '.join('?' * len(columns))})",
            tuple(columns.values()),
        )
        return type_id
    type_id = existing["type_id"]
    assignments = ", ".join(f"{name} = ?" for name in columns)
    conn.execute(
        f"UPDATE asset_types SET {assignments} WHERE type_id = ?",  # noqa: S608 - known columns
        (*columns.values(), type_id),
    )
    refresh_due_dates(conn, type_id=type_id)
    return str(type_id)
