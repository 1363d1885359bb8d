"""Read-only views of one unit for the internal API: info, phase, process, verification."""

from __future__ import annotations

from typing import Any

from pywats_emulator.processes import ProcessTable
from pywats_emulator.production.phases import phase_by_id
from pywats_emulator.production.unit_rows import UnitKey, children_of, load_unit
from pywats_emulator.production.verification import unit_verification
from pywats_emulator.storage import Storage

__all__ = ["unit_info", "unit_phase", "unit_process", "verification_json"]


def unit_info(storage: Storage, processes: ProcessTable, key: UnitKey) -> dict[str, Any]:
    """``GetUnitInfo``: the unit's attributes, state names, family and report counts."""
    with storage.transaction() as conn:
        row = load_unit(conn, key)
        stats = conn.execute(
            "SELECT SUM(report_type = 'T') AS tests, SUM(report_type = 'R') AS repairs,"
            " MIN(CASE WHEN report_type = 'T' THEN start_utc END) AS first,"
            " MAX(CASE WHEN report_type = 'T' THEN start_key END) AS last_key"
            " FROM reports WHERE serial_number = ? AND part_number = ?",
            key.params,
        ).fetchone()
        last = conn.execute(
            "SELECT start_utc, result FROM reports WHERE serial_number = ? AND part_number = ?"
            " AND report_type = 'T' ORDER BY start_key DESC LIMIT 1",
            key.params,
        ).fetchone()
        child_count = len(children_of(conn, key))
    phase = phase_by_id(row["unit_phase_id"])
    process = None if row["process_code"] is None else processes.get(row["process_code"])
    return {
        "serialNumber": row["serial_number"],
        "partNumber": row["part_number"],
        "revision": row["revision"],
        "batchNumber": row["batch_number"],
        "currentLocation": row["current_location"],
        "unitPhaseId": row["unit_phase_id"],
        "unitPhase": None if phase is None else phase.name,
        "processCode": row["process_code"],
        "processName": None if process is None else process.name,
        "parentSerialNumber": row["parent_serial_number"],
        "parentPartNumber": row["parent_part_number"],
        "childCount": child_count,
        "testReportCount": stats["tests"] or 0,
        "repairReportCount": stats["repairs"] or 0,
        "firstTestUtc": stats["first"],
        "lastTestUtc": None if last is None else last["start_utc"],
        "lastResult": None if last is None else last["result"],
        "createdUtc": row["created_utc"],
        "updatedUtc": row["updated_utc"],
    }


def unit_phase(storage: Storage, key: UnitKey) -> dict[str, Any] | None:
    """``GetUnitPhase``: the phase as a ``GetUnitPhases`` row (PascalCase)."""
    with storage.transaction() as conn:
        row = load_unit(conn, key)
    phase = phase_by_id(row["unit_phase_id"])
    return None if phase is None else phase.to_internal()


def unit_process(storage: Storage, processes: ProcessTable, key: UnitKey) -> dict[str, Any] | None:
    """``GetUnitProcess``: the unit's current process as ``/api/App/Processes`` shows it."""
    with storage.transaction() as conn:
        row = load_unit(conn, key)
    process = None if row["process_code"] is None else processes.get(row["process_code"])
    return None if process is None else process.to_public()


def verification_json(
    storage: Storage, processes: ProcessTable, key: UnitKey, revision: str | None
) -> dict[str, Any]:
    """``UnitVerification`` answer."""
    with storage.transaction() as conn:
        return unit_verification(conn, processes, key, revision).to_json()
