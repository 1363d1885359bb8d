"""Software packages and their files in the emulator's SQLite store.

Rules (also in ``docs/emulator.md``, *Software*): only Draft packages can be edited or get
files; Draft and Revoked ones can be deleted; ``name`` + ``version`` is unique (names compare
without letter case); status moves follow :mod:`.workflow`. Every problem becomes an
:class:`~pywats_emulator.errors.ApiError` saying what to do instead.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.rootcause.store import guid_key, utc_now_text
from pywats_emulator.software.package_folders import delete_package_folders, ensure_folders
from pywats_emulator.software.packages import (
    PackageValueError,
    clean_fields,
    next_version,
    render_package,
)
from pywats_emulator.software.unzip import PackageZipError, read_package_zip
from pywats_emulator.software.workflow import (
    PackageStatus,
    StatusValueError,
    TransitionError,
    check_transition,
    parse_status,
)
from pywats_emulator.storage import Storage

__all__ = ["FILE_COLUMNS", "PackageStore", "file_row", "not_editable"]

_DELETABLE = (PackageStatus.DRAFT, PackageStatus.REVOKED)
FILE_COLUMNS = "file_id, filename, path, size, checksum, created_utc, modified_utc, attributes"


def _label(package: dict[str, Any]) -> str:
    return f"package '{package['name']}' version {package['version']}"


def not_editable(package: dict[str, Any]) -> ApiError:
    status = package["status"]
    if status == PackageStatus.PENDING.value:
        hint = "return it to Draft first (POST /api/Software/PackageStatus/{id}?status=Draft)"
    else:
        hint = "create a new version instead (POST /api/Software/Package)"
    return ApiError(409, f"{_label(package)} is {status}: only Draft packages change; {hint}")


def file_row(row: sqlite3.Row) -> dict[str, Any]:
    attributes = row["attributes"]
    return {
        "fileId": row["file_id"],
        "filename": row["filename"],
        "path": row["path"],
        "size": row["size"],
        "checksum": row["checksum"],
        "createdUtc": row["created_utc"],
        "modifiedUtc": row["modified_utc"],
        "attributes": None if attributes is None else json.loads(attributes),
    }


def _status_of(value: str) -> PackageStatus:
    try:
        return parse_status(value)
    except StatusValueError as exc:
        raise ApiError(400, str(exc)) from None


class PackageStore:
    """Software data of one emulator; ``user`` fills ``createdBy``/``modifiedBy``."""

    def __init__(self, storage: Storage, user: str, *, max_unpacked_bytes: int) -> None:
        self._storage = storage
        self._user = user
        self._max_unpacked_bytes = max_unpacked_bytes

    # -- reading -------------------------------------------------------------------------------

    def _files(self, conn: sqlite3.Connection, key: str) -> list[dict[str, Any]]:
        rows = conn.execute(
            f"SELECT {FILE_COLUMNS} FROM sw_files WHERE package_id = ?"  # noqa: S608 - constant
            " ORDER BY path, filename",
            (key,),
        ).fetchall()
        return [file_row(row) for row in rows]

    def _load(self, conn: sqlite3.Connection, package_id: str) -> dict[str, Any]:
        key = guid_key(package_id, "package id")
        row = conn.execute("SELECT body FROM sw_packages WHERE package_id = ?", (key,)).fetchone()
        if row is None:
            raise ApiError(
                404,
                f"package {package_id} not found: list packages with GET /api/Software/Packages",
            )
        package: dict[str, Any] = json.loads(row["body"])
        return package

    def _rendered(self, conn: sqlite3.Connection, package: dict[str, Any]) -> dict[str, Any]:
        return render_package(package, self._files(conn, package["packageId"]))

    def _select(self, conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[Any]:
        rows = conn.execute(
            f"SELECT body FROM sw_packages WHERE {where} ORDER BY name_key, version",  # noqa: S608
            params,
        ).fetchall()
        return [json.loads(row["body"]) for row in rows]

    def all(self) -> list[dict[str, Any]]:
        with self._storage.transaction() as conn:
            return [self._rendered(conn, p) for p in self._select(conn, "1 = 1", ())]

    def get(self, package_id: str) -> dict[str, Any]:
        with self._storage.transaction() as conn:
            return self._rendered(conn, self._load(conn, package_id))

    def by_name(self, name: str, status: str | None, version: int | None) -> dict[str, Any]:
        """The highest version of ``name`` with the given status and/or version."""
        wanted = None if status is None else _status_of(status)
        with self._storage.transaction() as conn:
            found = [
                p
                for p in self._select(conn, "name_key = ?", (name.strip().casefold(),))
                if (wanted is None or p["status"] == wanted.value)
                and (version is None or p["version"] == version)
            ]
            if not found:
                what = " ".join(
                    part
                    for part in ("no", wanted.value if wanted else None, f"package named {name!r}")
                    if part
                )
                also = "" if version is None else f" with version {version}"
                raise ApiError(404, f"{what}{also}: list packages with GET /api/Software/Packages")
            return self._rendered(conn, found[-1])

    def by_tag(self, tag: str, value: str, status: str | None) -> list[dict[str, Any]]:
        """Packages with a tag ``tag`` = ``value`` (both compared without letter case)."""
        wanted = None if status is None else _status_of(status)
        tag_key, value_key = tag.casefold(), value.casefold()
        with self._storage.transaction() as conn:
            return [
                self._rendered(conn, p)
                for p in self._select(conn, "1 = 1", ())
                if (wanted is None or p["status"] == wanted.value)
                and any(
                    str(t.get("key", "")).casefold() == tag_key
                    and str(t.get("value", "")).casefold() == value_key
                    for t in p.get("tags") or ()
                )
            ]

    # -- writing -------------------------------------------------------------------------------

    def _save(self, conn: sqlite3.Connection, package: dict[str, Any]) -> None:
        name_key = package["name"].casefold()
        clash = conn.execute(
            "SELECT package_id FROM sw_packages WHERE name_key = ? AND version = ?"
            " AND package_id != ?",
            (name_key, package["version"], package["packageId"]),
        ).fetchone()
        if clash is not None:
            versions = [
                int(r["version"])
                for r in conn.execute(
                    "SELECT version FROM sw_packages WHERE name_key = ?", (name_key,)
                )
            ]
            raise ApiError(
                409,
                f"{_label(package)} already exists: use another version, or leave version out "
                f"to get the next free one ({next_version(versions)})",
            )
        conn.execute(
            "INSERT INTO sw_packages (package_id, name_key, version, status, body)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(package_id) DO UPDATE SET"
            " name_key = excluded.name_key, version = excluded.version,"
            " status = excluded.status, body = excluded.body",
            (
                package["packageId"],
                name_key,
                package["version"],
                package["status"],
                json.dumps(package),
            ),
        )

    def _fields(self, body: Any) -> dict[str, Any]:
        try:
            return clean_fields(body)
        except PackageValueError as exc:
            raise ApiError(400, str(exc)) from None

    def create(self, body: Any) -> dict[str, Any]:
        """A new Draft package; without ``version`` it gets the next free one for its name."""
        fields = self._fields(body)
        if "name" not in fields:
            raise ApiError(400, "name is required: every package needs a name")
        now = utc_now_text()
        with self._storage.transaction() as conn:
            if "version" not in fields:
                rows = conn.execute(
                    "SELECT version FROM sw_packages WHERE name_key = ?",
                    (fields["name"].casefold(),),
                )
                fields["version"] = next_version(int(r["version"]) for r in rows)
            package = {
                **fields,
                "packageId": str(uuid.uuid4()),
                "status": PackageStatus.DRAFT.value,
                "createdUtc": now,
                "modifiedUtc": now,
                "createdBy": self._user,
                "modifiedBy": self._user,
            }
            self._save(conn, package)
            return self._rendered(conn, package)

    def _touch(self, package: dict[str, Any]) -> None:
        package["modifiedUtc"] = utc_now_text()
        package["modifiedBy"] = self._user

    def update(self, package_id: str, body: Any) -> dict[str, Any]:
        """Change a Draft package's fields (status and files have their own endpoints)."""
        fields = self._fields(body)
        with self._storage.transaction() as conn:
            package = self._load(conn, package_id)
            sent_id = body.get("packageId")
            if sent_id is not None and str(sent_id).lower() != package["packageId"]:
                raise ApiError(400, f"packageId {sent_id} in the body differs from the URL's")
            sent_status = body.get("status")
            if sent_status is not None and _status_of(sent_status).value != package["status"]:
                raise ApiError(
                    400,
                    "status cannot be changed by an update: use "
                    f"POST /api/Software/PackageStatus/{package['packageId']}?status=...",
                )
            if package["status"] != PackageStatus.DRAFT.value:
                raise not_editable(package)
            package.update(fields)
            self._touch(package)
            self._save(conn, package)
            return self._rendered(conn, package)

    def set_status(self, package_id: str, status: str) -> dict[str, Any]:
        target = _status_of(status)
        with self._storage.transaction() as conn:
            package = self._load(conn, package_id)
            try:
                check_transition(PackageStatus(package["status"]), target)
            except TransitionError as exc:
                raise ApiError(409, f"{_label(package)}: {exc}") from None
            package["status"] = target.value
            self._touch(package)
            self._save(conn, package)
            return self._rendered(conn, package)

    def _delete(self, conn: sqlite3.Connection, packages: list[dict[str, Any]]) -> None:
        for package in packages:
            if PackageStatus(package["status"]) not in _DELETABLE:
                hint = (
                    "return it to Draft first"
                    if package["status"] == PackageStatus.PENDING.value
                    else "revoke it first (status=Revoked)"
                )
                raise ApiError(
                    409,
                    f"{_label(package)} is {package['status']}: only Draft or Revoked "
                    f"packages can be deleted; {hint}",
                )
        for package in packages:
            conn.execute("DELETE FROM sw_files WHERE package_id = ?", (package["packageId"],))
            delete_package_folders(conn, package["packageId"])
            conn.execute("DELETE FROM sw_packages WHERE package_id = ?", (package["packageId"],))

    def delete(self, package_id: str) -> None:
        with self._storage.transaction() as conn:
            self._delete(conn, [self._load(conn, package_id)])

    def delete_by_name(self, name: str, version: int | None) -> None:
        """Delete one version of ``name``, or every version when ``version`` is ``None``."""
        with self._storage.transaction() as conn:
            found = [
                p
                for p in self._select(conn, "name_key = ?", (name.strip().casefold(),))
                if version is None or p["version"] == version
            ]
            if not found:
                also = "" if version is None else f" version {version}"
                raise ApiError(404, f"no package named {name!r}{also}")
            self._delete(conn, found)

    # -- files ---------------------------------------------------------------------------------

    def files(self, package_id: str) -> list[dict[str, Any]]:
        with self._storage.transaction() as conn:
            return self._files(conn, self._load(conn, package_id)["packageId"])

    def upload_zip(self, package_id: str, data: bytes, *, clean_install: bool) -> list[Any]:
        """Unpack a zip into the package's files; ``clean_install`` removes the old ones (and
        folders) first, otherwise files with the same path and name are replaced and the rest
        kept. The folders the files' paths need are created."""
        try:
            unpacked = read_package_zip(data, max_total_bytes=self._max_unpacked_bytes)
        except PackageZipError as exc:
            raise ApiError(400, str(exc)) from None
        now = utc_now_text()
        with self._storage.transaction() as conn:
            package = self._load(conn, package_id)
            if package["status"] != PackageStatus.DRAFT.value:
                raise not_editable(package)
            key = package["packageId"]
            if clean_install:
                conn.execute("DELETE FROM sw_files WHERE package_id = ?", (key,))
                delete_package_folders(conn, key)
            ensure_folders(conn, key, (item.path for item in unpacked), now)
            for item in unpacked:
                entry_key = f"{item.path}/{item.filename}".casefold()
                conn.execute(
                    "INSERT INTO sw_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)"
                    " ON CONFLICT(package_id, entry_key) DO UPDATE SET"
                    " path = excluded.path, filename = excluded.filename,"
                    " size = excluded.size, checksum = excluded.checksum,"
                    " modified_utc = excluded.modified_utc, data = excluded.data",
                    (
                        str(uuid.uuid4()),
                        key,
                        entry_key,
                        item.path,
                        item.filename,
                        item.size,
                        item.checksum,
                        now,
                        item.modified_utc,
                        item.data,
                    ),
                )
            self._touch(package)
            self._save(conn, package)
            return self._files(conn, key)

    def set_file_attributes(self, file_id: str, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict) or "attributes" not in body:
            raise ApiError(400, 'the body must be a JSON object {"attributes": ...}')
        key = guid_key(file_id, "file id")
        with self._storage.transaction() as conn:
            row = conn.execute(
                "SELECT package_id FROM sw_files WHERE file_id = ?", (key,)
            ).fetchone()
            if row is None:
                raise ApiError(
                    404,
                    f"file {file_id} not found: list a package's files with "
                    "GET /api/Software/PackageFiles/{packageId}",
                )
            package = self._load(conn, row["package_id"])
            if package["status"] != PackageStatus.DRAFT.value:
                raise not_editable(package)
            conn.execute(
                "UPDATE sw_files SET attributes = ? WHERE file_id = ?",
                (json.dumps(body["attributes"]), key),
            )
            self._touch(package)
            self._save(conn, package)
            updated = conn.execute(
                f"SELECT {FILE_COLUMNS} FROM sw_files WHERE file_id = ?",  # noqa: S608
                (key,),
            ).fetchone()
            return file_row(updated)
