"""End to end: SIGKILL the process running the conversions at random moments, restart it;
every good file is queued exactly once and ends in the done folder exactly once."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sample_converters import sample_text

from pywats_client.converters.identity import report_id_for
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL"),
]

SCRIPT = Path(__file__).with_name("run_conversion_manager.py")
GOOD = 40
KILLS = 4
WAIT_S = 90.0


def _queued_ids(paths: InstancePaths) -> list[str]:
    if not paths.queue_db.exists():
        return []
    with QueueStore(paths.queue_db) as queue:
        return [item.report_id for item in queue.list(limit=10_000)]


def test_sigkill_during_conversions_loses_and_doubles_nothing(
    samples_path: Path, tmp_path: Path
) -> None:
    rng = random.Random(20261122)
    watch, home = tmp_path / "in", tmp_path / "home"
    watch.mkdir()
    good: dict[str, bytes] = {}
    for n in range(GOOD):
        # SLOW: 0.4 s each, 4 at a time: one run needs >= 4 s, a kill comes within 2 s.
        good[f"g{n:02d}.txt"] = (sample_text(f"SN-{n:02d}", n) + "SLOW\n").encode()
    bad = {f"b{n}.txt": b"\x00\xffbinary" * (n + 1) for n in range(5)}
    for name, data in {**good, **bad}.items():
        (watch / name).write_bytes(data)
    config_file = tmp_path / "config.json"
    config_file.write_text(
        json.dumps(
            {
                "max_concurrent_conversions": 4,
                "converters": [
                    {"name": "sample", "class_path": f"{samples_path}:SampleConverter",
                     "watch_folder": str(watch)}
                ],
            }
        )
    )  # fmt: skip
    command = [sys.executable, str(SCRIPT), str(home), str(config_file)]
    paths = InstancePaths("default", home=HomePaths.resolve(home))
    queued_after_kills = []
    for round_number in range(1, KILLS + 1):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kill once this run has made progress, at a random moment while 4 conversions of
        # 0.4 s each are in flight (mid-conversion, mid-enqueue, mid-move...).
        deadline = time.monotonic() + WAIT_S
        while len(_queued_ids(paths)) < round_number * GOOD // (KILLS + 1):
            assert time.monotonic() < deadline, "no progress"
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=WAIT_S)
        queued_after_kills.append(len(_queued_ids(paths)))
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + WAIT_S
        while sorted(os.listdir(watch)) != ["Done", "Error"] or len(
            list((watch / "Error").glob("*.error.txt"))
        ) < len(bad):
            assert proc.poll() is None, "the manager process died"
            assert time.monotonic() < deadline, f"left in the watch folder: {os.listdir(watch)}"
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=WAIT_S)
    expected = {
        report_id_for("sample", "1.0", hashlib.sha256(data).hexdigest(), 0)
        for data in good.values()
    }
    ids = _queued_ids(paths)
    assert sorted(ids) == sorted(expected)  # every good file once, nothing else
    assert queued_after_kills[-1] < GOOD  # the last kill still left work for the restart
    assert sorted(p.name for p in (watch / "Done").iterdir()) == sorted(good)
    errors = [p.name for p in (watch / "Error").iterdir() if not p.name.endswith(".error.txt")]
    assert sorted(errors) == sorted(bad)
