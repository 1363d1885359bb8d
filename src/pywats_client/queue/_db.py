"""SQLite plumbing of the queue: durable connection, schema, transactions, row mapping.

Kept apart from :mod:`.store` so that the store reads as the queue's state machine only.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pywats_client.paths import ensure_private_dir
from pywats_client.queue.models import QueueError, QueueItem, QueueState

SCHEMA_VERSION = 1
BATCH = 500  # ids per statement (SQLite's variable limit is >= 999)

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS reports (
        report_id       TEXT PRIMARY KEY NOT NULL,
        state           TEXT NOT NULL
                        CHECK (state IN ('pending', 'processing', 'completed', 'failed')),
        payload         BLOB NOT NULL,
        payload_size    INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        last_error      TEXT,
        source          TEXT,
        created_at      REAL NOT NULL,
        updated_at      REAL NOT NULL,
        claimed_at      REAL,
        completed_at    REAL
    )""",
    # Claim order (due time, then age) and the earliest due time, straight from the index: no
    # sort of every due row per claim (many share one due time after an import or an outage).
    "CREATE INDEX IF NOT EXISTS reports_claim ON reports (state, next_attempt_at, created_at)",
    "DROP INDEX IF EXISTS reports_due",  # (state, next_attempt_at): a prefix of reports_claim
    "CREATE INDEX IF NOT EXISTS reports_created ON reports (created_at, report_id)",
    # Oldest pending (stats, health) and listings by state, without visiting every row.
    "CREATE INDEX IF NOT EXISTS reports_state_created ON reports (state, created_at, report_id)",
)
COLUMNS = (
    "report_id, state, attempts, next_attempt_at, last_error, source, payload_size, "
    "created_at, updated_at, claimed_at, completed_at"
)


def chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    """``ids`` in slices small enough for one ``IN (...)`` clause."""
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def marks(count: int) -> str:
    """``?,?,?`` — placeholders only, so f-strings built with it stay injection-free."""
    return ",".join("?" * count)


def to_item(row: sqlite3.Row, with_payload: bool = False) -> QueueItem:
    return QueueItem(
        report_id=row["report_id"],
        state=QueueState(row["state"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_error=row["last_error"],
        source=row["source"],
        payload_size=row["payload_size"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        claimed_at=row["claimed_at"],
        completed_at=row["completed_at"],
        payload=bytes(row["payload"]) if with_payload else None,
    )


class Database:
    """One SQLite connection in WAL mode with ``synchronous=FULL``, shared under a lock."""

    def __init__(self, path: Path, *, create: bool, busy_timeout_s: float) -> None:
        self.path = path
        self._lock = threading.RLock()
        if create:
            ensure_private_dir(path.parent)
            # Create owner-only before SQLite does; its -wal/-shm files copy this mode.
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        elif not path.is_file():
            raise QueueError(f"no queue database at {path}")
        try:
            self._conn = sqlite3.connect(
                path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise QueueError(f"cannot open queue database {path}: {exc}") from exc
        try:
            self._conn.row_factory = sqlite3.Row
            mode = self._conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise QueueError(f"queue database {path}: cannot enable WAL (got {mode})")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._init_schema()
        except BaseException as exc:
            self._conn.close()
            if isinstance(exc, sqlite3.Error):
                raise QueueError(f"cannot open queue database {path}: {exc}") from exc
            raise

    def _init_schema(self) -> None:
        with self.write() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise QueueError(
                    f"queue database {self.path} has schema {version}, newer than this "
                    f"pyWATS supports ({SCHEMA_VERSION}); upgrade pyWATS"
                )
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: the write lock is taken up front, so two
        writers never deadlock upgrading a read lock; rolled back on any exception."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise QueueError(f"queue database {self.path}: {exc}") from exc
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise QueueError(f"queue database {self.path}: {exc}") from exc
                raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run one read statement and fetch all rows."""
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise QueueError(f"queue database {self.path}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()
