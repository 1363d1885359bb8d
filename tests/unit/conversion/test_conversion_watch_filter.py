"""Which paths are sources: patterns, temp names, done/error folders, recursion, links."""

from __future__ import annotations

from pathlib import Path

import pytest

from pywats_client.conversion.watcher import CandidateFilter, SourceKind, is_temp_name


@pytest.mark.parametrize(
    ("name", "temp"),
    [
        ("run.csv", False),
        ("run.csv.tmp", True),
        ("~$report.xlsx", True),
        (".hidden", True),
        ("run.csv~", True),
        ("download.part", True),
        ("RUN.TMP", True),
    ],
)
def test_temp_names(name: str, temp: bool) -> None:
    assert is_temp_name(name) is temp


def test_scan_of_a_flat_folder(tmp_path: Path) -> None:
    for name in ("a.txt", "B.TXT", "c.csv", "d.txt.tmp", ".e.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "Done").mkdir()
    (tmp_path / "Done" / "old.txt").write_text("x")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    candidates = CandidateFilter(tmp_path, patterns=["*.txt"], ignored_dirs=[tmp_path / "Done"])
    assert [p.name for p in candidates.scan()] == ["B.TXT", "a.txt"]


def test_recursive_scan_skips_ignored_and_temp_folders(tmp_path: Path) -> None:
    watch, done = tmp_path / "in", tmp_path / "in" / "archive"
    for folder in (watch / "l1" / "l2", done, watch / ".cache"):
        folder.mkdir(parents=True)
    for path in (watch / "top.txt", watch / "l1" / "l2" / "deep.txt", done / "x.txt",
                 watch / ".cache" / "y.txt"):  # fmt: skip
        path.write_text("x")
    candidates = CandidateFilter(watch, patterns=["*.txt"], recursive=True, ignored_dirs=[done])
    assert candidates.scan() == [watch / "l1" / "l2" / "deep.txt", watch / "top.txt"]
    flat = CandidateFilter(watch, patterns=["*.txt"], recursive=False)
    assert flat.scan() == [watch / "top.txt"]


def test_event_paths_map_to_sources(tmp_path: Path) -> None:
    done = tmp_path / "Done"
    files = CandidateFilter(tmp_path, patterns=["*.txt"], ignored_dirs=[done])
    assert files.candidate_for(tmp_path / "a.txt") == tmp_path / "a.txt"
    assert files.candidate_for(tmp_path / "a.csv") is None
    assert files.candidate_for(tmp_path / "sub" / "a.txt") is None  # not recursive
    assert files.candidate_for(done / "a.txt") is None
    assert files.candidate_for(tmp_path.parent / "a.txt") is None
    folders = CandidateFilter(tmp_path, kind=SourceKind.FOLDERS, ignored_dirs=[done])
    assert folders.candidate_for(tmp_path / "unit1" / "x" / "v.val") == tmp_path / "unit1"
    assert folders.candidate_for(done / "unit1" / "v.val") is None
    assert folders.candidate_for(tmp_path / ".tmpdir" / "v.val") is None


def test_folder_scan_lists_sub_folders(tmp_path: Path) -> None:
    for name in ("u1", "u2", "Error", ".x"):
        (tmp_path / name).mkdir()
    (tmp_path / "loose.txt").write_text("x")
    candidates = CandidateFilter(
        tmp_path, kind=SourceKind.FOLDERS, ignored_dirs=[tmp_path / "Error"]
    )
    assert [p.name for p in candidates.scan()] == ["u1", "u2"]


def test_scan_of_a_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        CandidateFilter(tmp_path / "gone").scan()
