"""What happens to a source after its conversion: done folder, deletion, daily zip, error folder.

Rules kept by every function here:

* nothing is overwritten: a name already taken gets a numbered suffix (``run_2.csv``);
* a recursive watch keeps its sub-folders (``in/lineA/x.csv`` → ``done/lineA/x.csv``);
* names come from the file system, never from file contents, and every destination is
  checked to lie inside its target folder (no ``..``, no absolute parts, no symlinked escape);
* a failed source goes to the error folder with ``<name>.error.txt`` saying which converter,
  what went wrong, when, and the source's sha256.

All functions are blocking (file I/O); the manager runs them in a worker thread.
"""

from __future__ import annotations

import logging
import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from pywats_client.config import PostAction

__all__ = [
    "ERROR_SUFFIX",
    "FailureNote",
    "PathEscapeError",
    "apply_post_action",
    "move_to_error",
    "relative_inside",
    "unique_destination",
]

logger = logging.getLogger(__name__)

ERROR_SUFFIX = ".error.txt"
_MAX_SUFFIX = 10_000


class PathEscapeError(ValueError):
    """A destination computed from a source name would leave its target folder."""


@dataclass(frozen=True)
class FailureNote:
    """Everything the reason file says about a failed conversion."""

    converter_name: str
    converter_version: str
    class_path: str
    reason: str
    sha256: str | None = None
    traceback: str | None = None
    at: datetime | None = None

    def render(self, source_name: str) -> str:
        at = (self.at or datetime.now(timezone.utc)).astimezone().isoformat(timespec="seconds")
        lines = [
            f"pyWATS could not convert {source_name}",
            "",
            f"converter: {self.converter_name} (version {self.converter_version}, "
            f"{self.class_path})",
            f"when:      {at}",
            f"sha256:    {self.sha256 or 'unknown'}",
            "",
            "what went wrong:",
            self.reason,
        ]
        if self.traceback:
            lines += ["", "traceback:", self.traceback.rstrip()]
        lines += [
            "",
            "Fix the cause and move the file back into the watch folder to convert it again.",
        ]
        return "\n".join(lines) + "\n"


def relative_inside(path: Path, root: Path) -> PurePosixPath:
    """``path`` relative to ``root`` as safe posix parts (no ``..``, not absolute).

    Raises:
        PathEscapeError: ``path`` is not below ``root``.
    """
    try:
        relative = path.relative_to(root)
    except ValueError as exc:
        raise PathEscapeError(f"{path} is not inside {root}") from exc
    parts = relative.parts
    if not parts or any(part in ("", ".", "..") for part in parts):
        raise PathEscapeError(f"{path}: unsafe relative path {relative}")
    return PurePosixPath(*parts)


def _check_inside(destination: Path, folder: Path) -> None:
    real_folder = folder.resolve()
    real_parent = destination.parent.resolve()
    if real_parent != real_folder and real_folder not in real_parent.parents:
        raise PathEscapeError(f"{destination} would leave {folder}")


def unique_destination(
    folder: Path, relative: PurePosixPath, *, companion_suffix: str = ""
) -> Path:
    """``folder/relative``, or ``stem_2.ext``, ``stem_3.ext``... when that name is taken
    (or, with ``companion_suffix``, when ``<name><companion_suffix>`` is taken)."""
    target = folder.joinpath(*relative.parts)

    def free(candidate: Path) -> bool:
        companion = candidate.with_name(candidate.name + companion_suffix)
        return not os.path.lexists(candidate) and not (
            companion_suffix and os.path.lexists(companion)
        )

    if free(target):
        return target
    for number in range(2, _MAX_SUFFIX):
        candidate = target.with_name(f"{target.stem}_{number}{target.suffix}")
        if free(candidate):
            return candidate
    raise FileExistsError(f"no free name for {target} (tried {_MAX_SUFFIX} suffixes)")


def _move(source: Path, folder: Path, relative: PurePosixPath) -> Path:
    destination = unique_destination(folder, relative)
    destination.parent.mkdir(parents=True, exist_ok=True)
    _check_inside(destination, folder)
    shutil.move(str(source), str(destination))
    return destination


def _daily_zip(folder: Path, now: datetime) -> Path:
    return folder / f"{now.astimezone().date().isoformat()}.zip"


def _open_zip(path: Path) -> zipfile.ZipFile:
    """The day's archive for appending; a damaged one (e.g. cut by a crash while appending:
    no central directory) is set aside, never appended to."""
    if path.exists() and not zipfile.is_zipfile(path):
        damaged = unique_destination(path.parent, PurePosixPath(path.stem + ".damaged.zip"))
        logger.error("zip archive %s is damaged; kept as %s, starting a new one", path, damaged)
        path.rename(damaged)
    return zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED)


def _zip(source: Path, folder: Path, relative: PurePosixPath, now: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    archive = _daily_zip(folder, now)
    with _open_zip(archive) as bundle:
        taken = set(bundle.namelist())
        files = (
            [source]
            if source.is_file()
            else sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink())
        )
        for file in files:
            inner = relative if file == source else relative / relative_inside(file, source)
            name = str(inner)
            number = 2
            while name in taken:
                name = str(inner.with_name(f"{inner.stem}_{number}{inner.suffix}"))
                number += 1
            bundle.write(file, name)
            taken.add(name)
    with archive.open("rb+") as handle:
        os.fsync(handle.fileno())
    _remove(source)
    return archive


def _remove(source: Path) -> None:
    if source.is_dir() and not source.is_symlink():
        shutil.rmtree(source)
    else:
        source.unlink(missing_ok=True)


def apply_post_action(
    source: Path,
    action: PostAction,
    *,
    watch_folder: Path,
    done_folder: Path | None,
    now: datetime | None = None,
) -> Path | None:
    """Run the post action of a successful conversion; returns where the source went.

    Raises:
        PathEscapeError: the source is not inside ``watch_folder``.
        OSError: the move, zip or delete failed.
    """
    relative = relative_inside(source, watch_folder)
    if action is PostAction.KEEP:
        return source
    if action is PostAction.DELETE:
        _remove(source)
        return None
    if done_folder is None:
        raise ValueError(f"post action {action.value} needs a done folder")
    if action is PostAction.ZIP:
        return _zip(source, done_folder, relative, now or datetime.now(timezone.utc))
    return _move(source, done_folder, relative)


def move_to_error(
    source: Path, note: FailureNote, *, watch_folder: Path, error_folder: Path
) -> Path:
    """Move a failed source to the error folder and write ``<name>.error.txt`` beside it.

    The reason file is written first: if the move then fails (file locked), the reason is
    there for whoever looks. Returns the new location of the source.
    """
    relative = relative_inside(source, watch_folder)
    destination = unique_destination(error_folder, relative, companion_suffix=ERROR_SUFFIX)
    destination.parent.mkdir(parents=True, exist_ok=True)
    _check_inside(destination, error_folder)
    reason_file = destination.with_name(destination.name + ERROR_SUFFIX)
    reason_file.write_text(note.render(source.name), encoding="utf-8")
    shutil.move(str(source), str(destination))
    return destination
