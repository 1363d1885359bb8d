"""Files attached to an asset (``/api/internal/Blob/Asset``): bytes kept per asset and name.

Names must be plain file names (no folders, no characters unsafe in file names): a name is
refused with 400 rather than rewritten, so what a client lists is exactly what it uploaded and
a downloaded name can be saved without leaving the folder it is saved in.
"""

from __future__ import annotations

import re
import sqlite3

from pywats_emulator.errors import ApiError

__all__ = ["check_file_name", "delete_files", "list_files", "read_file", "write_file"]

MAX_NAME_CHARS = 255
# The characters report attachments replace (routes.report_files); not imported from there
# because the routes package imports this one.
_UNSAFE = re.compile(r'[\x00-\x1f"\\/:*?<>|]')


def check_file_name(name: str) -> str:
    """``name`` if it is a plain file name, else 400 saying what is wrong."""
    plain = name.strip(" .") == name and _UNSAFE.search(name) is None
    if not name or len(name) > MAX_NAME_CHARS or not plain:
        raise ApiError(
            400,
            f"filename {name!r} must be a plain file name of 1 to {MAX_NAME_CHARS} characters,"
            ' without folders or any of \\ / : * ? " < > | and not starting or ending in'
            " a space or dot",
        )
    return name


def write_file(conn: sqlite3.Connection, asset_id: str, name: str, data: bytes) -> None:
    """Store (or replace) a file."""
    conn.execute(
        "INSERT INTO asset_files (asset_id, file_name, data) VALUES (?, ?, ?)"
        " ON CONFLICT(asset_id, file_name) DO UPDATE SET data = excluded.data",
        (asset_id, check_file_name(name), data),
    )


def read_file(conn: sqlite3.Connection, asset_id: str, serial_number: str, name: str) -> bytes:
    """A file's bytes, or 404 naming the files the asset has."""
    row = conn.execute(
        "SELECT data FROM asset_files WHERE asset_id = ? AND file_name = ?", (asset_id, name)
    ).fetchone()
    if row is None:
        raise _missing(conn, asset_id, serial_number, [name])
    return bytes(row["data"])


def list_files(conn: sqlite3.Connection, asset_id: str) -> list[str]:
    """The asset's file names, sorted."""
    rows = conn.execute(
        "SELECT file_name FROM asset_files WHERE asset_id = ? ORDER BY file_name", (asset_id,)
    ).fetchall()
    return [row["file_name"] for row in rows]


def delete_files(
    conn: sqlite3.Connection, asset_id: str, serial_number: str, names: list[str]
) -> None:
    """Delete the named files; none is deleted unless all exist (404 otherwise)."""
    present = set(list_files(conn, asset_id))
    missing = [name for name in names if name not in present]
    if missing:
        raise _missing(conn, asset_id, serial_number, missing)
    conn.executemany(
        "DELETE FROM asset_files WHERE asset_id = ? AND file_name = ?",
        [(asset_id, name) for name in names],
    )


def _missing(
    conn: sqlite3.Connection, asset_id: str, serial_number: str, names: list[str]
) -> ApiError:
    have = ", ".join(list_files(conn, asset_id)) or "none"
    wanted = ", ".join(repr(name) for name in names)
    return ApiError(404, f"asset '{serial_number}' has no file {wanted} (its files: {have})")
