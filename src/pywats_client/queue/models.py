"""Queue states, rows and statistics.

State machine of one report (``attempts`` counts deliveries started)::

    enqueue ─► PENDING ──claim──► PROCESSING ──mark_completed──► COMPLETED ──prune──► (gone)
                  ▲                   │  │
                  │   mark_retry      │  └──mark_failed──► FAILED ──retry_failed──► PENDING
                  └───────────────────┘
                  ▲   recover_processing (start) / reset_stuck (watchdog)
                  └── PROCESSING

Times are UNIX epoch seconds (``time.time()``), stored as REAL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum

from pywats_client.errors import ClientError

__all__ = [
    "MAX_REPORT_ID_CHARS",
    "BundleError",
    "ImportResult",
    "QueueError",
    "QueueItem",
    "QueueItemNotFound",
    "QueueState",
    "QueueStats",
    "epoch_to_datetime",
    "validate_report_id",
]

MAX_REPORT_ID_CHARS = 200


class QueueState(str, Enum):
    """Where a report is on its way to the server."""

    PENDING = "pending"  # waiting for its next attempt (next_attempt_at)
    PROCESSING = "processing"  # claimed by an uploader right now
    COMPLETED = "completed"  # delivered; kept until pruned
    FAILED = "failed"  # gave up after max attempts (or a permanent error); kept until retried


class QueueError(ClientError):
    """A queue operation failed (file unusable, bad arguments)."""


class QueueItemNotFound(QueueError, LookupError):
    """No report with the given id in the queue."""


class BundleError(QueueError):
    """An export bundle cannot be read, or its contents fail verification."""


def validate_report_id(report_id: str) -> str:
    """Refuse ids that cannot be a report id (empty, too long, control characters)."""
    if not isinstance(report_id, str) or not report_id.strip():
        raise ValueError(f"report id {report_id!r}: must be a non-empty string")
    if len(report_id) > MAX_REPORT_ID_CHARS or any(ord(ch) < 32 for ch in report_id):
        raise ValueError(
            f"report id {report_id[:60]!r}: at most {MAX_REPORT_ID_CHARS} printable characters"
        )
    return report_id


def epoch_to_datetime(epoch_s: float | None) -> datetime | None:
    """Epoch seconds -> aware UTC datetime (None stays None)."""
    return None if epoch_s is None else datetime.fromtimestamp(epoch_s, tz=timezone.utc)


@dataclass(frozen=True)
class QueueItem:
    """One queued report.

    ``payload`` (the WSJF JSON bytes) is loaded by :meth:`QueueStore.claim` and
    :meth:`QueueStore.get`; listings leave it ``None`` to stay light (``payload_size`` is set).
    """

    report_id: str
    state: QueueState
    attempts: int
    next_attempt_at: float
    last_error: str | None
    source: str | None
    payload_size: int
    created_at: float
    updated_at: float
    claimed_at: float | None
    completed_at: float | None
    payload: bytes | None = None

    def __repr__(self) -> str:  # payloads can be megabytes: never print them
        return (
            f"QueueItem(report_id={self.report_id!r}, state={self.state.value}, "
            f"attempts={self.attempts}, payload_size={self.payload_size})"
        )

    def to_json(self) -> dict[str, object]:
        """Metadata as a JSON-ready dict (for ``--json`` output and IPC); no payload."""
        return {
            "report_id": self.report_id,
            "state": self.state.value,
            "attempts": self.attempts,
            "next_attempt_at": self.next_attempt_at,
            "last_error": self.last_error,
            "source": self.source,
            "payload_size": self.payload_size,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "claimed_at": self.claimed_at,
            "completed_at": self.completed_at,
        }


@dataclass(frozen=True)
class QueueStats:
    """Counts by state and the age of the oldest pending report."""

    pending: int
    processing: int
    completed: int
    failed: int
    oldest_pending_age_s: float | None
    next_attempt_at: float | None  # earliest due time among pending reports

    @property
    def total(self) -> int:
        return self.pending + self.processing + self.completed + self.failed

    def count(self, state: QueueState) -> int:
        count: int = getattr(self, state.value)
        return count

    def to_json(self) -> dict[str, object]:
        return {
            "pending": self.pending,
            "processing": self.processing,
            "completed": self.completed,
            "failed": self.failed,
            "total": self.total,
            "oldest_pending_age_s": self.oldest_pending_age_s,
            "next_attempt_at": self.next_attempt_at,
        }


@dataclass(frozen=True)
class ImportResult:
    """Outcome of importing a bundle: new reports queued, and ids already present."""

    imported: int
    duplicates: int

    @property
    def total(self) -> int:
        return self.imported + self.duplicates
