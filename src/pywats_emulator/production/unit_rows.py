"""Unit rows: finding a unit, creating it, rendering it as Unit JSON, recording its changes.

Every function takes the connection of an open :meth:`Storage.transaction`, so an operation
and the change/history rows it records commit together.

A unit that was never saved but has reports is created on first access from its newest report
(revision, process), the way WATS registers units that testers report on.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.production.phases import DEFAULT_PHASE_ID, phase_by_id
from pywats_emulator.production.tables import utc_now

__all__ = [
    "UnitKey",
    "children_of",
    "find_unit",
    "insert_unit",
    "load_unit",
    "record_change",
    "record_state",
    "render_unit",
    "require_key",
    "unit_summary",
]

CREATED_COMMENT = "unit created"
FROM_REPORTS_COMMENT = "unit created from its report history"


@dataclass(frozen=True)
class UnitKey:
    serial_number: str
    part_number: str

    def __str__(self) -> str:
        return f"unit {self.serial_number!r} (part number {self.part_number!r})"

    @property
    def params(self) -> tuple[str, str]:
        return (self.serial_number, self.part_number)


def require_key(
    serial_number: str | None,
    part_number: str | None,
    *,
    serial_name: str = "serialNumber",
    part_name: str = "partNumber",
) -> UnitKey:
    """A unit key from query values, or 400 naming the missing parameter."""
    missing = [
        name
        for name, value in ((serial_name, serial_number), (part_name, part_number))
        if value is None or not value.strip()
    ]
    if missing:
        raise ApiError(400, f"{' and '.join(missing)} required (query parameter)")
    assert serial_number is not None
    assert part_number is not None
    return UnitKey(serial_number.strip(), part_number.strip())


def find_unit(conn: sqlite3.Connection, key: UnitKey) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM production_units WHERE serial_number = ? AND part_number = ?", key.params
    ).fetchone()
    return row


def record_change(
    conn: sqlite3.Connection,
    key: UnitKey,
    *,
    parent: str | None = None,
    part_number: str | None = None,
    revision: str | None = None,
    phase_id: int | None = None,
    process_code: int | None = None,
    comment: str | None = None,
) -> None:
    """Append to the unit-changes feed (``None`` = that attribute did not change)."""
    if all(v is None for v in (parent, part_number, revision, phase_id, process_code)):
        return
    conn.execute(
        "INSERT INTO production_unit_changes (unit_serial_number, unit_part_number,"
        " new_parent_serial_number, new_part_number, new_revision, new_unit_phase_id,"
        " new_process_code, comment, changed_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*key.params, parent, part_number, revision, phase_id, process_code, comment, utc_now()),
    )


def record_state(
    conn: sqlite3.Connection,
    key: UnitKey,
    phase_id: int,
    process_code: int | None,
    comment: str | None,
) -> None:
    """Append to the unit's permanent state (phase + process) history."""
    conn.execute(
        "INSERT INTO production_unit_states (serial_number, part_number, unit_phase_id,"
        " process_code, comment, changed_utc) VALUES (?, ?, ?, ?, ?, ?)",
        (*key.params, phase_id, process_code, comment, utc_now()),
    )


def insert_unit(
    conn: sqlite3.Connection,
    key: UnitKey,
    columns: dict[str, Any],
    *,
    comment: str = CREATED_COMMENT,
) -> sqlite3.Row:
    """Create a unit from column values (phase defaults to "Under production")."""
    values = {"unit_phase_id": DEFAULT_PHASE_ID, **columns}
    now = utc_now()
    names = ["serial_number", "part_number", *values, "created_utc", "updated_utc"]
    marks = ", ".join("?" * len(names))
    conn.execute(
        f"INSERT INTO production_units ({', '.join(names)}) VALUES ({marks})",  # noqa: S608 - names from code
        (*key.params, *values.values(), now, now),
    )
    record_change(
        conn,
        key,
        parent=values.get("parent_serial_number"),
        part_number=key.part_number,
        revision=values.get("revision"),
        phase_id=values["unit_phase_id"],
        process_code=values.get("process_code"),
        comment=comment,
    )
    record_state(conn, key, values["unit_phase_id"], values.get("process_code"), comment)
    row = find_unit(conn, key)
    assert row is not None
    return row


def load_unit(conn: sqlite3.Connection, key: UnitKey) -> sqlite3.Row:
    """The stored unit; else one created from its newest report; else 404."""
    row = find_unit(conn, key)
    if row is not None:
        return row
    report = conn.execute(
        "SELECT revision, process_code FROM reports WHERE serial_number = ? AND part_number = ?"
        " ORDER BY start_key DESC LIMIT 1",
        key.params,
    ).fetchone()
    if report is None:
        raise ApiError(
            404,
            f"{key} not found: create it with PUT /api/Production/Units or "
            "POST /api/internal/Production/CreateUnit, or submit a report for it",
        )
    columns = {"revision": report["revision"], "process_code": report["process_code"]}
    return insert_unit(conn, key, columns, comment=FROM_REPORTS_COMMENT)


def children_of(conn: sqlite3.Connection, key: UnitKey) -> list[sqlite3.Row]:
    return list(
        conn.execute(
            "SELECT * FROM production_units WHERE parent_serial_number = ?"
            " AND parent_part_number = ? ORDER BY serial_number, part_number",
            key.params,
        ).fetchall()
    )


def _phase_name(phase_id: int | None) -> str | None:
    phase = phase_by_id(phase_id)
    return None if phase is None else phase.name


def unit_summary(row: sqlite3.Row) -> dict[str, Any]:
    """The short form used in ``subUnits`` and unit contents."""
    return {
        "serialNumber": row["serial_number"],
        "partNumber": row["part_number"],
        "revision": row["revision"],
        "unitPhaseId": row["unit_phase_id"],
        "unitPhase": _phase_name(row["unit_phase_id"]),
    }


def render_unit(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """The Unit JSON of wats-api.md §2.5, plus unknown keys the client stored."""
    key = UnitKey(row["serial_number"], row["part_number"])
    data: dict[str, Any] = {
        "serialNumber": row["serial_number"],
        "partNumber": row["part_number"],
        "revision": row["revision"],
        "parentSerialNumber": row["parent_serial_number"],
        "parentPartNumber": row["parent_part_number"],
        "batchNumber": row["batch_number"],
        "serialDate": row["serial_date"],
        "currentLocation": row["current_location"],
        "xmlData": row["xml_data"],
        "unitPhaseId": row["unit_phase_id"],
        "unitPhase": _phase_name(row["unit_phase_id"]),
        "processCode": row["process_code"],
        "tags": json.loads(row["tags"]),
        "productRevision": None,
        "product": None,
        "subUnits": [unit_summary(child) for child in children_of(conn, key)],
    }
    for name, value in json.loads(row["extra"]).items():
        data.setdefault(name, value)
    return data
