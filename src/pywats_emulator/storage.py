"""SQLite storage shared by every router.

One connection guarded by a lock: FastAPI runs the (sync) endpoints in its thread pool, and a
single serialised connection is the simplest correct choice for an emulator (a ``:memory:``
database cannot be shared between connections anyway). Files use WAL so readers of the same
file from outside (a test, a benchmark) do not block the server.

Reports are stored exactly as sent (the JSON text) next to the header columns queries filter
on, plus side tables for sub-units, misc info, assets and attachments. Later domains (products,
assets, production...) add their tables through :meth:`Storage.ensure_schema`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["REPORT_COLUMNS", "AttachmentRow", "ReportRecord", "Storage"]

# Header columns of the ``reports`` table, in the order of REPORT_COLUMNS values.
REPORT_COLUMNS = (
    "id", "report_type", "serial_number", "part_number", "revision", "batch_number",
    "station_name", "location", "purpose", "process_code", "process_name", "result",
    "start", "start_utc", "start_key", "operator", "comment", "execution_time", "sw_filename",
    "sw_version", "test_socket_index", "fixture_id", "report_size", "caused_uut_failure",
    "caused_uut_failure_path", "error_code", "error_message", "referenced_uut", "test_operation",
    "root_node_type",
)  # fmt: skip

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id_key TEXT PRIMARY KEY,
    {", ".join(REPORT_COLUMNS)},
    receive_count INTEGER NOT NULL DEFAULT 1,
    received_utc TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_serial ON reports (serial_number);
CREATE INDEX IF NOT EXISTS reports_part ON reports (part_number);
CREATE INDEX IF NOT EXISTS reports_start ON reports (start_key);
CREATE INDEX IF NOT EXISTS reports_ref ON reports (referenced_uut);
-- The run number (RUN_SQL) counts a unit's earlier reports of the same process: without this
-- index SQLite scans every report of the part number per row (quadratic in the store size).
CREATE INDEX IF NOT EXISTS reports_unit_run
    ON reports (serial_number, part_number, process_code, report_type, start_key);
CREATE TABLE IF NOT EXISTS sub_units (
    report_id TEXT NOT NULL, position INTEGER NOT NULL, serial_number TEXT,
    part_number TEXT, revision TEXT, part_type TEXT
);
CREATE INDEX IF NOT EXISTS sub_units_report ON sub_units (report_id);
CREATE TABLE IF NOT EXISTS misc_infos (
    report_id TEXT NOT NULL, position INTEGER NOT NULL, description TEXT, value TEXT
);
CREATE INDEX IF NOT EXISTS misc_infos_report ON misc_infos (report_id);
CREATE TABLE IF NOT EXISTS report_assets (
    report_id TEXT NOT NULL, position INTEGER NOT NULL, serial_number TEXT, usage_count REAL
);
CREATE INDEX IF NOT EXISTS report_assets_report ON report_assets (report_id);
CREATE TABLE IF NOT EXISTS attachments (
    attachment_id TEXT PRIMARY KEY, report_id TEXT NOT NULL, step_id INTEGER,
    position INTEGER NOT NULL, name TEXT, content_type TEXT, data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_report ON attachments (report_id);
CREATE INDEX IF NOT EXISTS attachments_step ON attachments (step_id);
"""

# Run number: how many reports of the same unit and process started up to this one.
RUN_SQL = (
    "(SELECT COUNT(*) FROM reports AS p WHERE p.serial_number = r.serial_number"
    " AND p.part_number = r.part_number AND p.process_code = r.process_code"
    " AND p.report_type = r.report_type AND p.start_key <= r.start_key)"
)
_SIDE_TABLES = ("sub_units", "misc_infos", "report_assets", "attachments")


@dataclass(frozen=True)
class AttachmentRow:
    attachment_id: str
    report_id: str
    step_id: int | None
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ReportRecord:
    """Everything stored for one report; built by :mod:`pywats_emulator.reports`."""

    id_key: str
    columns: dict[str, Any]
    body: str
    received_utc: str
    sub_units: list[tuple[int, Any, Any, Any, Any]] = field(default_factory=list)
    misc_infos: list[tuple[int, Any, Any]] = field(default_factory=list)
    assets: list[tuple[int, Any, Any]] = field(default_factory=list)
    attachments: list[AttachmentRow] = field(default_factory=list)


def _attachment(row: sqlite3.Row) -> AttachmentRow:
    return AttachmentRow(
        attachment_id=row["attachment_id"],
        report_id=row["report_id"],
        step_id=row["step_id"],
        name=row["name"] or "",
        content_type=row["content_type"] or "application/octet-stream",
        data=bytes(row["data"]),
    )


class Storage:
    """Thread-safe SQLite store (a file, or memory when ``path`` is ``None``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        if path is not None:
            path.touch(mode=0o600, exist_ok=True)  # owner-only from the first byte
        target = ":memory:" if path is None else str(path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        if path is not None:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self.ensure_schema(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def ensure_schema(self, script: str) -> None:
        """Run ``CREATE ... IF NOT EXISTS`` statements (for routers that add tables)."""
        with self._lock:
            self._conn.executescript(script)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and run the block in one transaction (rolled back on error)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            return row

    # -- meta ---------------------------------------------------------------------------------

    def meta_get(self, key: str) -> str | None:
        row = self.fetch_one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    def meta_set_default(self, key: str, value: str) -> str:
        """Store ``value`` unless the key exists; return the stored value."""
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
        stored = self.meta_get(key)
        assert stored is not None
        return stored

    # -- reports ------------------------------------------------------------------------------

    def upsert_report(self, record: ReportRecord) -> None:
        """Insert or replace a report (a re-post counts in ``receive_count``)."""
        names = ["id_key", *REPORT_COLUMNS, "received_utc", "body"]
        values = [record.id_key, *(record.columns.get(c) for c in REPORT_COLUMNS)]
        values += [record.received_utc, record.body]
        updates = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
        sql = (  # column names are constants; every value is a parameter
            f"INSERT INTO reports ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
            f" ON CONFLICT(id_key) DO UPDATE SET {updates},"
            " receive_count = reports.receive_count + 1"
        )
        with self.transaction() as conn:
            conn.execute(sql, values)
            for table in _SIDE_TABLES:
                delete = f"DELETE FROM {table} WHERE report_id = ?"  # noqa: S608 - fixed names
                conn.execute(delete, (record.id_key,))
            key = record.id_key
            conn.executemany(
                "INSERT INTO sub_units VALUES (?, ?, ?, ?, ?, ?)",
                [(key, *row) for row in record.sub_units],
            )
            conn.executemany(
                "INSERT INTO misc_infos VALUES (?, ?, ?, ?)", [(key, *r) for r in record.misc_infos]
            )
            conn.executemany(
                "INSERT INTO report_assets VALUES (?, ?, ?, ?)", [(key, *r) for r in record.assets]
            )
            conn.executemany(
                "INSERT OR REPLACE INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (a.attachment_id, key, a.step_id, i, a.name, a.content_type, a.data)
                    for i, a in enumerate(record.attachments)
                ],
            )

    def report_body(self, id_key: str) -> str | None:
        row = self.fetch_one("SELECT body FROM reports WHERE id_key = ?", (id_key,))
        return None if row is None else str(row["body"])

    def count_reports(self) -> int:
        row = self.fetch_one("SELECT COUNT(*) AS n FROM reports")
        return 0 if row is None else int(row["n"])

    def clear_reports(self) -> None:
        with self.transaction() as conn:
            for table in (*_SIDE_TABLES, "reports"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def clear_tables(self, tables: Iterable[str]) -> None:
        """Empty the named domain tables (names come from the domains' schemas, not users)."""
        with self.transaction() as conn:
            for table in tables:
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - names from code

    def select_reports(
        self, where_sql: str, params: Sequence[Any], order_sql: str, limit: int, offset: int
    ) -> list[sqlite3.Row]:
        """Header rows (plus a computed ``run``) matching a compiled filter.

        ``where_sql`` and ``order_sql`` come from :mod:`pywats_emulator.odata`, which only
        emits column names it knows; all user values travel in ``params``.
        """
        sql = (
            f"SELECT r.*, {RUN_SQL} AS run FROM reports AS r WHERE {where_sql}"  # noqa: S608
            f" ORDER BY {order_sql} LIMIT ? OFFSET ?"
        )
        return self.fetch_all(sql, [*params, limit, offset])

    def side_rows(self, table: str, report_ids: Iterable[str]) -> dict[str, list[sqlite3.Row]]:
        """Rows of a side table grouped by report, in their original order."""
        if table not in _SIDE_TABLES:
            raise ValueError(f"unknown side table {table!r}")
        ids = list(report_ids)
        grouped: dict[str, list[sqlite3.Row]] = {i: [] for i in ids}
        if not ids:
            return grouped
        marks = ", ".join("?" * len(ids))
        sql = (
            f"SELECT * FROM {table} WHERE report_id IN ({marks})"  # noqa: S608 - checked name
            " ORDER BY report_id, position"
        )
        for row in self.fetch_all(sql, ids):
            grouped[row["report_id"]].append(row)
        return grouped

    def attachments(
        self,
        *,
        attachment_id: str | None = None,
        step_id: int | None = None,
        report_id: str | None = None,
    ) -> list[AttachmentRow]:
        """Attachments matching every given criterion (most recently received report first)."""
        criteria = {"attachment_id": attachment_id, "step_id": step_id, "report_id": report_id}
        clauses = [f"a.{column} = ?" for column, value in criteria.items() if value is not None]
        params = [value for value in criteria.values() if value is not None]
        where = " AND ".join(clauses) or "1 = 1"
        sql = (
            "SELECT a.* FROM attachments AS a JOIN reports AS r ON r.id_key = a.report_id"  # noqa: S608
            f" WHERE {where} ORDER BY r.received_utc DESC, a.position"
        )
        return [_attachment(row) for row in self.fetch_all(sql, params)]

    def referencing_uurs(self, uut_id_key: str) -> list[tuple[str, str]]:
        """``(id, start)`` of the repair reports whose ``uur.refUUT`` is this UUT."""
        rows = self.fetch_all(
            "SELECT id, start FROM reports WHERE referenced_uut = ? ORDER BY start_key",
            (uut_id_key,),
        )
        return [(str(row["id"]), str(row["start"])) for row in rows]

    def product_name(self, part_number: str) -> str | None:
        """The stored product name of a part number (``None`` when unknown or unnamed)."""
        from pywats_emulator.product.store import product_name  # the domain owns its SQL

        with self._lock:
            return product_name(self._conn, part_number)
