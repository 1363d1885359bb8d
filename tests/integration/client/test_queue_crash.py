"""Crash safety: a queue writer killed with SIGKILL mid-burst loses no acknowledged report.

The child acknowledges each report on stdout only after ``enqueue`` returned; the parent kills
it (a real SIGKILL, no clean-up runs) while it is busy enqueueing, claiming and completing, then
reopens the file and checks that every acknowledged report is there and recoverable.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pywats_client.queue import QueueState, QueueStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

WRITER = r"""
import sys
from pywats_client.queue import QueueStore
queue = QueueStore(sys.argv[1])
payload = b'{"type": "T", "padding": "' + b"x" * 2000 + b'"}'
for n in range(1_000_000):
    report_id = f"report-{n:07d}"
    queue.enqueue(report_id, payload, source=f"/in/{n}.xml")
    print(report_id, flush=True)  # acknowledged: enqueue returned
    if n % 2:
        for item in queue.claim(2):
            if n % 4 == 1:
                queue.mark_completed(item.report_id)
            else:
                queue.mark_retry(item.report_id, "HTTP 503", next_attempt_at=0)
"""


def _run_and_kill(db: Path, kill_after: int) -> list[str]:
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        acked: list[str] = []
        while len(acked) < kill_after:
            line = proc.stdout.readline()
            assert line, f"writer exited early with {proc.wait()}"
            acked.append(line.strip())
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
        acked += [line.strip() for line in proc.stdout.read().splitlines() if line.strip()]
    return acked


def test_sigkill_mid_burst_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "queue.db"
    acked_all: set[str] = set()
    for round_no in range(3):  # kill at a different point each round
        acked = _run_and_kill(db, kill_after=150 + 97 * round_no)
        acked_all.update(acked)
        with QueueStore(db) as queue:
            assert queue.check_integrity() == "ok"
            present = {item.report_id for item in queue.list(limit=1_000_000)}
            missing = acked_all - present
            assert not missing, f"round {round_no}: lost {len(missing)} acknowledged reports"
            queue.recover_processing()
            assert queue.stats().processing == 0
            for item in queue.list(limit=1_000_000):
                if item.state is QueueState.PENDING:
                    loaded = queue.get(item.report_id)
                    assert loaded is not None and loaded.payload and loaded.payload.startswith(b"{")
        # The next round's writer restarts numbering: enqueue stays idempotent on the ids.
    with QueueStore(db) as queue:
        stats = queue.stats()
        assert stats.total >= len(acked_all)
        delivered = stats.pending + stats.completed + stats.failed
        assert delivered == stats.total  # nothing stuck in processing after recovery
