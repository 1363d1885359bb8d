"""Units: save (upsert), create, phase and process changes, the changes feed, state history.

Each public function runs one :meth:`Storage.transaction`: checks, writes and the change and
history rows it records commit together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.processes import ProcessTable
from pywats_emulator.production.assembly import link_parent, resolve_parent, unlink_parent
from pywats_emulator.production.phases import phase_by_id, resolve_phase
from pywats_emulator.production.tables import utc_now
from pywats_emulator.production.unit_input import UnitInput, merge_tags, parse_unit
from pywats_emulator.production.unit_rows import (
    UnitKey,
    find_unit,
    insert_unit,
    load_unit,
    record_change,
    record_state,
    render_unit,
)
from pywats_emulator.storage import Storage

__all__ = [
    "create_unit",
    "delete_change",
    "get_unit",
    "list_changes",
    "save_units",
    "set_phase",
    "set_process",
    "state_history",
    "units_by_serial",
]

MAX_UNITS_PER_SAVE = 1000


def get_unit(storage: Storage, key: UnitKey) -> dict[str, Any]:
    with storage.transaction() as conn:
        return render_unit(conn, load_unit(conn, key))


def units_by_serial(storage: Storage, serial_number: str) -> list[dict[str, Any]]:
    """Every unit with this serial number (any part number)."""
    with storage.transaction() as conn:
        rows = conn.execute(
            "SELECT * FROM production_units WHERE serial_number = ? ORDER BY part_number",
            (serial_number,),
        ).fetchall()
        return [render_unit(conn, row) for row in rows]


def _apply(conn: sqlite3.Connection, unit: UnitInput) -> None:
    key = unit.key
    row = find_unit(conn, key)
    columns: dict[str, Any] = dict(unit.columns)
    if unit.phase_id is not None:
        columns["unit_phase_id"] = unit.phase_id
    if unit.process_given:
        columns["process_code"] = unit.process_code
    if unit.extra:
        current_extra = json.loads(row["extra"]) if row is not None else {}
        columns["extra"] = json.dumps({**current_extra, **unit.extra})
    if unit.tags is not None:
        current_tags = json.loads(row["tags"]) if row is not None else []
        columns["tags"] = json.dumps(merge_tags(current_tags, unit.tags))
    if row is None:
        insert_unit(conn, key, columns)
    else:
        changed = {c: v for c, v in columns.items() if row[c] != v}
        if changed:
            sets = ", ".join(f"{column} = ?" for column in changed)
            conn.execute(
                f"UPDATE production_units SET {sets}, updated_utc = ?"  # noqa: S608 - names from code
                " WHERE serial_number = ? AND part_number = ?",
                (*changed.values(), utc_now(), *key.params),
            )
            record_change(
                conn,
                key,
                revision=changed.get("revision"),
                phase_id=changed.get("unit_phase_id"),
                process_code=changed.get("process_code"),
            )
            if "unit_phase_id" in changed or "process_code" in changed:
                new = find_unit(conn, key)
                assert new is not None
                record_state(conn, key, new["unit_phase_id"], new["process_code"], None)
    if unit.parent_given:
        if unit.parent_serial_number is None:
            unlink_parent(conn, key)
        else:
            parent = resolve_parent(conn, unit.parent_serial_number, unit.parent_part_number)
            link_parent(conn, parent, key, move=True)


def save_units(storage: Storage, processes: ProcessTable, body: Any) -> list[dict[str, Any]]:
    """Upsert a list of units; all or nothing. Returns them as ``GET`` shows them.

    Raises:
        ApiError: 400 listing every problem of every unit; 404 for an unknown parent.
    """
    items = body if isinstance(body, list) else [body]
    if not items:
        raise ApiError(400, "the body is an empty list: send at least one Unit")
    if len(items) > MAX_UNITS_PER_SAVE:
        raise ApiError(400, f"at most {MAX_UNITS_PER_SAVE} units per request")
    problems: list[str] = []
    units = [parse_unit(item, f"units[{i}]", processes, problems) for i, item in enumerate(items)]
    if problems:
        raise ApiError(400, f"units rejected: {'; '.join(problems)}", errors=problems)
    with storage.transaction() as conn:
        for unit in units:
            assert unit is not None
            _apply(conn, unit)
        saved = [find_unit(conn, unit.key) for unit in units if unit is not None]
        return [render_unit(conn, row) for row in saved if row is not None]


def create_unit(
    storage: Storage,
    key: UnitKey,
    *,
    revision: str | None,
    batch_number: str | None,
    phase: str | None,
) -> dict[str, Any]:
    """``CreateUnit``: a new unit; 409 when it exists already."""
    try:
        phase_def = None if phase is None else resolve_phase(phase)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    columns: dict[str, Any] = {"revision": revision, "batch_number": batch_number}
    if phase_def is not None:
        columns["unit_phase_id"] = phase_def.phase_id
    with storage.transaction() as conn:
        if find_unit(conn, key) is not None:
            raise ApiError(409, f"{key} exists already: change it with PUT /api/Production/Units")
        return render_unit(conn, insert_unit(conn, key, columns))


def _update_state(
    conn: sqlite3.Connection,
    key: UnitKey,
    column: str,
    value: int,
    comment: str | None,
) -> None:
    row = load_unit(conn, key)
    if row[column] == value:
        return
    conn.execute(
        f"UPDATE production_units SET {column} = ?, updated_utc = ?"  # noqa: S608 - names from code
        " WHERE serial_number = ? AND part_number = ?",
        (value, utc_now(), *key.params),
    )
    if column == "unit_phase_id":
        record_change(conn, key, phase_id=value, comment=comment)
        record_state(conn, key, value, row["process_code"], comment)
    else:
        record_change(conn, key, process_code=value, comment=comment)
        record_state(conn, key, row["unit_phase_id"], value, comment)


def set_phase(storage: Storage, key: UnitKey, phase: str, comment: str | None) -> None:
    """``SetUnitPhase`` by phase id, name or code (400 listing the valid phases)."""
    try:
        phase_id = resolve_phase(phase).phase_id
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    with storage.transaction() as conn:
        _update_state(conn, key, "unit_phase_id", phase_id, comment)


def set_process(
    storage: Storage, processes: ProcessTable, key: UnitKey, code: int, comment: str | None
) -> None:
    """``SetUnitProcess`` (400 listing the known process codes)."""
    if processes.get(code) is None:
        known = ", ".join(f"{p.code} ({p.name})" for p in processes.all())
        raise ApiError(400, f"unknown process code {code}; known processes: {known}")
    with storage.transaction() as conn:
        _update_state(conn, key, "process_code", code, comment)


def _change_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "unitSerialNumber": row["unit_serial_number"],
        "unitPartNumber": row["unit_part_number"],
        "newParentSerialNumber": row["new_parent_serial_number"],
        "newPartNumber": row["new_part_number"],
        "newRevision": row["new_revision"],
        "newUnitPhaseId": row["new_unit_phase_id"],
        "newProcessCode": row["new_process_code"],
        "comment": row["comment"],
        "changedUtc": row["changed_utc"],
    }


def list_changes(
    storage: Storage,
    serial_number: str | None,
    part_number: str | None,
    top: int | None,
    skip: int,
) -> list[dict[str, Any]]:
    """The unit-changes feed, oldest first, optionally for one serial (and part) number."""
    clauses, params = ["1 = 1"], []
    if serial_number:
        clauses.append("unit_serial_number = ?")
        params.append(serial_number)
    if part_number:
        clauses.append("unit_part_number = ?")
        params.append(part_number)
    rows = storage.fetch_all(
        f"SELECT * FROM production_unit_changes WHERE {' AND '.join(clauses)}"  # noqa: S608
        " ORDER BY id LIMIT ? OFFSET ?",
        [*params, -1 if top is None else top, skip],
    )
    return [_change_json(row) for row in rows]


def delete_change(storage: Storage, change_id: int) -> None:
    """Acknowledge (remove) one entry of the feed; 404 when there is no such entry."""
    with storage.transaction() as conn:
        deleted = conn.execute("DELETE FROM production_unit_changes WHERE id = ?", (change_id,))
        if deleted.rowcount == 0:
            raise ApiError(
                404,
                f"unit change {change_id} not found: "
                "list them with GET /api/Production/Units/Changes",
            )


def state_history(storage: Storage, processes: ProcessTable, key: UnitKey) -> list[dict[str, Any]]:
    """Every phase/process state the unit has been in, oldest first."""
    with storage.transaction() as conn:
        load_unit(conn, key)
        rows = conn.execute(
            "SELECT * FROM production_unit_states WHERE serial_number = ? AND part_number = ?"
            " ORDER BY id",
            key.params,
        ).fetchall()
    history = []
    for row in rows:
        phase = phase_by_id(row["unit_phase_id"])
        process = None if row["process_code"] is None else processes.get(row["process_code"])
        history.append(
            {
                "unitPhaseId": row["unit_phase_id"],
                "unitPhase": None if phase is None else phase.name,
                "processCode": row["process_code"],
                "processName": None if process is None else process.name,
                "comment": row["comment"],
                "changedUtc": row["changed_utc"],
            }
        )
    return history
