"""Package folders in SQLite: created explicitly (``PostPackageFolder``) or by zip uploads.

A folder row holds its JSON next to the columns lookups use. Files keep only their ``path``,
so a folder's files are the files whose path is the folder's path or below it; renaming a
folder rewrites those paths, deleting it deletes them. Every function takes the open
connection of the caller's transaction, which has already checked the package is Draft.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.rootcause.store import guid_key
from pywats_emulator.software.folder_paths import (
    FolderValueError,
    folder_name,
    join_path,
    path_key,
    path_prefixes,
    rebase_path,
    within,
)
from pywats_emulator.software.folders import VIRTUAL_FOLDERS

__all__ = [
    "create_folder",
    "delete_folder",
    "delete_package_folders",
    "ensure_folders",
    "find_folder",
    "folders_of",
    "update_folder",
]

# Keys every folder is shown with (``null`` when unset), in this order; other keys follow.
FOLDER_KEYS = (
    "packageFolderId", "packageId", "parentFolderId", "name", "path", "virtualFolderId",
    "createdUtc", "modifiedUtc",
)  # fmt: skip
SERVER_OWNED = ("packageFolderId", "packageId", "path", "createdUtc", "modifiedUtc")
_VIRTUAL_IDS = {folder["folderId"]: folder["name"] for folder in VIRTUAL_FOLDERS}


def _shown(folder: Mapping[str, Any]) -> dict[str, Any]:
    shown = {key: folder.get(key) for key in FOLDER_KEYS}
    shown.update((k, v) for k, v in folder.items() if k not in shown)
    return shown


def _save(conn: sqlite3.Connection, folder: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO sw_folders (folder_id, package_id, path_key, body) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(folder_id) DO UPDATE SET path_key = excluded.path_key,"
        " body = excluded.body",
        (
            folder["packageFolderId"],
            folder["packageId"],
            path_key(folder["path"]),
            json.dumps(folder),
        ),
    )


def _at_path(conn: sqlite3.Connection, package_id: str, path: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT body FROM sw_folders WHERE package_id = ? AND path_key = ?",
        (package_id, path_key(path)),
    ).fetchone()
    return None if row is None else dict(json.loads(row["body"]))


def folders_of(conn: sqlite3.Connection, package_id: str) -> list[dict[str, Any]]:
    """The folders of a package, by path."""
    rows = conn.execute(
        "SELECT body FROM sw_folders WHERE package_id = ? ORDER BY path_key", (package_id,)
    ).fetchall()
    return [_shown(json.loads(row["body"])) for row in rows]


def find_folder(conn: sqlite3.Connection, folder_id: str, what: str = "folder") -> dict[str, Any]:
    """A folder by id; 400 for a malformed id, 404 for an unknown one."""
    row = conn.execute(
        "SELECT body FROM sw_folders WHERE folder_id = ?", (guid_key(folder_id, f"{what} id"),)
    ).fetchone()
    if row is None:
        raise ApiError(
            404,
            f"{what} {folder_id} not found: list a package's folders with "
            "GET /api/internal/Software/GetSoftwareEntityDetails?packageId=...",
        )
    return dict(json.loads(row["body"]))


def _new_folder(
    package_id: str, parent: dict[str, Any] | None, name: str, now: str
) -> dict[str, Any]:
    return {
        "packageFolderId": str(uuid.uuid4()),
        "packageId": package_id,
        "parentFolderId": None if parent is None else parent["packageFolderId"],
        "name": name,
        "path": join_path("" if parent is None else parent["path"], name),
        "virtualFolderId": None,
        "createdUtc": now,
        "modifiedUtc": now,
    }


def ensure_folders(
    conn: sqlite3.Connection, package_id: str, paths: Iterable[str], now: str
) -> None:
    """Create the folders file ``paths`` need that do not exist yet (like ``mkdir -p``)."""
    for path in sorted(set(paths)):
        parent: dict[str, Any] | None = None
        for prefix in path_prefixes(path):
            folder = _at_path(conn, package_id, prefix)
            if folder is None:
                folder = _new_folder(package_id, parent, prefix.rsplit("/", 1)[-1], now)
                _save(conn, folder)
            parent = folder


def _refuse_taken(conn: sqlite3.Connection, package_id: str, path: str) -> None:
    existing = _at_path(conn, package_id, path)
    if existing is not None:
        raise ApiError(
            409,
            f"folder '{existing['path']}' already exists in the package: use another name"
            " (names compare ignoring letter case)",
        )


def _fields(body: Any) -> dict[str, Any]:
    if not isinstance(body, Mapping):
        raise ApiError(400, "the folder must be a JSON object")
    fields = {k: v for k, v in body.items() if k not in SERVER_OWNED and v is not None}
    try:
        if "name" in fields:
            fields["name"] = folder_name(fields["name"])
    except FolderValueError as exc:
        raise ApiError(400, str(exc)) from None
    virtual = fields.get("virtualFolderId")
    if virtual is not None and str(virtual).lower() not in _VIRTUAL_IDS:
        known = ", ".join(f"{name} ({key})" for key, name in _VIRTUAL_IDS.items())
        raise ApiError(
            400, f"virtualFolderId {virtual} is not a virtual folder; use one of: {known}"
        )
    return fields


def create_folder(conn: sqlite3.Connection, package_id: str, body: Any, now: str) -> dict[str, Any]:
    """A new folder below ``parentFolderId`` (or the package root); 409 if the name is taken."""
    fields = _fields(body)
    sent_package = body.get("packageId")
    if sent_package is not None and str(sent_package).lower() != package_id:
        raise ApiError(400, f"packageId {sent_package} in the body differs from ?packageId=")
    if "name" not in fields:
        raise ApiError(400, "name is required: every folder needs a name")
    parent = None
    if "parentFolderId" in fields:
        parent = find_folder(conn, str(fields["parentFolderId"]), "parent folder")
        if parent["packageId"] != package_id:
            raise ApiError(404, f"parent folder {fields['parentFolderId']} is not in this package")
    folder = _new_folder(package_id, parent, fields["name"], now)
    _refuse_taken(conn, package_id, folder["path"])
    folder.update({k: v for k, v in fields.items() if k not in ("name", "parentFolderId")})
    _save(conn, folder)
    return _shown(folder)


def _rename(conn: sqlite3.Connection, folder: dict[str, Any], new_path: str, now: str) -> None:
    old_path, package_id = folder["path"], folder["packageId"]
    if path_key(new_path) != path_key(old_path):
        _refuse_taken(conn, package_id, new_path)
    rows = conn.execute(
        "SELECT body FROM sw_folders WHERE package_id = ?", (package_id,)
    ).fetchall()
    for row in rows:
        inner = json.loads(row["body"])
        if inner["packageFolderId"] != folder["packageFolderId"] and within(
            inner["path"], old_path
        ):
            inner.update(path=rebase_path(inner["path"], old_path, new_path), modifiedUtc=now)
            _save(conn, inner)
    files = conn.execute(
        "SELECT file_id, path, filename FROM sw_files WHERE package_id = ?", (package_id,)
    ).fetchall()
    for file in files:
        if within(file["path"], old_path):
            path = rebase_path(file["path"], old_path, new_path)
            conn.execute(
                "UPDATE sw_files SET path = ?, entry_key = ? WHERE file_id = ?",
                (path, f"{path}/{file['filename']}".casefold(), file["file_id"]),
            )
    folder["path"] = new_path


def update_folder(
    conn: sqlite3.Connection, folder: dict[str, Any], body: Any, now: str
) -> dict[str, Any]:
    """Rename a folder (its subfolders and files follow) or change its other fields."""
    fields = _fields(body)
    parent_id = fields.pop("parentFolderId", None)
    if parent_id is not None and str(parent_id).lower() != folder["parentFolderId"]:
        raise ApiError(
            400,
            "moving a folder to another parent is not supported: create the folder under the "
            "new parent (PostPackageFolder) and delete this one",
        )
    name = fields.pop("name", folder["name"])
    parent_path = folder["path"].rsplit("/", 1)[0] if "/" in folder["path"] else ""
    new_path = join_path(parent_path, name)
    if new_path != folder["path"]:
        _rename(conn, folder, new_path, now)
    folder.update(fields, name=name, modifiedUtc=now)
    _save(conn, folder)
    return _shown(folder)


def delete_folder(conn: sqlite3.Connection, folder: dict[str, Any]) -> None:
    """Delete a folder, its subfolders and every file in them."""
    package_id, path = folder["packageId"], folder["path"]
    for row in conn.execute(
        "SELECT folder_id, body FROM sw_folders WHERE package_id = ?", (package_id,)
    ).fetchall():
        if within(json.loads(row["body"])["path"], path):
            conn.execute("DELETE FROM sw_folders WHERE folder_id = ?", (row["folder_id"],))
    for file in conn.execute(
        "SELECT file_id, path FROM sw_files WHERE package_id = ?", (package_id,)
    ).fetchall():
        if within(file["path"], path):
            conn.execute("DELETE FROM sw_files WHERE file_id = ?", (file["file_id"],))


def delete_package_folders(conn: sqlite3.Connection, package_id: str) -> None:
    """Remove every folder of a package (its files are removed by the caller)."""
    conn.execute("DELETE FROM sw_folders WHERE package_id = ?", (package_id,))
