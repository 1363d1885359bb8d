"""The conversion ledger: which source was converted, by which converter, with what outcome.

"No file is ever processed twice" rests on two things: deterministic report ids
(:mod:`pywats_client.converters.identity`) and this ledger, a small SQLite table in the
instance's data directory (``conversions.db`` next to ``queue.db``; a separate file so the
queue's schema and bundles stay its own). Rows are keyed by
``(converter, path, size, mtime_ns, sha256)`` - the same file content at the same place, unchanged.

Crash safety comes from the order of the writes, each durable before the next starts:

1. the reports are enqueued (one queue transaction, idempotent on the report ids);
2. the source is recorded ``done`` here;
3. the post action runs (move, delete, zip, keep).

A crash before 1 or between 1 and 2 leaves the file unrecorded in the watch folder: it is
converted again on restart and the same ids make the second enqueue a no-op. A crash between
2 and 3 leaves a ``done`` row: on restart only the post action is run again. With ``keep`` the
row is what stops the file from being converted at every start.

Failures are recorded before the file moves to the error folder (with the reason, so a move
interrupted by a crash can be completed with the same reason file).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import TracebackType

from pywats_client.errors import ClientError
from pywats_client.paths import InstancePaths, ensure_private_dir

__all__ = ["LEDGER_FILE_NAME", "Ledger", "LedgerEntry", "LedgerError", "Outcome", "SourceKey"]

LEDGER_FILE_NAME = "conversions.db"
SCHEMA_VERSION = 1
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS conversions (
        converter   TEXT NOT NULL,
        path        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        mtime_ns    INTEGER NOT NULL,
        sha256      TEXT NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('done', 'failed', 'skipped')),
        report_ids  TEXT NOT NULL DEFAULT '[]',
        reason      TEXT,
        recorded_at REAL NOT NULL,
        PRIMARY KEY (converter, path, size, mtime_ns, sha256)
    )""",
    "CREATE INDEX IF NOT EXISTS conversions_age ON conversions (recorded_at)",
)
_COLUMNS = "converter, path, size, mtime_ns, sha256, outcome, report_ids, reason, recorded_at"


class LedgerError(ClientError):
    """The ledger database cannot be opened or written."""


class Outcome(str, Enum):
    DONE = "done"  # reports queued (post action may still be pending after a crash)
    FAILED = "failed"  # moved (or being moved) to the error folder
    SKIPPED = "skipped"  # the converter said "not mine / nothing to report": left in place


@dataclass(frozen=True)
class SourceKey:
    """One converter's view of one source: where it is and exactly what it contained."""

    converter: str
    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class LedgerEntry:
    key: SourceKey
    outcome: Outcome
    report_ids: tuple[str, ...]
    reason: str | None
    recorded_at: float


def _entry(row: sqlite3.Row) -> LedgerEntry:
    return LedgerEntry(
        key=SourceKey(row["converter"], row["path"], row["size"], row["mtime_ns"], row["sha256"]),
        outcome=Outcome(row["outcome"]),
        report_ids=tuple(json.loads(row["report_ids"])),
        reason=row["reason"],
        recorded_at=row["recorded_at"],
    )


class Ledger:
    """Durable record of conversion outcomes (WAL, ``synchronous=FULL``, owner-only file).

    Thread-safe: one connection under a lock; calls are short and meant for a worker thread.

    Example:
        >>> with Ledger(tmp / "conversions.db") as ledger:  # doctest: +SKIP
        ...     ledger.record(SourceKey("csv", "/in/a.csv", 10, 1, "ab" * 32), Outcome.DONE)
    """

    def __init__(
        self, path: Path, *, busy_timeout_s: float = 30.0, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        ensure_private_dir(self.path.parent)
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise LedgerError(f"cannot open conversion ledger {self.path}: {exc}") from exc
        try:
            self._init_schema()
        except BaseException:
            self._conn.close()
            raise

    def _init_schema(self) -> None:
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            with self._write() as conn:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise LedgerError(
                        f"ledger {self.path} has schema {version}, newer than this pyWATS "
                        f"supports ({SCHEMA_VERSION}); upgrade pyWATS"
                    )
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise LedgerError(f"cannot open conversion ledger {self.path}: {exc}") from exc

    @classmethod
    def for_instance(cls, paths: InstancePaths) -> Ledger:
        """The ledger of an instance: ``<data dir>/conversions.db``."""
        return cls(paths.data_dir / LEDGER_FILE_NAME)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise LedgerError(f"conversion ledger {self.path}: {exc}") from exc

    def _query(self, sql: str, params: tuple[object, ...]) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise LedgerError(f"conversion ledger {self.path}: {exc}") from exc

    def lookup(self, converter: str, path: str, size: int, mtime_ns: int) -> LedgerEntry | None:
        """The latest outcome for this converter and this unchanged file, if any.

        Looked up without the hash so a kept file is recognised at each rescan without
        reading it; a changed file has another size or mtime.
        """
        rows = self._query(
            f"SELECT {_COLUMNS} FROM conversions WHERE converter = ? AND path = ? "  # noqa: S608
            "AND size = ? AND mtime_ns = ? ORDER BY recorded_at DESC LIMIT 1",
            (converter, path, size, mtime_ns),
        )
        return _entry(rows[0]) if rows else None

    def record(
        self,
        key: SourceKey,
        outcome: Outcome,
        report_ids: tuple[str, ...] | list[str] = (),
        reason: str | None = None,
    ) -> None:
        """Record (or replace) the outcome for ``key``; durable when this returns."""
        with self._write() as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO conversions ({_COLUMNS}) "  # noqa: S608
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key.converter,
                    key.path,
                    key.size,
                    key.mtime_ns,
                    key.sha256,
                    Outcome(outcome).value,
                    json.dumps(list(report_ids)),
                    reason,
                    self._clock(),
                ),
            )

    def entries(self, converter: str | None = None, limit: int = 1000) -> list[LedgerEntry]:
        """Newest first (for diagnostics and tests)."""
        where, params = ("WHERE converter = ?", (converter,)) if converter else ("", ())
        rows = self._query(
            f"SELECT {_COLUMNS} FROM conversions {where} "  # noqa: S608 - fixed fragments
            "ORDER BY recorded_at DESC LIMIT ?",
            (*params, limit),
        )
        return [_entry(row) for row in rows]

    def prune(self, older_than_s: float, exists: Callable[[str], bool] = os.path.exists) -> int:
        """Forget rows older than ``older_than_s`` whose file is no longer at its path.

        Rows of files still in place (post action ``keep``, skipped files) are kept, so
        such a file is never converted again however old its row is.
        """
        cutoff = self._clock() - older_than_s
        rows = self._query("SELECT DISTINCT path FROM conversions WHERE recorded_at < ?", (cutoff,))
        gone = [row["path"] for row in rows if not exists(row["path"])]
        removed = 0
        with self._write() as conn:
            for path in gone:
                removed += conn.execute(
                    "DELETE FROM conversions WHERE path = ? AND recorded_at < ?", (path, cutoff)
                ).rowcount
        return removed
