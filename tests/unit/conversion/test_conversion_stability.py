"""Stable-file decisions from observations and a clock (no file system)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pywats_client.conversion.stability import Snapshot, StabilityTracker, Verdict, take_snapshot

A = Path("a.csv")


def test_stable_only_after_unchanged_for_the_whole_window() -> None:
    tracker = StabilityTracker(stable_s=0.1)
    tracker.add(A)
    assert tracker.observe(A, Snapshot(10, 1), now=0.00) is Verdict.WAITING
    assert tracker.observe(A, Snapshot(10, 1), now=0.05) is Verdict.WAITING
    assert tracker.observe(A, Snapshot(20, 2), now=0.09) is Verdict.WAITING  # grew: restart
    assert tracker.observe(A, Snapshot(20, 2), now=0.18) is Verdict.WAITING
    assert tracker.observe(A, Snapshot(20, 2), now=0.19) is Verdict.STABLE
    assert A not in tracker and len(tracker) == 0


def test_mtime_change_alone_restarts_the_window() -> None:
    tracker = StabilityTracker(stable_s=0.1)
    tracker.observe(A, Snapshot(10, 1), now=0.0)
    assert tracker.observe(A, Snapshot(10, 2), now=0.2) is Verdict.WAITING
    assert tracker.observe(A, Snapshot(10, 2), now=0.35) is Verdict.STABLE


def test_gone_candidates_are_forgotten() -> None:
    tracker = StabilityTracker()
    tracker.add(A)
    assert tracker.observe(A, None, now=0.0) is Verdict.GONE
    assert tracker.paths() == []


def test_add_keeps_a_running_observation() -> None:
    tracker = StabilityTracker(stable_s=0.1)
    tracker.observe(A, Snapshot(1, 1), now=0.0)
    tracker.add(A)  # a new event for a file already being observed
    assert tracker.observe(A, Snapshot(1, 1), now=0.1) is Verdict.STABLE


def test_negative_window_is_refused() -> None:
    with pytest.raises(ValueError, match="stable_s"):
        StabilityTracker(stable_s=-1)


def test_snapshots_of_files_folders_and_links(tmp_path: Path) -> None:
    file = tmp_path / "f.txt"
    file.write_bytes(b"12345")
    snap = take_snapshot(file)
    assert snap is not None and (snap.size, snap.files) == (5, 1)
    folder = tmp_path / "unit"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.val").write_bytes(b"1")
    (folder / "sub" / "b.val").write_bytes(b"22")
    folder_snap = take_snapshot(folder)
    assert folder_snap is not None and (folder_snap.size, folder_snap.files) == (3, 2)
    link = tmp_path / "link.txt"
    link.symlink_to(file)
    assert take_snapshot(link) is None
    assert take_snapshot(tmp_path / "missing") is None
