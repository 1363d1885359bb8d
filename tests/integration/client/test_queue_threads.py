"""Claim atomicity: 4 threads draining one queue never get the same report twice."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from pywats_client.queue import QueueState, QueueStore

REPORTS = 1200


def _drain(open_store: list[QueueStore], barrier: threading.Barrier, out: list[str]) -> None:
    store = open_store[0]
    barrier.wait()
    while batch := store.claim(7):
        time.sleep(0.002)  # the "upload": other threads get the database meanwhile
        for item in batch:
            out.append(item.report_id)
            store.mark_completed(item.report_id)


@pytest.mark.parametrize("shared", [True, False], ids=["shared-store", "store-per-thread"])
def test_four_threads_never_claim_the_same_report(tmp_path: Path, shared: bool) -> None:
    db = tmp_path / "queue.db"
    with QueueStore(db) as seed:
        assert seed.enqueue_many((f"r{n:05d}", b"{}", None) for n in range(REPORTS)) == REPORTS
    common = QueueStore(db)
    stores = [common if shared else QueueStore(db) for _ in range(4)]
    results: list[list[str]] = [[] for _ in stores]
    barrier = threading.Barrier(len(stores))
    threads = [
        threading.Thread(target=_drain, args=([store], barrier, out))
        for store, out in zip(stores, results, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()
    claimed = [report_id for out in results for report_id in out]
    assert len(claimed) == REPORTS
    assert len(set(claimed)) == REPORTS  # no report handed out twice
    assert sum(1 for out in results if out) >= 2  # the work really was shared
    stats = common.stats()
    assert stats.count(QueueState.COMPLETED) == REPORTS and stats.pending == 0
    for store in {id(s): s for s in stores}.values():
        store.close()
    common.close()
