"""Path rules of package folders, without I/O.

A package folder is one name below its parent (or below the package root); its ``path`` is
the parent's path and its name joined by ``/``, the same form a file's ``path`` has (see
:mod:`.unzip`). Paths compare without letter case, as file names do on the stations.
A folder name is a single segment: no separators, no ``.``/``..``, so a folder can never
point outside its package on a station.
"""

from __future__ import annotations

__all__ = [
    "MAX_NAME_LENGTH",
    "FolderValueError",
    "folder_name",
    "join_path",
    "path_key",
    "path_prefixes",
    "rebase_path",
    "within",
]

MAX_NAME_LENGTH = 255
_FORBIDDEN = ("/", "\\", "\0")


class FolderValueError(ValueError):
    """A folder name or path that is not allowed (the route answers 400)."""


def folder_name(value: object) -> str:
    """A valid folder name (trimmed) from ``value``.

    Raises:
        FolderValueError: Not a string, empty, ``.``/``..``, too long, or containing ``/``,
            ``\\`` or NUL.

    Example:
        >>> folder_name(" Drivers ")
        'Drivers'
    """
    if not isinstance(value, str) or not value.strip():
        raise FolderValueError("name must be a non-empty string (one folder name, no path)")
    name = value.strip()
    if name in (".", "..") or any(char in name for char in _FORBIDDEN):
        raise FolderValueError(
            f"folder name {name!r} is not allowed: give one name without '/', '\\' or '..' "
            "(create nested folders one level at a time with parentFolderId)"
        )
    if len(name) > MAX_NAME_LENGTH:
        raise FolderValueError(f"folder name is longer than {MAX_NAME_LENGTH} characters")
    return name


def join_path(parent_path: str, name: str) -> str:
    """``parent_path/name``, or ``name`` at the package root (``parent_path == ""``)."""
    return f"{parent_path}/{name}" if parent_path else name


def path_key(path: str) -> str:
    """The form paths are compared and stored for lookups in (letter case ignored)."""
    return path.casefold()


def path_prefixes(path: str) -> list[str]:
    """Every folder path a file path needs, outermost first (``""`` gives none).

    Example:
        >>> path_prefixes("programs/ict/data")
        ['programs', 'programs/ict', 'programs/ict/data']
    """
    if not path:
        return []
    parts = path.split("/")
    return ["/".join(parts[: index + 1]) for index in range(len(parts))]


def within(path: str, folder_path: str) -> bool:
    """Whether ``path`` is ``folder_path`` itself or below it (letter case ignored)."""
    path, folder_path = path_key(path), path_key(folder_path)
    return path == folder_path or path.startswith(folder_path + "/")


def rebase_path(path: str, old_folder: str, new_folder: str) -> str:
    """``path`` (inside ``old_folder``) moved to ``new_folder``, the rest kept as spelled.

    Example:
        >>> rebase_path("Programs/ICT/x", "programs", "Tests")
        'Tests/ICT/x'
    """
    if not within(path, old_folder):
        raise ValueError(f"{path!r} is not inside {old_folder!r}")
    return new_folder + path[len(old_folder) :]
