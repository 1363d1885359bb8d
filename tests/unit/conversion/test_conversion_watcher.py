"""FolderWatcher on a real folder: start scan, events, fallback to polling, prompt stop."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
import pytest

from pywats_client.conversion import watcher as watcher_module
from pywats_client.conversion.watcher import CandidateFilter, FolderWatcher, WatchMode

pytestmark = pytest.mark.anyio


class Seen:
    def __init__(self) -> None:
        self.batches: list[tuple[list[str], bool]] = []

    def __call__(self, paths: Sequence[Path], complete: bool) -> None:
        self.batches.append(([p.name for p in paths], complete))

    def names(self) -> set[str]:
        return {name for batch, _ in self.batches for name in batch}


async def _until(condition: Any) -> None:
    with anyio.fail_after(30):  # a guard against hanging, not a timing assertion
        while True:
            if condition():
                return
            await anyio.sleep(0.02)


async def test_start_scan_then_events_then_prompt_stop(tmp_path: Path) -> None:
    (tmp_path / "early.txt").write_text("x")
    stop, seen = anyio.Event(), Seen()
    watcher = FolderWatcher(CandidateFilter(tmp_path, patterns=["*.txt"]), stop)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(watcher.run, seen)
        await _until(lambda: watcher.mode is WatchMode.EVENTS)
        assert seen.batches[0] == (["early.txt"], True)
        (tmp_path / "late.txt").write_text("x")
        (tmp_path / "ignored.csv").write_text("x")
        await _until(lambda: "late.txt" in seen.names())
        watcher.stop()
    assert watcher.mode is WatchMode.STOPPED
    assert "ignored.csv" not in seen.names()
    assert (["late.txt"], False) in seen.batches


async def test_falls_back_to_polling_when_events_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_events(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watcher_module, "awatch", no_events)
    stop, seen = anyio.Event(), Seen()
    watcher = FolderWatcher(CandidateFilter(tmp_path), stop, poll_interval_s=0.05)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(watcher.run, seen)
        await _until(lambda: watcher.mode is WatchMode.POLLING)
        (tmp_path / "polled.dat").write_text("x")
        await _until(lambda: "polled.dat" in seen.names())
        stop.set()
    assert "file events unavailable" in (watcher.problem or "")
    assert all(complete for _, complete in seen.batches)


async def test_missing_folder_is_reported_once_and_waited_for(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "share"
    stop, seen = anyio.Event(), Seen()
    watcher = FolderWatcher(CandidateFilter(folder), stop, retry_s=0.02, force_polling=True)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(watcher.run, seen)
        await _until(lambda: watcher.mode is WatchMode.UNAVAILABLE)
        await anyio.sleep(0.1)  # several retries: still one warning
        folder.mkdir()
        (folder / "back.txt").write_text("x")
        await _until(lambda: "back.txt" in seen.names())
        stop.set()
    warnings = [r for r in caplog.records if "is unavailable" in r.getMessage()]
    assert len(warnings) == 1
    assert watcher.problem is None
