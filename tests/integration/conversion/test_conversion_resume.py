"""Restart after a crash between the ledger write and the post action: only the post action
runs again (the deterministic order of enqueue → ledger → post action)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from manager_support import converter_entry, make_config, running_manager
from sample_converters import sample_text

from pywats_client.conversion import Ledger, Outcome, SourceKey
from pywats_client.paths import HomePaths

pytestmark = pytest.mark.anyio


def _key(path: Path) -> SourceKey:
    info = path.stat()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return SourceKey("sample", str(path), info.st_size, info.st_mtime_ns, digest)


async def test_recorded_outcomes_are_finished_without_converting_again(
    samples_path: Path, tmp_path: Path
) -> None:
    watch, home = tmp_path / "in", tmp_path / "home"
    watch.mkdir()
    done = watch / "done_before_crash.txt"
    done.write_text(sample_text("SN-DONE"))
    failed = watch / "failed_before_crash.txt"
    failed.write_text(sample_text("SN-FAIL"))
    with Ledger.for_instance(HomePaths.resolve(home).instance("default")) as ledger:
        ledger.record(_key(done), Outcome.DONE, ["already-queued-id"])
        ledger.record(_key(failed), Outcome.FAILED, reason="recorded reason: bad fixture")
    config = make_config(converter_entry(samples_path, watch))
    async with running_manager(home, config) as run:
        await run.wait_for(lambda: not done.exists() and not failed.exists(), "both post actions")
        assert run.report_ids() == []  # nothing converted, nothing queued again
    assert (watch / "Done" / done.name).is_file()
    reason = (watch / "Error" / f"{failed.name}.error.txt").read_text()
    assert "recorded reason: bad fixture" in reason
    assert (run.manager.counters.ok, run.manager.counters.failed) == (0, 0)
