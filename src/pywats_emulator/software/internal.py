"""The internal Software API (``/api/internal/Software/...``) on the emulator's package store.

What a WATS client on a station uses: file downloads and checks, package folders, the
packages to install or remove, package history and the download log. Selection rules are in
:mod:`.station_rules`, folder rules in :mod:`.package_folders`; this module only reads and
writes. Folder and file changes need a Draft package, like every other package change.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.rootcause.store import guid_key, utc_now_text
from pywats_emulator.software.package_folders import (
    create_folder,
    delete_folder,
    find_folder,
    folders_of,
    update_folder,
)
from pywats_emulator.software.station_rules import (
    TagFilterError,
    available_packages,
    file_check,
    package_history,
    parse_tag_filter,
    revoked_packages,
)
from pywats_emulator.software.store import FILE_COLUMNS, PackageStore, file_row, not_editable
from pywats_emulator.software.unzip import PackageZipError, split_entry_name
from pywats_emulator.software.workflow import PackageStatus, StatusValueError, parse_status

__all__ = ["StationStore", "StoredFile"]

StoredFile = tuple[str, bytes]
"""A package file's name and bytes."""


def _ids(values: Iterable[str], what: str) -> set[str]:
    # Lists arrive as repeated parameters, comma-separated, or both.
    return {guid_key(part, what) for value in values for part in value.split(",") if part.strip()}


class StationStore(PackageStore):
    """Internal Software endpoints; ``user`` is also the ``clientId`` downloads are logged as."""

    def _draft(self, conn: sqlite3.Connection, package_id: str) -> dict[str, Any]:
        package = self._load(conn, package_id)
        if package["status"] != PackageStatus.DRAFT.value:
            raise not_editable(package)
        return package

    def _all(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        return self._select(conn, "1 = 1", ())

    # -- files ---------------------------------------------------------------------------------

    def file_data(self, file_id: str) -> StoredFile:
        row = self._storage.fetch_one(
            "SELECT filename, data FROM sw_files WHERE file_id = ?", (guid_key(file_id, "file id"),)
        )
        if row is None:
            raise ApiError(
                404,
                f"file {file_id} not found: list a package's files with "
                "GET /api/Software/PackageFiles/{packageId}",
            )
        return str(row["filename"]), bytes(row["data"])

    def check_file(
        self,
        package_id: str,
        file_path: str,
        *,
        parent_folder_id: str | None,
        checksum: str | None,
        file_date_epoch: float | None,
    ) -> dict[str, Any]:
        """Whether the package has ``file_path`` (below the parent folder, if given) and
        whether the station's copy is up to date."""
        try:
            folder, filename = split_entry_name(file_path)
        except PackageZipError as exc:
            raise ApiError(400, f"filePath: {exc}") from None
        with self._storage.transaction() as conn:
            key = self._load(conn, package_id)["packageId"]
            if parent_folder_id:
                parent = find_folder(conn, parent_folder_id, "parent folder")
                if parent["packageId"] != key:
                    raise ApiError(404, f"parent folder {parent_folder_id} is not in this package")
                folder = f"{parent['path']}/{folder}" if folder else parent["path"]
            row = conn.execute(
                f"SELECT {FILE_COLUMNS} FROM sw_files"  # noqa: S608 - constant columns
                " WHERE package_id = ? AND entry_key = ?",
                (key, f"{folder}/{filename}".casefold()),
            ).fetchone()
        found = None if row is None else file_row(row)
        return file_check(found, checksum=checksum, file_date_epoch=file_date_epoch)

    def delete_files(self, file_ids: Iterable[str]) -> None:
        """Delete files by id: all of them, or none when one is unknown or not in a Draft."""
        keys = _ids(file_ids, "file id")
        if not keys:
            raise ApiError(400, "packageFolderFileIds is empty: send the file ids to delete")
        with self._storage.transaction() as conn:
            for key in sorted(keys):
                row = conn.execute(
                    "SELECT package_id FROM sw_files WHERE file_id = ?", (key,)
                ).fetchone()
                if row is None:
                    raise ApiError(404, f"file {key} not found: nothing was deleted")
                package = self._draft(conn, row["package_id"])
                conn.execute("DELETE FROM sw_files WHERE file_id = ?", (key,))
                self._touch(package)
                self._save(conn, package)

    # -- folders -------------------------------------------------------------------------------

    def post_folder(self, package_id: str, body: Any) -> dict[str, Any]:
        with self._storage.transaction() as conn:
            package = self._draft(conn, package_id)
            folder = create_folder(conn, package["packageId"], body, utc_now_text())
            self._touch(package)
            self._save(conn, package)
            return folder

    def _folder_of_draft(
        self, conn: sqlite3.Connection, folder_id: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        folder = find_folder(conn, folder_id)
        return folder, self._draft(conn, folder["packageId"])

    def update_folder(self, body: Any) -> dict[str, Any]:
        folder_id = body.get("packageFolderId") if isinstance(body, dict) else None
        if not isinstance(folder_id, str):
            raise ApiError(400, "packageFolderId is required: say which folder to update")
        with self._storage.transaction() as conn:
            folder, package = self._folder_of_draft(conn, folder_id)
            updated = update_folder(conn, folder, body, utc_now_text())
            self._touch(package)
            self._save(conn, package)
            return updated

    def delete_folder(self, folder_id: str) -> None:
        with self._storage.transaction() as conn:
            folder, package = self._folder_of_draft(conn, folder_id)
            delete_folder(conn, folder)
            self._touch(package)
            self._save(conn, package)

    def entity_details(self, package_id: str) -> dict[str, Any]:
        """The package with its files and its ``folders``."""
        with self._storage.transaction() as conn:
            package = self._load(conn, package_id)
            return {
                **self._rendered(conn, package),
                "folders": folders_of(conn, package["packageId"]),
            }

    # -- what a station installs ---------------------------------------------------------------

    def history(
        self, tags: str | None, status: str | None, *, all_versions: bool
    ) -> list[dict[str, Any]]:
        """Packages by tag/status with ``status`` as a number (0 Draft ... 3 Revoked)."""
        try:
            wanted_tags = parse_tag_filter(tags)
            wanted = None if status is None else parse_status(status)
        except (TagFilterError, StatusValueError) as exc:
            raise ApiError(400, str(exc)) from None
        with self._storage.transaction() as conn:
            found = package_history(
                self._all(conn), tags=wanted_tags, status=wanted, all_versions=all_versions
            )
            return [
                {**self._rendered(conn, p), "status": PackageStatus(p["status"]).number}
                for p in found
            ]

    def revoked(self, installed: Iterable[str], *, revoked_only: bool) -> list[dict[str, Any]]:
        ids = _ids(installed, "installed package id")
        with self._storage.transaction() as conn:
            found = revoked_packages(self._all(conn), ids, revoked_only=revoked_only)
            return [self._rendered(conn, p) for p in found]

    def available(self, installed: Iterable[str]) -> list[dict[str, Any]]:
        ids = _ids(installed, "installed package id")
        with self._storage.transaction() as conn:
            return [self._rendered(conn, p) for p in available_packages(self._all(conn), ids)]

    # -- download log --------------------------------------------------------------------------

    def log_download(self, package_id: str, download_size: int) -> dict[str, Any]:
        if download_size < 0:
            raise ApiError(400, f"downloadSize must be a number of bytes >= 0, not {download_size}")
        with self._storage.transaction() as conn:
            package = self._load(conn, package_id)
            entry = {
                "packageId": package["packageId"],
                "name": package["name"],
                "version": package["version"],
                "clientId": self._user,
                "downloadSize": download_size,
                "downloadedUtc": utc_now_text(),
            }
            conn.execute(
                "INSERT INTO sw_downloads (package_id, client_key, body) VALUES (?, ?, ?)",
                (package["packageId"], self._user.casefold(), json.dumps(entry)),
            )
            return entry

    def download_history(self, client_id: str | None) -> list[dict[str, Any]]:
        """Logged downloads, newest first; only ``client_id``'s when given."""
        if client_id:
            rows = self._storage.fetch_all(
                "SELECT body FROM sw_downloads WHERE client_key = ? ORDER BY id DESC",
                (client_id.strip().casefold(),),
            )
        else:
            rows = self._storage.fetch_all("SELECT body FROM sw_downloads ORDER BY id DESC")
        return [json.loads(row["body"]) for row in rows]
