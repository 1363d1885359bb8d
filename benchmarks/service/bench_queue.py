"""(d) How queue operations scale: enqueue and claim rates with 100k rows queued vs none.

Both cases use the same operations on a fresh file: ``enqueue`` one report at a time (each one a
durable transaction, fsync included, as a converter queues) and ``claim(5)`` until as many rows
were claimed (the uploader's batch with 5 in flight). The big case first fills the queue with
100k pending rows in large transactions (not timed). Both first queue and purge 500 rows one at
a time (not timed), so the WAL file has grown to its working size in both: a fresh WAL that
still grows makes every fsync dearer and would flatter the big case. Payloads are 2 KiB (a real
report is ~40 KiB; a small payload keeps the 100k-row file under 0.5 GB, with the same indexes).

Also timed: ``stats()`` (what ``status``, ``/metrics`` and the health snapshot call) and
``next_attempt_at()`` (what the idle uploader polls each second), median of 50 calls.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pywats_client.queue import QueueStore

__all__ = ["QueueFigures", "measure_queue"]

PAYLOAD = b'{"pad": "' + b"x" * 2030 + b'"}'
_FILL_BATCH = 5000
_WARMUP_ROWS = 500
_READ_CALLS = 50


@dataclass(frozen=True)
class QueueFigures:
    """Rates with ``preloaded`` rows already queued."""

    preloaded: int
    ops: int
    enqueue_per_s: float
    claim_per_s: float
    stats_ms: float
    next_due_ms: float
    file_mb: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _median_ms(call: Callable[[], object]) -> float:
    samples = []
    for _ in range(_READ_CALLS):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000.0


def _fill(queue: QueueStore, rows: int) -> None:
    for start in range(0, rows, _FILL_BATCH):
        count = min(_FILL_BATCH, rows - start)
        queue.enqueue_many((str(uuid.uuid4()), PAYLOAD, None) for _ in range(count))


def measure_queue(preloaded: int, ops: int) -> QueueFigures:
    """Fill a fresh queue with ``preloaded`` rows, then time ``ops`` enqueues and claims."""
    with tempfile.TemporaryDirectory(prefix="pwq-") as directory:
        path = Path(directory) / "queue.db"
        with QueueStore(path) as queue:
            _fill(queue, preloaded)
            warmup = [str(uuid.uuid4()) for _ in range(_WARMUP_ROWS)]
            for report_id in warmup:
                queue.enqueue(report_id, PAYLOAD)
            queue.purge(ids=warmup)
            ids = [str(uuid.uuid4()) for _ in range(ops)]
            start = time.perf_counter()
            for report_id in ids:
                queue.enqueue(report_id, PAYLOAD)
            enqueue_s = time.perf_counter() - start
            stats_ms = _median_ms(queue.stats)
            next_due_ms = _median_ms(queue.next_attempt_at)
            claimed = 0
            start = time.perf_counter()
            while claimed < ops:
                claimed += len(queue.claim(min(5, ops - claimed)))
            claim_s = time.perf_counter() - start
            file_mb = sum(p.stat().st_size for p in Path(directory).iterdir()) / 1e6
    return QueueFigures(
        preloaded=preloaded,
        ops=ops,
        enqueue_per_s=ops / enqueue_s,
        claim_per_s=ops / claim_s,
        stats_ms=stats_ms,
        next_due_ms=next_due_ms,
        file_mb=file_mb,
    )
