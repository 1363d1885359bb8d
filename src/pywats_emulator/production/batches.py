"""Batches (``/api/Production/Batch[es]``): upsert keyed by batch number + part number.

A batch gets a stable ``batchId`` (a UUIDv5 of its key) the first time it is saved, so
``GET /api/Production/Batches?batchId=`` finds it again. Unknown keys are kept.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.seed import stable_guid
from pywats_emulator.storage import Storage

__all__ = ["get_batches", "save_batches"]

_KNOWN = ("batchId", "batchNumber", "batchSize", "partNumber", "unitCount")


def _json(row: sqlite3.Row, unit_count: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "batchId": row["batch_id"],
        "batchNumber": row["batch_number"],
        "batchSize": row["batch_size"],
        "partNumber": row["part_number"] or None,
        "unitCount": unit_count,
    }
    for key, value in json.loads(row["extra"]).items():
        data.setdefault(key, value)
    return data


def _unit_count(conn: sqlite3.Connection, row: sqlite3.Row) -> int:
    sql = "SELECT COUNT(*) FROM production_units WHERE batch_number = ?"
    params = [row["batch_number"]]
    if row["part_number"]:
        sql += " AND part_number = ?"
        params.append(row["part_number"])
    return int(conn.execute(sql, params).fetchone()[0])


def _check(item: Any, where: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: expected a batch object, got {type(item).__name__}"]
    problems = []
    number = item.get("batchNumber")
    if not isinstance(number, str) or not number.strip():
        problems.append(f"{where}.batchNumber: required (a non-empty string)")
    size = item.get("batchSize")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        problems.append(f"{where}.batchSize: expected a whole number >= 0, got {size!r}")
    part = item.get("partNumber")
    if part is not None and not isinstance(part, str):
        problems.append(f"{where}.partNumber: expected a string")
    return problems


def save_batches(storage: Storage, items: list[Any]) -> list[dict[str, Any]]:
    """Upsert batches (all or nothing); returns them as stored."""
    if not items:
        raise ApiError(400, "the body is an empty list: send at least one batch")
    problems = [p for i, item in enumerate(items) for p in _check(item, f"batches[{i}]")]
    if problems:
        raise ApiError(400, f"batches rejected: {'; '.join(problems)}", errors=problems)
    saved = []
    with storage.transaction() as conn:
        for item in items:
            number, part = item["batchNumber"].strip(), (item.get("partNumber") or "").strip()
            batch_id = stable_guid("batch", f"{number}/{part}")
            extra = {k: v for k, v in item.items() if k not in _KNOWN}
            row = conn.execute("SELECT * FROM production_batches WHERE batch_id = ?", (batch_id,))
            current = row.fetchone()
            merged_extra = {**(json.loads(current["extra"]) if current else {}), **extra}
            size = item.get("batchSize", current["batch_size"] if current else None)
            conn.execute(
                "INSERT INTO production_batches (batch_id, batch_number, part_number, batch_size,"
                " extra) VALUES (?, ?, ?, ?, ?) ON CONFLICT(batch_id) DO UPDATE SET"
                " batch_size = excluded.batch_size, extra = excluded.extra",
                (batch_id, number, part, size, json.dumps(merged_extra)),
            )
            saved.append(batch_id)
        rows = [
            conn.execute("SELECT * FROM production_batches WHERE batch_id = ?", (i,)).fetchone()
            for i in saved
        ]
        return [_json(row, _unit_count(conn, row)) for row in rows]


def get_batches(
    storage: Storage, part_number: str | None, batch_id: str | None
) -> list[dict[str, Any]]:
    """Batches, optionally of one part number and/or with one id, by batch number."""
    clauses, params = ["1 = 1"], []
    if part_number:
        clauses.append("part_number = ?")
        params.append(part_number)
    if batch_id:
        clauses.append("batch_id = ?")
        params.append(batch_id.lower())
    with storage.transaction() as conn:
        rows = conn.execute(
            f"SELECT * FROM production_batches WHERE {' AND '.join(clauses)}"  # noqa: S608
            " ORDER BY batch_number, part_number",
            params,
        ).fetchall()
        return [_json(row, _unit_count(conn, row)) for row in rows]
