"""``UnitVerification``: a unit's grade computed from the reports stored for it.

Test runs are the unit's UUT reports (run numbers from :data:`pywats_emulator.storage.RUN_SQL`),
repairs its UUR reports; the rules are in :mod:`pywats_emulator.production.grading`.
"""

from __future__ import annotations

import sqlite3

from pywats_emulator.errors import ApiError
from pywats_emulator.processes import ProcessTable
from pywats_emulator.production.grading import ProcessRef, Repair, TestRun, Verification, verify
from pywats_emulator.production.unit_rows import UnitKey, find_unit
from pywats_emulator.storage import RUN_SQL

__all__ = ["unit_verification"]

UUT_TYPE = "T"
UUR_TYPE = "R"


def unit_verification(
    conn: sqlite3.Connection, processes: ProcessTable, key: UnitKey, revision: str | None = None
) -> Verification:
    """The verification of a unit (only reports of ``revision`` when one is given).

    Raises:
        ApiError: 404 when the unit is neither registered nor reported on.
    """
    clauses = "r.serial_number = ? AND r.part_number = ?"
    params: list[str] = [*key.params]
    if revision:
        clauses += " AND r.revision = ?"
        params.append(revision)
    rows = conn.execute(
        f"SELECT r.report_type, r.process_code, r.result, r.start_key, r.start_utc,"  # noqa: S608
        f" r.station_name, r.test_operation, {RUN_SQL} AS run"
        f" FROM reports AS r WHERE {clauses} ORDER BY r.start_key",
        params,
    ).fetchall()
    if not rows and find_unit(conn, key) is None:
        has_reports = conn.execute(
            "SELECT 1 FROM reports WHERE serial_number = ? AND part_number = ? LIMIT 1", key.params
        ).fetchone()
        if has_reports is None:
            raise ApiError(
                404,
                f"{key} not found: no unit registered and no reports stored for it "
                "(check the serial and part number)",
            )
    by_name = {p.name: p.code for p in processes.all()}
    runs = [
        TestRun(
            row["process_code"],
            row["run"],
            row["result"],
            row["start_key"],
            row["start_utc"],
            row["station_name"],
        )
        for row in rows
        if row["report_type"] == UUT_TYPE
    ]
    repairs = [
        Repair(by_name.get(row["test_operation"])) for row in rows if row["report_type"] == UUR_TYPE
    ]
    refs = {p.code: ProcessRef(p.code, p.name, p.process_index) for p in processes.all()}
    return verify(runs, repairs, refs)
