"""Post actions and the error folder: no overwrite, sub-folders kept, no path traversal."""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import pytest

from pywats_client.config import PostAction
from pywats_client.conversion.post_actions import (
    FailureNote,
    PathEscapeError,
    apply_post_action,
    move_to_error,
    relative_inside,
    unique_destination,
)

DAY = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    watch, done, error = tmp_path / "in", tmp_path / "done", tmp_path / "error"
    (watch / "lineA").mkdir(parents=True)
    return watch, done, error


def _file(path: Path, text: str = "data") -> Path:
    path.write_text(text)
    return path


def test_move_keeps_sub_folders_and_never_overwrites(folders: tuple[Path, Path, Path]) -> None:
    watch, done, _ = folders
    first = apply_post_action(
        _file(watch / "lineA" / "r.csv", "one"), PostAction.MOVE, watch_folder=watch,
        done_folder=done,
    )  # fmt: skip
    second = apply_post_action(
        _file(watch / "lineA" / "r.csv", "two"), PostAction.MOVE, watch_folder=watch,
        done_folder=done,
    )  # fmt: skip
    assert first == done / "lineA" / "r.csv" and first.read_text() == "one"
    assert second == done / "lineA" / "r_2.csv" and second.read_text() == "two"
    assert not (watch / "lineA" / "r.csv").exists()


def test_delete_and_keep(folders: tuple[Path, Path, Path]) -> None:
    watch, done, _ = folders
    gone = _file(watch / "a.csv")
    assert apply_post_action(gone, PostAction.DELETE, watch_folder=watch, done_folder=done) is None
    assert not gone.exists()
    kept = _file(watch / "b.csv")
    assert apply_post_action(kept, PostAction.KEEP, watch_folder=watch, done_folder=done) == kept
    assert kept.exists()


def test_zip_appends_to_the_days_archive_with_unique_names(
    folders: tuple[Path, Path, Path],
) -> None:
    watch, done, _ = folders
    for text in ("one", "two"):
        apply_post_action(
            _file(watch / "lineA" / "r.csv", text), PostAction.ZIP, watch_folder=watch,
            done_folder=done, now=DAY,
        )  # fmt: skip
    unit = watch / "unit7"
    unit.mkdir()
    _file(unit / "a.val", "1")
    apply_post_action(unit, PostAction.ZIP, watch_folder=watch, done_folder=done, now=DAY)
    archive = done / f"{DAY.astimezone().date().isoformat()}.zip"
    with zipfile.ZipFile(archive) as bundle:
        assert bundle.namelist() == ["lineA/r.csv", "lineA/r_2.csv", "unit7/a.val"]
        assert bundle.read("lineA/r_2.csv") == b"two"
    assert not unit.exists() and not (watch / "lineA" / "r.csv").exists()


def test_damaged_zip_is_set_aside(folders: tuple[Path, Path, Path]) -> None:
    watch, done, _ = folders
    done.mkdir()
    archive = done / f"{DAY.astimezone().date().isoformat()}.zip"
    archive.write_bytes(b"not a zip at all")
    apply_post_action(
        _file(watch / "x.csv"), PostAction.ZIP, watch_folder=watch, done_folder=done, now=DAY
    )
    assert zipfile.is_zipfile(archive)
    assert (done / f"{archive.stem}.damaged.zip").read_bytes() == b"not a zip at all"


def test_error_folder_gets_the_file_and_a_reason(folders: tuple[Path, Path, Path]) -> None:
    watch, _, error = folders
    note = FailureNote(
        converter_name="csv", converter_version="1.2", class_path="pkg.mod:Csv",
        reason="line 3: bad value", sha256="ab" * 32, traceback="Traceback ...\nValueError",
        at=DAY,
    )  # fmt: skip
    for _ in range(2):
        moved = move_to_error(
            _file(watch / "lineA" / "r.csv"), note, watch_folder=watch, error_folder=error
        )
    assert moved == error / "lineA" / "r_2.csv"
    reason = (error / "lineA" / "r_2.csv.error.txt").read_text()
    for expected in (
        "pyWATS could not convert r.csv",
        "converter: csv (version 1.2, pkg.mod:Csv)",
        f"sha256:    {'ab' * 32}",
        "line 3: bad value",
        "traceback:\nTraceback ...\nValueError",
        DAY.astimezone().isoformat(timespec="seconds"),
    ):
        assert expected in reason
    assert (error / "lineA" / "r.csv.error.txt").is_file()


def test_names_cannot_escape_their_folders(tmp_path: Path) -> None:
    watch = tmp_path / "in"
    watch.mkdir()
    with pytest.raises(PathEscapeError):
        relative_inside(tmp_path / "elsewhere.csv", watch)
    with pytest.raises(PathEscapeError):
        relative_inside(watch / ".." / "x.csv", watch)
    assert relative_inside(watch / "a" / "b.csv", watch) == PurePosixPath("a/b.csv")
    outside = tmp_path / "outside"
    outside.mkdir()
    done = tmp_path / "done"
    done.mkdir()
    (done / "sub").symlink_to(outside)  # a planted link must not redirect the move
    (watch / "sub").mkdir()
    source = _file(watch / "sub" / "r.csv")
    with pytest.raises(PathEscapeError):
        apply_post_action(source, PostAction.MOVE, watch_folder=watch, done_folder=done)
    assert source.exists() and not (outside / "r.csv").exists()


def test_unique_destination_counts_up(tmp_path: Path) -> None:
    for name in ("r.csv", "r_2.csv"):
        _file(tmp_path / name)
    assert unique_destination(tmp_path, PurePosixPath("r.csv")) == tmp_path / "r_3.csv"
