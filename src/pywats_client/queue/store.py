"""The persistent upload queue: one SQLite file per instance, the record of every report.

Durability: WAL journal with ``synchronous=FULL`` — once :meth:`QueueStore.enqueue` returns, the
report survives a SIGKILL or a power cut. Every state change is one short ``BEGIN IMMEDIATE``
transaction, so a crash leaves each row in a state it was committed in; ``processing`` rows
left by a crash go back to ``pending`` with :meth:`QueueStore.recover_processing` at start.

Thread safety: one connection guarded by a lock; calls are short, blocking, and meant to be run
from the async service via a worker thread (``anyio.to_thread.run_sync``). Other processes (the
CLI) may open the same file at the same time; SQLite's locking and ``busy_timeout`` serialise them.

Payloads of delivered reports are dropped (the server has them) but their rows are kept, with
size and timestamps, until :meth:`QueueStore.prune_completed` removes them.
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

from pywats_client.queue import bundle
from pywats_client.queue._db import COLUMNS, Database, chunks, marks, to_item
from pywats_client.queue.models import (
    ImportResult,
    QueueItem,
    QueueState,
    QueueStats,
    validate_report_id,
)

__all__ = ["MAX_ERROR_CHARS", "QueueStore"]

MAX_ERROR_CHARS = 4000


def _clip(error: str) -> str:
    return error if len(error) <= MAX_ERROR_CHARS else error[: MAX_ERROR_CHARS - 1] + "…"


class QueueStore:
    """Persistent, crash-safe queue of reports keyed by report id.

    Args:
        path: The SQLite file (``InstancePaths.queue_db``).
        create: Create the file (mode 0600) and its directory when missing; with ``False`` a
            missing file raises :class:`QueueError`.
        busy_timeout_s: How long to wait for another process's write lock.
        clock: Time source in epoch seconds (tests inject a fake clock).

    Example:
        >>> with QueueStore(tmp / "queue.db") as queue:  # doctest: +SKIP
        ...     queue.enqueue("6f1d...", b'{"id": "6f1d..."}', source="/data/in/r1.xml")
        ...     [item] = queue.claim(1)
        ...     queue.mark_completed(item.report_id)
        True
    """

    def __init__(
        self,
        path: Path,
        *,
        create: bool = True,
        busy_timeout_s: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._path = Path(path)
        self._clock = clock
        self._db = Database(self._path, create=create, busy_timeout_s=busy_timeout_s)

    # -- plumbing ----------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> QueueStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"QueueStore({str(self._path)!r})"

    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now

    # -- intake ------------------------------------------------------------------------------

    def enqueue(self, report_id: str, payload: bytes, *, source: str | None = None) -> bool:
        """Queue a report for delivery; durable when this returns.

        Idempotent on ``report_id``: if the id is already queued (in any state) nothing
        changes and ``False`` is returned.
        """
        return self.enqueue_many([(report_id, payload, source)]) == 1

    def enqueue_many(self, reports: Iterable[tuple[str, bytes, str | None]]) -> int:
        """Queue several ``(report_id, payload, source)`` in one transaction; returns how many
        were new (duplicates are skipped)."""
        rows = []
        now = self._clock()
        for report_id, payload, source in reports:
            validate_report_id(report_id)
            if not isinstance(payload, (bytes, bytearray, memoryview)):
                raise TypeError(
                    f"payload of report {report_id}: must be bytes, not {type(payload).__name__}"
                )
            data = bytes(payload)
            rows.append((report_id, data, len(data), now, source, now, now))
        if not rows:
            return 0
        with self._db.write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO reports (report_id, state, payload, payload_size, "
                "next_attempt_at, source, created_at, updated_at) "
                "VALUES (?, 'pending', ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    # -- delivery ----------------------------------------------------------------------------

    def claim(self, limit: int, now: float | None = None) -> builtins.list[QueueItem]:
        """Atomically move up to ``limit`` due pending reports to processing and return them.

        Due means ``next_attempt_at <= now``; the earliest due come first. Each claim counts as
        an attempt (``attempts`` is incremented), so a report that crashes the service every
        time still runs out of attempts. No report is handed out twice, even across processes.
        """
        if limit < 1:
            return []
        at = self._now(now)
        with self._db.write() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS}, payload FROM reports WHERE state = 'pending' "  # noqa: S608
                "AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?",
                (at, limit),
            ).fetchall()
            conn.executemany(
                "UPDATE reports SET state = 'processing', attempts = attempts + 1, "
                "claimed_at = ?, updated_at = ? WHERE report_id = ?",
                [(at, at, row["report_id"]) for row in rows],
            )
        return [
            replace(
                to_item(row, with_payload=True),
                state=QueueState.PROCESSING,
                attempts=row["attempts"] + 1,
                claimed_at=at,
                updated_at=at,
            )
            for row in rows
        ]

    def mark_completed(self, report_id: str, now: float | None = None) -> bool:
        """Record delivery. Applies from any state but completed (a report reset by the
        watchdog while its upload still finished is delivered all the same). The payload is
        dropped; the row stays until pruned. Returns whether the row changed."""
        at = self._now(now)
        return self._update(
            "UPDATE reports SET state = 'completed', payload = X'', completed_at = ?, "
            "updated_at = ?, claimed_at = NULL WHERE report_id = ? AND state != 'completed'",
            (at, at, report_id),
        )

    def mark_retry(
        self, report_id: str, error: str, next_attempt_at: float, now: float | None = None
    ) -> bool:
        """Return a processing report to pending until ``next_attempt_at`` (see ``policy``)."""
        at = self._now(now)
        return self._update(
            "UPDATE reports SET state = 'pending', last_error = ?, next_attempt_at = ?, "
            "updated_at = ?, claimed_at = NULL WHERE report_id = ? AND state = 'processing'",
            (_clip(error), next_attempt_at, at, report_id),
        )

    def mark_failed(self, report_id: str, error: str, now: float | None = None) -> bool:
        """Give up on a processing report (max attempts reached or a permanent error)."""
        at = self._now(now)
        return self._update(
            "UPDATE reports SET state = 'failed', last_error = ?, updated_at = ?, "
            "claimed_at = NULL WHERE report_id = ? AND state = 'processing'",
            (_clip(error), at, report_id),
        )

    def _update(self, sql: str, params: Sequence[Any]) -> bool:
        with self._db.write() as conn:
            return conn.execute(sql, params).rowcount == 1

    # -- recovery ----------------------------------------------------------------------------

    def recover_processing(self, max_attempts: int | None = None, now: float | None = None) -> int:
        """At start-up: every ``processing`` row (left by a crash or kill) becomes due again.

        With ``max_attempts``, rows whose interrupted delivery was their last allowed attempt
        become ``failed`` instead (a report that kills the service cannot loop forever).
        Returns the number of rows changed.
        """
        at = self._now(now)
        with self._db.write() as conn:
            changed = 0
            if max_attempts is not None:
                changed += conn.execute(
                    "UPDATE reports SET state = 'failed', updated_at = ?, claimed_at = NULL, "
                    "last_error = 'delivery interrupted ' || attempts || ' times "
                    "(service stopped or crashed during upload)' "
                    "WHERE state = 'processing' AND attempts >= ?",
                    (at, max_attempts),
                ).rowcount
            changed += conn.execute(
                "UPDATE reports SET state = 'pending', next_attempt_at = ?, updated_at = ?, "
                "claimed_at = NULL WHERE state = 'processing'",
                (at, at),
            ).rowcount
            return changed

    def reset_stuck(self, older_than_s: float, now: float | None = None) -> int:
        """Watchdog: processing rows claimed more than ``older_than_s`` ago go back to pending.

        Safe even if the upload was only slow: the report id is fixed, so a second delivery
        cannot create a duplicate on the server.
        """
        at = self._now(now)
        with self._db.write() as conn:
            return conn.execute(
                "UPDATE reports SET state = 'pending', next_attempt_at = ?, updated_at = ?, "
                "claimed_at = NULL WHERE state = 'processing' AND claimed_at < ?",
                (at, at, at - older_than_s),
            ).rowcount

    def retry_failed(self, ids: Iterable[str] | None = None, now: float | None = None) -> int:
        """Failed reports (all, or those in ``ids``) become due now with attempts reset."""
        at = self._now(now)
        sql = (
            "UPDATE reports SET state = 'pending', attempts = 0, next_attempt_at = ?, "
            "updated_at = ? WHERE state = 'failed'"
        )
        return self._update_where(sql, (at, at), ids)

    def make_due_now(
        self,
        ids: Iterable[str] | None = None,
        *,
        error_prefixes: Sequence[str] | None = None,
        now: float | None = None,
    ) -> int:
        """Pending reports waiting for a later attempt become due now; attempts are kept.

        Narrowed to ``ids`` and/or to rows whose ``last_error`` starts with one of
        ``error_prefixes`` (the uploader's failure kinds, e.g. ``"unreachable: "``), so reports
        deferred by an outage go at once when the server answers again while the others keep
        their schedule. Returns the number of rows changed.
        """
        at = self._now(now)
        sql = (
            "UPDATE reports SET next_attempt_at = ?, updated_at = ? "
            "WHERE state = 'pending' AND next_attempt_at > ?"
        )
        params: list[Any] = [at, at, at]
        if error_prefixes is not None:
            if not error_prefixes:
                return 0
            sql += " AND (" + " OR ".join(["substr(last_error, 1, ?) = ?"] * len(error_prefixes))
            sql += ")"  # substr, not LIKE: a prefix holding '%' or '_' still matches literally
            params += [v for prefix in error_prefixes for v in (len(prefix), prefix)]
        return self._update_where(sql, params, ids)

    def _update_where(self, sql: str, params: Sequence[Any], ids: Iterable[str] | None) -> int:
        """Run an ``UPDATE ... WHERE`` once, or per chunk of ``ids``, in one transaction."""
        with self._db.write() as conn:
            if ids is None:
                return conn.execute(sql, params).rowcount
            changed = 0
            for chunk in chunks(builtins.list(ids)):
                changed += conn.execute(
                    f"{sql} AND report_id IN ({marks(len(chunk))})", (*params, *chunk)
                ).rowcount
            return changed

    # -- removal -----------------------------------------------------------------------------

    def purge(self, *, state: QueueState | None = None, ids: Iterable[str] | None = None) -> int:
        """Delete reports by state or by id (exactly one of the two); returns the count."""
        if (state is None) == (ids is None):
            raise ValueError("purge needs exactly one of state= or ids=")
        with self._db.write() as conn:
            if state is not None:
                return conn.execute(
                    "DELETE FROM reports WHERE state = ?", (QueueState(state).value,)
                ).rowcount
            changed = 0
            for chunk in chunks(builtins.list(ids or ())):
                changed += conn.execute(
                    f"DELETE FROM reports WHERE report_id IN ({marks(len(chunk))})",  # noqa: S608
                    tuple(chunk),
                ).rowcount
            return changed

    def prune_completed(self, older_than_s: float, now: float | None = None) -> int:
        """Delete completed rows delivered more than ``older_than_s`` ago."""
        at = self._now(now)
        with self._db.write() as conn:
            return conn.execute(
                "DELETE FROM reports WHERE state = 'completed' AND completed_at < ?",
                (at - older_than_s,),
            ).rowcount

    # -- reading -----------------------------------------------------------------------------

    def get(self, report_id: str) -> QueueItem | None:
        """One report with its payload, or None."""
        sql = f"SELECT {COLUMNS}, payload FROM reports WHERE report_id = ?"  # noqa: S608
        rows = self._db.query(sql, (report_id,))
        return to_item(rows[0], with_payload=True) if rows else None

    def list(
        self, state: QueueState | None = None, limit: int = 100, offset: int = 0
    ) -> builtins.list[QueueItem]:
        """Reports oldest first, without payloads (``payload_size`` is set)."""
        where, params = ("WHERE state = ?", [QueueState(state).value]) if state else ("", [])
        rows = self._db.query(
            f"SELECT {COLUMNS} FROM reports {where} "  # noqa: S608  # fixed fragments only
            "ORDER BY created_at, report_id LIMIT ? OFFSET ?",
            [*params, max(limit, 0), max(offset, 0)],
        )
        return [to_item(row) for row in rows]

    def iter_with_payload(
        self, ids: Sequence[str] | None = None, states: Sequence[QueueState] | None = None
    ) -> Iterator[QueueItem]:
        """Reports with payloads, in batches (for bundle export); by ids or by states."""
        if ids is not None:
            for chunk in chunks(ids):
                rows = self._db.query(
                    f"SELECT {COLUMNS}, payload FROM reports "  # noqa: S608
                    f"WHERE report_id IN ({marks(len(chunk))})",
                    tuple(chunk),
                )
                by_id = {row["report_id"]: row for row in rows}
                for report_id in chunk:
                    if report_id in by_id:
                        yield to_item(by_id[report_id], with_payload=True)
            return
        wanted = [QueueState(s).value for s in (states or builtins.list(QueueState))]
        in_states = marks(len(wanted))
        last: tuple[float, str] = (float("-inf"), "")
        while True:
            rows = self._db.query(
                f"SELECT {COLUMNS}, payload FROM reports WHERE state IN ({in_states}) "  # noqa: S608
                "AND (created_at, report_id) > (?, ?) ORDER BY created_at, report_id LIMIT ?",
                (*wanted, *last, 100),
            )
            if not rows:
                return
            for row in rows:
                yield to_item(row, with_payload=True)
            last = (rows[-1]["created_at"], rows[-1]["report_id"])

    def stats(self, now: float | None = None) -> QueueStats:
        """Counts by state, oldest pending age and the next due time."""
        at = self._now(now)
        counts = {state.value: 0 for state in QueueState}
        for row in self._db.query("SELECT state, COUNT(*) AS n FROM reports GROUP BY state"):
            counts[row["state"]] = row["n"]
        # Two subqueries, so each MIN is one index lookup (a single SELECT would scan).
        row = self._db.query(
            "SELECT (SELECT MIN(created_at) FROM reports WHERE state = 'pending') AS oldest, "
            "(SELECT MIN(next_attempt_at) FROM reports WHERE state = 'pending') AS due"
        )[0]
        oldest = row["oldest"]
        return QueueStats(
            pending=counts["pending"],
            processing=counts["processing"],
            completed=counts["completed"],
            failed=counts["failed"],
            oldest_pending_age_s=None if oldest is None else max(0.0, at - oldest),
            next_attempt_at=row["due"],
        )

    def next_attempt_at(self) -> float | None:
        """The earliest due time among pending reports: one index lookup, cheap to poll."""
        sql = "SELECT MIN(next_attempt_at) AS due FROM reports WHERE state = 'pending'"
        due: float | None = self._db.query(sql)[0]["due"]
        return due

    def export_bundle(
        self,
        path: Path,
        ids: Sequence[str] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Write undelivered reports (or ``ids``) to a zip bundle; see :mod:`.bundle`."""
        return bundle.export_bundle(self, path, ids, progress=progress)

    def import_bundle(
        self, path: Path, *, progress: Callable[[str, int, int], None] | None = None
    ) -> ImportResult:
        """Verify a bundle's checksums, then queue its reports (idempotent); see :mod:`.bundle`."""
        return bundle.import_bundle(self, path, progress=progress)

    def check_integrity(self) -> str:
        """SQLite's ``integrity_check``: ``"ok"`` or a description of the damage."""
        return "; ".join(str(r[0]) for r in self._db.query("PRAGMA integrity_check"))
