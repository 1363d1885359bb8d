"""QueueStore state machine on a real SQLite file: intake, delivery, recovery, removal, stats."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pywats_client.queue import (
    QueueError,
    QueueState,
    QueueStore,
    next_retry_delay_s,
    should_give_up,
)
from pywats_client.queue.store import MAX_ERROR_CHARS


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(tmp_path: Path, clock: Clock) -> Iterator[QueueStore]:
    with QueueStore(tmp_path / "q" / "queue.db", clock=clock) as store:
        yield store


def _state(queue: QueueStore, report_id: str) -> QueueState:
    item = queue.get(report_id)
    assert item is not None
    return item.state


def test_enqueue_is_durable_pending_and_idempotent(queue: QueueStore, tmp_path: Path) -> None:
    assert queue.enqueue("r1", b'{"id": "r1"}', source="/in/a.xml") is True
    assert queue.enqueue("r1", b"other payload") is False
    item = queue.get("r1")
    assert item is not None
    assert (item.state, item.attempts, item.payload, item.source) == (
        QueueState.PENDING,
        0,
        b'{"id": "r1"}',
        "/in/a.xml",
    )
    queue.close()
    with QueueStore(queue.path) as reopened:
        assert reopened.get("r1") is not None


def test_duplicate_of_delivered_report_is_still_ignored(queue: QueueStore) -> None:
    queue.enqueue("r1", b"x")
    [item] = queue.claim(1)
    queue.mark_completed(item.report_id)
    assert queue.enqueue("r1", b"x") is False
    assert _state(queue, "r1") is QueueState.COMPLETED


def test_enqueue_many_counts_new_rows(queue: QueueStore) -> None:
    queue.enqueue("a", b"1")
    assert queue.enqueue_many([("a", b"1", None), ("b", b"2", "s"), ("c", b"3", None)]) == 2
    assert queue.stats().pending == 3


@pytest.mark.parametrize("bad_id", ["", "   ", "x" * 201, "a\nb"])
def test_bad_report_ids_refused(queue: QueueStore, bad_id: str) -> None:
    with pytest.raises(ValueError, match="report id"):
        queue.enqueue(bad_id, b"x")


def test_text_payload_refused(queue: QueueStore) -> None:
    with pytest.raises(TypeError, match="must be bytes"):
        queue.enqueue("r1", "{}")  # type: ignore[arg-type]


def test_claim_takes_only_due_items_earliest_first(queue: QueueStore, clock: Clock) -> None:
    for report_id in ("a", "b", "c"):
        queue.enqueue(report_id, report_id.encode())
        clock.now += 1
    claimed = queue.claim(2)
    assert [i.report_id for i in claimed] == ["a", "b"]
    assert all(i.state is QueueState.PROCESSING and i.attempts == 1 for i in claimed)
    assert claimed[0].payload == b"a" and claimed[0].claimed_at == clock.now
    assert [i.report_id for i in queue.claim(5)] == ["c"]
    assert queue.claim(5) == []
    assert queue.claim(0) == []


def test_retry_waits_until_due_then_counts_attempts(queue: QueueStore, clock: Clock) -> None:
    queue.enqueue("r1", b"x")
    assert len(queue.claim(1)) == 1
    assert queue.mark_retry("r1", "HTTP 503", next_attempt_at=clock.now + 300) is True
    retried = queue.get("r1")
    assert retried is not None
    assert (retried.state, retried.last_error) == (QueueState.PENDING, "HTTP 503")
    assert queue.claim(1) == []  # not due yet
    assert queue.claim(1, now=clock.now + 300)[0].attempts == 2


def test_mark_only_applies_to_processing(queue: QueueStore) -> None:
    queue.enqueue("r1", b"x")
    assert queue.mark_retry("r1", "e", 0) is False
    assert queue.mark_failed("r1", "e") is False
    assert queue.mark_completed("missing") is False
    assert _state(queue, "r1") is QueueState.PENDING


def test_completed_drops_payload_keeps_record(queue: QueueStore) -> None:
    queue.enqueue("r1", b"payload-bytes")
    queue.claim(1)
    assert queue.mark_completed("r1") is True
    assert queue.mark_completed("r1") is False
    item = queue.get("r1")
    assert item is not None
    assert item.state is QueueState.COMPLETED and item.completed_at is not None
    assert item.payload == b"" and item.payload_size == len(b"payload-bytes")


def test_completion_after_watchdog_reset_still_counts(queue: QueueStore, clock: Clock) -> None:
    queue.enqueue("r1", b"x")
    queue.claim(1)
    clock.now += 3600
    assert queue.reset_stuck(older_than_s=1800) == 1
    assert queue.mark_completed("r1") is True  # the slow upload finished after all


def test_policy_drives_report_to_failed(queue: QueueStore, clock: Clock) -> None:
    queue.enqueue("r1", b"x")
    for _ in range(10):
        [item] = queue.claim(1, now=clock.now)
        if should_give_up(item.attempts, 10):
            queue.mark_failed(item.report_id, f"attempt {item.attempts}: HTTP 500")
            break
        clock.now += next_retry_delay_s(item.attempts, 300, 21600)
        queue.mark_retry(item.report_id, "HTTP 500", next_attempt_at=clock.now)
    failed = queue.get("r1")
    assert failed is not None
    assert (failed.state, failed.attempts) == (QueueState.FAILED, 10)
    assert failed.last_error == "attempt 10: HTTP 500"


def test_retry_failed_resets_attempts(queue: QueueStore) -> None:
    for report_id in ("a", "b", "c"):
        queue.enqueue(report_id, b"x")
    queue.claim(3)
    queue.mark_failed("a", "bad")
    queue.mark_failed("b", "bad")
    assert queue.retry_failed(["a", "c", "missing"]) == 1  # c is processing, not failed
    assert queue.retry_failed() == 1  # b
    item = queue.get("a")
    assert item is not None and (item.state, item.attempts) == (QueueState.PENDING, 0)


def test_recover_processing_after_crash(queue: QueueStore, clock: Clock) -> None:
    for report_id in ("a", "b"):
        queue.enqueue(report_id, b"x")
    queue.claim(2)
    assert queue.recover_processing() == 2
    assert {i.state for i in queue.list()} == {QueueState.PENDING}
    assert len(queue.claim(5)) == 2


def test_recover_processing_fails_reports_that_keep_crashing(queue: QueueStore) -> None:
    queue.enqueue("poison", b"x")
    for _ in range(3):
        queue.claim(1)
        queue.recover_processing(max_attempts=3)
    item = queue.get("poison")
    assert item is not None and item.state is QueueState.FAILED
    assert item.last_error is not None and "interrupted 3 times" in item.last_error


def test_reset_stuck_only_old_claims(queue: QueueStore, clock: Clock) -> None:
    queue.enqueue("old", b"x")
    queue.claim(1)
    clock.now += 1000
    queue.enqueue("new", b"x")
    queue.claim(1)
    clock.now += 1000
    assert queue.reset_stuck(older_than_s=1500) == 1
    assert _state(queue, "old") is QueueState.PENDING
    assert _state(queue, "new") is QueueState.PROCESSING


def test_purge_by_state_or_ids(queue: QueueStore) -> None:
    for report_id in ("a", "b", "c"):
        queue.enqueue(report_id, b"x")
    queue.claim(1)
    queue.mark_failed("a", "e")
    assert queue.purge(state=QueueState.FAILED) == 1
    assert queue.purge(ids=["b", "zzz"]) == 1
    assert [i.report_id for i in queue.list()] == ["c"]
    with pytest.raises(ValueError, match="exactly one"):
        queue.purge()
    with pytest.raises(ValueError, match="exactly one"):
        queue.purge(state=QueueState.PENDING, ids=["c"])


def test_prune_completed_by_age(queue: QueueStore, clock: Clock) -> None:
    for report_id in ("old", "new", "pending"):
        queue.enqueue(report_id, b"x")
    queue.claim(2)
    queue.mark_completed("old")
    clock.now += 100
    queue.mark_completed("new")
    clock.now += 50
    assert queue.prune_completed(older_than_s=120) == 1
    assert queue.get("old") is None
    assert queue.get("new") is not None and queue.get("pending") is not None


def test_list_filters_pages_and_omits_payload(queue: QueueStore, clock: Clock) -> None:
    for n in range(5):
        queue.enqueue(f"r{n}", b"x" * n)
        clock.now += 1
    page = queue.list(limit=2, offset=1)
    assert [i.report_id for i in page] == ["r1", "r2"]
    assert page[1].payload is None and page[1].payload_size == 2
    queue.claim(1)
    assert [i.report_id for i in queue.list(QueueState.PROCESSING)] == ["r0"]
    [claimed] = queue.claim(1)
    assert claimed.payload == b"x" and "b'x'" not in repr(claimed)  # payloads never printed


def test_stats(queue: QueueStore, clock: Clock) -> None:
    empty = queue.stats()
    assert empty.total == 0 and empty.oldest_pending_age_s is None
    for report_id in ("a", "b", "c", "d"):
        queue.enqueue(report_id, b"x")
        clock.now += 10
    queue.claim(3)
    queue.mark_completed("a")
    queue.mark_failed("b", "e")
    stats = queue.stats()
    assert (stats.pending, stats.processing, stats.completed, stats.failed) == (1, 1, 1, 1)
    assert stats.total == 4
    assert stats.oldest_pending_age_s == 10  # d was enqueued 10 s before "now"
    assert stats.count(QueueState.FAILED) == 1
    assert stats.to_json()["total"] == 4


def test_long_errors_are_clipped(queue: QueueStore) -> None:
    queue.enqueue("r1", b"x")
    queue.claim(1)
    queue.mark_failed("r1", "E" * (MAX_ERROR_CHARS * 2))
    item = queue.get("r1")
    assert item is not None and item.last_error is not None
    assert len(item.last_error) == MAX_ERROR_CHARS


def test_iter_with_payload_pages_through_everything(queue: QueueStore, clock: Clock) -> None:
    queue.enqueue_many((f"r{n:04d}", str(n).encode(), None) for n in range(250))
    items = list(queue.iter_with_payload(states=[QueueState.PENDING]))
    assert len(items) == 250 and len({i.report_id for i in items}) == 250
    assert all(i.payload is not None for i in items)
    picked = list(queue.iter_with_payload(ids=["r0007", "nope", "r0001"]))
    assert [i.report_id for i in picked] == ["r0007", "r0001"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_database_is_owner_only_wal_and_healthy(queue: QueueStore) -> None:
    queue.enqueue("r1", b"x")
    assert stat.S_IMODE(queue.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(queue.path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(queue.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert queue.check_integrity() == "ok"


def test_missing_database_and_newer_schema(tmp_path: Path) -> None:
    with pytest.raises(QueueError, match="no queue database at"):
        QueueStore(tmp_path / "missing.db", create=False)
    path = tmp_path / "newer.db"
    QueueStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.commit()
    conn.close()
    with pytest.raises(QueueError, match="schema 99, newer"):
        QueueStore(path)
