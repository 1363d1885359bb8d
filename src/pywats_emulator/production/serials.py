"""Serial number pools: take, free, delete, find, count, ranges, statistics, import/export.

A pool is the type's free addresses (intervals) plus a row for every number ever taken. A fresh
pool holds the type's default range; freeing never returns a taken number to it, so a number
is handed out at most once per type, for ever (only ``/_emulator/reset`` forgets). Every
change runs in one SQLite transaction, which serialises concurrent takes.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.production.intervals import Interval, normalise, size, subtract, take_lowest
from pywats_emulator.production.serial_types import SerialNumberType, find_type, type_names
from pywats_emulator.production.tables import utc_now
from pywats_emulator.storage import Storage

__all__ = [
    "MAX_EXPORT",
    "MAX_TAKE",
    "SerialState",
    "TakenFilter",
    "delete_free",
    "export_records",
    "free_ranges",
    "import_records",
    "ranges",
    "require_type",
    "statistics",
    "take",
    "taken_records",
]

MAX_TAKE = 10_000
MAX_EXPORT = 100_000


class SerialState(str, enum.Enum):
    FREE = "Free"
    TAKEN = "Taken"

    @classmethod
    def parse(cls, text: str | None) -> SerialState | None:
        if text is None or not text.strip():
            return None
        for state in cls:
            if state.value.casefold() == text.strip().casefold():
                return state
        raise ApiError(400, f"unknown state {text!r}: use Free or Taken (or leave it out for both)")


def require_type(name: str | None, parameter: str = "serialNumberType") -> SerialNumberType:
    """The named type; 400 when no name is given, 404 naming the known types otherwise."""
    if name is None or not name.strip():
        raise ApiError(400, f"{parameter} is required (known types: {type_names()})")
    found = find_type(name)
    if found is None:
        raise ApiError(404, f"serial number type {name!r} not found; known types: {type_names()}")
    return found


def _free(conn: sqlite3.Connection, serial_type: SerialNumberType) -> list[Interval]:
    """The free intervals, creating the default pool on first use."""
    created = conn.execute(
        "INSERT OR IGNORE INTO production_sn_pools (type_name, created_utc) VALUES (?, ?)",
        (serial_type.name, utc_now()),
    )
    if created.rowcount:
        conn.execute(
            "INSERT INTO production_sn_free VALUES (?, ?, ?)",
            (serial_type.name, serial_type.first_address, serial_type.last_address),
        )
    rows = conn.execute(
        "SELECT from_address, to_address FROM production_sn_free WHERE type_name = ?"
        " ORDER BY from_address",
        (serial_type.name,),
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def _write_free(
    conn: sqlite3.Connection, serial_type: SerialNumberType, intervals: Sequence[Interval]
) -> None:
    conn.execute("DELETE FROM production_sn_free WHERE type_name = ?", (serial_type.name,))
    conn.executemany(
        "INSERT INTO production_sn_free VALUES (?, ?, ?)",
        [(serial_type.name, start, end) for start, end in intervals],
    )


def take(
    storage: Storage,
    serial_type: SerialNumberType,
    quantity: int,
    *,
    reference_serial_number: str | None = None,
    reference_part_number: str | None = None,
    station_name: str | None = None,
) -> list[str]:
    """Hand out the ``quantity`` lowest free numbers of the type (all or none)."""
    if not 1 <= quantity <= MAX_TAKE:
        raise ApiError(400, f"quantity must be 1..{MAX_TAKE}, got {quantity}")
    with storage.transaction() as conn:
        free = _free(conn, serial_type)
        try:
            taken, rest = take_lowest(free, quantity)
        except ValueError:
            raise ApiError(
                409,
                f"only {size(free)} free {serial_type.name} serial numbers left, {quantity} "
                "asked: add more with PUT /api/internal/Production/SerialNumbers/Free or "
                "PUT /api/Production/SerialNumbers",
            ) from None
        _write_free(conn, serial_type, rest)
        now = utc_now()
        refs = (reference_serial_number, reference_part_number, station_name)
        rows = [
            (serial_type.name, address, serial_type.format_address(address), now, *refs)
            for start, end in taken
            for address in range(start, end + 1)
        ]
        conn.executemany("INSERT INTO production_sn_taken VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return [row[2] for row in rows]


def _taken_in(
    conn: sqlite3.Connection, serial_type: SerialNumberType, intervals: Iterable[Interval]
) -> list[Interval]:
    points: list[Interval] = []
    for start, end in intervals:
        rows = conn.execute(
            "SELECT address FROM production_sn_taken WHERE type_name = ?"
            " AND address BETWEEN ? AND ?",
            (serial_type.name, start, end),
        ).fetchall()
        points.extend((row[0], row[0]) for row in rows)
    return points


def free_ranges(storage: Storage, serial_type: SerialNumberType, wanted: Sequence[Interval]) -> int:
    """Add addresses to the free pool (taken ones stay taken); returns how many became free."""
    with storage.transaction() as conn:
        free = _free(conn, serial_type)
        new = subtract(wanted, _taken_in(conn, serial_type, wanted))
        merged = normalise([*free, *new])
        _write_free(conn, serial_type, merged)
        return size(merged) - size(free)


def delete_free(storage: Storage, serial_type: SerialNumberType, wanted: Sequence[Interval]) -> int:
    """Remove free addresses from the pool; returns how many were removed."""
    with storage.transaction() as conn:
        free = _free(conn, serial_type)
        rest = subtract(free, wanted)
        _write_free(conn, serial_type, rest)
        return size(free) - size(rest)


def _range_json(serial_type: SerialNumberType, start: int, end: int) -> dict[str, Any]:
    return {
        "typeName": serial_type.name,
        "from": serial_type.format_address(start),
        "to": serial_type.format_address(end),
        "fromAddress": start,
        "toAddress": end,
        "count": end - start + 1,
    }


def ranges(storage: Storage, serial_type: SerialNumberType) -> list[dict[str, Any]]:
    """The free ranges of the pool, lowest first."""
    with storage.transaction() as conn:
        return [_range_json(serial_type, s, e) for s, e in _free(conn, serial_type)]


def statistics(storage: Storage, serial_type: SerialNumberType) -> dict[str, Any]:
    with storage.transaction() as conn:
        free = _free(conn, serial_type)
        row = conn.execute(
            "SELECT COUNT(*) AS n, MIN(taken_utc) AS first, MAX(taken_utc) AS last"
            " FROM production_sn_taken WHERE type_name = ?",
            (serial_type.name,),
        ).fetchone()
    return {
        "typeName": serial_type.name,
        "freeCount": size(free),
        "takenCount": row["n"],
        "rangeCount": len(free),
        "firstTakenUtc": row["first"],
        "lastTakenUtc": row["last"],
        "nextFreeSerialNumber": serial_type.format_address(free[0][0]) if free else None,
    }


@dataclass(frozen=True)
class TakenFilter:
    """Which taken numbers to list (every criterion optional)."""

    from_address: int | None = None
    to_address: int | None = None
    from_utc: str | None = None
    to_utc: str | None = None
    reference_serial_number: str | None = None
    reference_part_number: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        checks = (
            ("address >= ?", self.from_address),
            ("address <= ?", self.to_address),
            ("taken_utc >= ?", self.from_utc),
            ("taken_utc <= ?", self.to_utc),
            ("reference_serial_number = ?", self.reference_serial_number),
            ("reference_part_number = ?", self.reference_part_number),
        )
        used = [(clause, value) for clause, value in checks if value is not None]
        return " AND ".join(["type_name = ?", *(c for c, _ in used)]), [v for _, v in used]


def _taken_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "serialNumber": row["serial_number"],
        "typeName": row["type_name"],
        "address": row["address"],
        "state": SerialState.TAKEN.value,
        "takenUtc": row["taken_utc"],
        "referenceSerialNumber": row["reference_serial_number"],
        "referencePartNumber": row["reference_part_number"],
        "stationName": row["station_name"],
    }


def taken_records(
    storage: Storage,
    serial_type: SerialNumberType,
    criteria: TakenFilter,
    *,
    count_only: bool = False,
) -> list[dict[str, Any]] | int:
    """Taken numbers matching ``criteria`` in address order (or just how many)."""
    where, params = criteria.where()
    if count_only:
        row = storage.fetch_one(
            f"SELECT COUNT(*) AS n FROM production_sn_taken WHERE {where}",  # noqa: S608
            [serial_type.name, *params],
        )
        return 0 if row is None else int(row["n"])
    rows = storage.fetch_all(
        f"SELECT * FROM production_sn_taken WHERE {where} ORDER BY address",  # noqa: S608
        [serial_type.name, *params],
    )
    return [_taken_json(row) for row in rows]


def export_records(
    storage: Storage, serial_type: SerialNumberType, state: SerialState | None
) -> list[dict[str, Any]]:
    """Rows for an export file: taken numbers, free numbers, or both (taken first)."""
    records: list[dict[str, Any]] = []
    if state in (None, SerialState.TAKEN):
        found = taken_records(storage, serial_type, TakenFilter())
        assert isinstance(found, list)
        records.extend(found)
    if state in (None, SerialState.FREE):
        with storage.transaction() as conn:
            free = _free(conn, serial_type)
        if len(records) + size(free) > MAX_EXPORT:
            raise ApiError(
                400,
                f"{size(free)} free {serial_type.name} numbers are too many to export "
                f"(limit {MAX_EXPORT}): export state=Taken, or delete unneeded free ranges",
            )
        records.extend(
            {"serialNumber": serial_type.format_address(a), "typeName": serial_type.name,
             "address": a, "state": SerialState.FREE.value}
            for start, end in free
            for a in range(start, end + 1)
        )  # fmt: skip
    return records


def import_records(storage: Storage, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Load uploaded rows: ``Free`` ones join the pool, ``Taken`` ones are recorded as taken.

    Raises:
        ApiError: 400/404 naming the first bad row; nothing is stored then.
    """
    parsed = []
    for number, row in enumerate(rows, start=1):
        serial_type = require_type(row.get("typeName"), f"row {number}: typeName")
        text = str(row.get("serialNumber") or "")
        try:
            address = serial_type.parse(text)
        except ValueError as exc:
            raise ApiError(400, f"row {number}: serial number {text!r}: {exc}") from None
        parsed.append((serial_type, address, SerialState.parse(row.get("state")), row))
    counts = {"free": 0, "taken": 0}
    with storage.transaction() as conn:
        for serial_type, address, state, row in parsed:
            free = _free(conn, serial_type)
            if state is SerialState.TAKEN:
                inserted = conn.execute(
                    "INSERT OR IGNORE INTO production_sn_taken VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (serial_type.name, address, serial_type.format_address(address),
                     row.get("takenUtc") or utc_now(), row.get("referenceSerialNumber"),
                     row.get("referencePartNumber"), row.get("stationName")),
                )  # fmt: skip
                counts["taken"] += inserted.rowcount
                _write_free(conn, serial_type, subtract(free, [(address, address)]))
            elif not _taken_in(conn, serial_type, [(address, address)]):
                merged = normalise([*free, (address, address)])
                counts["free"] += size(merged) - size(free)
                _write_free(conn, serial_type, merged)
    return counts
