"""``QueueStore.make_due_now``: deferred reports become due at once, narrowed by id or error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pywats_client.queue import QueueState, QueueStore

NOW = 1_000_000.0
LATER = NOW + 3600.0


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[QueueStore]:
    with QueueStore(tmp_path / "queue.db", clock=lambda: NOW) as store:
        yield store


def _deferred(queue: QueueStore, report_id: str, error: str, next_at: float = LATER) -> None:
    queue.enqueue(report_id, b"{}")
    [item] = queue.claim(1)
    assert item.report_id == report_id
    queue.mark_retry(report_id, error, next_at)


def _due(queue: QueueStore, report_id: str) -> float:
    item = queue.get(report_id)
    assert item is not None
    return item.next_attempt_at


def test_only_rows_with_a_matching_error_prefix_become_due(queue: QueueStore) -> None:
    _deferred(queue, "a", "unreachable: 503 emulated outage")
    _deferred(queue, "b", "ambiguous: timed out")
    _deferred(queue, "c", "transient: 429 slow down")
    changed = queue.make_due_now(error_prefixes=["unreachable: ", "ambiguous: "], now=NOW + 5)
    assert changed == 2
    assert _due(queue, "a") == _due(queue, "b") == NOW + 5
    assert _due(queue, "c") == LATER  # other failure kinds keep their schedule
    item = queue.get("a")
    assert item is not None and item.attempts == 1 and item.state is QueueState.PENDING
    assert [i.report_id for i in queue.claim(5, now=NOW + 5)] == ["a", "b"]


def test_prefix_is_matched_literally_not_as_a_pattern(queue: QueueStore) -> None:
    _deferred(queue, "a", "unreachableX 503")
    _deferred(queue, "b", "50% done")
    assert queue.make_due_now(error_prefixes=["unreachable_", "5_%"]) == 0
    assert queue.make_due_now(error_prefixes=["50%"]) == 1


def test_narrowed_to_ids_and_everything_without_narrowing(queue: QueueStore) -> None:
    for report_id in ("a", "b", "c"):
        _deferred(queue, report_id, "unreachable: x")
    assert queue.make_due_now(ids=["b", "missing"]) == 1
    assert _due(queue, "b") == NOW and _due(queue, "a") == LATER
    assert queue.make_due_now() == 2
    assert queue.make_due_now() == 0  # already due: nothing changes


def test_an_empty_prefix_list_matches_nothing(queue: QueueStore) -> None:
    _deferred(queue, "a", "unreachable: x")
    assert queue.make_due_now(error_prefixes=[]) == 0


def test_failed_processing_and_completed_rows_are_left_alone(queue: QueueStore) -> None:
    for report_id in ("failed", "processing", "completed"):
        queue.enqueue(report_id, b"{}")
    claimed = {item.report_id for item in queue.claim(3)}
    assert claimed == {"failed", "processing", "completed"}
    queue.mark_failed("failed", "unreachable: gave up")
    queue.mark_completed("completed")
    assert queue.make_due_now(error_prefixes=["unreachable: "]) == 0
    stats = queue.stats()
    assert (stats.failed, stats.processing, stats.completed) == (1, 1, 1)


def test_next_attempt_at_is_the_earliest_pending_due_time(queue: QueueStore) -> None:
    assert queue.next_attempt_at() is None
    _deferred(queue, "a", "unreachable: x", next_at=LATER)
    _deferred(queue, "b", "unreachable: x", next_at=NOW + 10)
    assert queue.next_attempt_at() == NOW + 10
