"""The conversion pipeline end to end: folders, worker processes, queue, ledger, post actions."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

import pytest
from manager_support import converter_entry, make_config, running_manager
from sample_converters import sample_text

from pywats_client.converters.identity import report_id_for

pytestmark = [pytest.mark.anyio, pytest.mark.slow]  # 200 files end to end, a few seconds


def _bad_files(rng: random.Random, count: int) -> list[tuple[str, bytes]]:
    """Malformed, truncated, binary, huge, wrongly encoded, empty and raising inputs."""
    makers = [
        lambda n: b"PYWATS-TEST\nsn SN-without-colon\nvalues: 1\n",  # malformed
        lambda n: sample_text(f"SN-T{n}").encode()[: rng.randint(12, 25)],  # truncated
        lambda n: bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4096))),  # binary
        lambda n: b"PYWATS-TEST\n" + b"x" * (3 * 1024 * 1024),  # huge, no fields
        lambda n: f"PYWATS-TEST\nsn: SN-ÆØÅ{n}\nvalues: 1\n".encode("latin-1"),  # encoding
        lambda n: b"",  # empty
        lambda n: b"PYWATS-TEST\nsn: SN-R\nRAISE\n",  # unexpected exception
        lambda n: f"PYWATS-TEST\nsn: SN-V{n}\nvalues: 1 two 3\n".encode(),  # bad number
        lambda n: f"PYWATS-TEST\nsn: SN-P{n}\nvalues: 1\nprocess: 999\n".encode(),  # checks
    ]
    return [(f"bad_{n:03d}.txt", makers[n % len(makers)](n)) for n in range(count)]


async def test_mixed_good_and_bad_files_end_where_they_belong(
    samples_path: Path, tmp_path: Path
) -> None:
    rng = random.Random(7)
    watch = tmp_path / "in"
    watch.mkdir()
    good = [
        (f"good_{n:03d}.txt", sample_text(f"SN-{n:03d}", n, n + 0.5).encode()) for n in range(118)
    ]
    bad = _bad_files(rng, 80)
    special = [
        ("hang.txt", (sample_text("SN-HANG") + "HANG\n").encode()),
        ("crash.txt", (sample_text("SN-CRASH") + "CRASH\n").encode()),
    ]
    files = good + bad + special
    rng.shuffle(files)
    early, late = files[:100], files[100:]
    for name, data in early:  # already waiting when the service starts
        (watch / name).write_bytes(data)
    config = make_config(converter_entry(samples_path, watch, timeout_s=2.0))
    async with running_manager(tmp_path / "home", config) as run:
        for name, data in late:
            (watch / name).write_bytes(data)
        counters = run.manager.counters
        await run.wait_for(lambda: counters.ok + counters.failed == len(files), "all files")
        # Still running: one more good file goes through.
        (watch / "after.txt").write_text(sample_text("SN-AFTER"))
        await run.wait_for(lambda: counters.ok == len(good) + 1, "the late file")
        expected_ids = {
            report_id_for("sample", "1.0", hashlib.sha256(data).hexdigest(), 0) for _, data in good
        }
        assert expected_ids <= set(run.report_ids())
        assert len(run.report_ids()) == len(good) + 1
        [state] = run.manager.states()
        assert state.mode == "events"
    assert counters.failed == len(bad) + len(special)
    assert sorted(os.listdir(watch)) == ["Done", "Error"]
    assert sorted(os.listdir(watch / "Done")) == sorted([n for n, _ in good] + ["after.txt"])
    error = watch / "Error"
    for name, _ in bad + special:
        assert (error / name).is_file(), name
        assert (
            (error / f"{name}.error.txt").read_text().startswith(f"pyWATS could not convert {name}")
        )
    hang = (error / "hang.txt.error.txt").read_text()
    assert "timed out after 2 s" in hang and "sample (version 1.0" in hang
    assert "worker process died (exit code 7)" in (error / "crash.txt.error.txt").read_text()
    raising = (error / "bad_006.txt.error.txt").read_text()
    assert "RuntimeError: unexpected trouble" in raising and "traceback:" in raising
    unknown = (error / "bad_008.txt.error.txt").read_text()
    assert "processCode: unknown process code 999 (known: 50, 500)" in unknown
    assert "not this converter's format" in (error / "bad_005.txt.error.txt").read_text()
    assert (state.converted, state.failed) == (len(good) + 1, len(bad) + 2)
