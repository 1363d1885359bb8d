"""HTTP calls of the internal Software API (``/api/internal/Software/...``, wats-api.md §2.6).

These are what a station's WATS client uses: file downloads and checks, package folders,
which packages to install or remove, history and the download log. The HTTP client adds the
``Referer`` header the internal API wants. Mixed into
:class:`~pywats.domains.software.repository.AsyncSoftwareRepository`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows, path_segment
from pywats.domains.report.models.base import WatsModel
from pywats.domains.software.models import (
    FileCheck,
    Package,
    PackageDownload,
    PackageFolder,
    PackageStatus,
    SoftwareEntityDetails,
)

__all__ = ["StationSoftwareCalls"]

INTERNAL_PREFIX = "/api/internal/Software"
IS_CONNECTED_PATH = f"{INTERNAL_PREFIX}/isConnected"
FILE_PATH = f"{INTERNAL_PREFIX}/File/{{id}}"
CHECK_FILE_PATH = f"{INTERNAL_PREFIX}/CheckFile"
POST_FOLDER_PATH = f"{INTERNAL_PREFIX}/PostPackageFolder"
UPDATE_FOLDER_PATH = f"{INTERNAL_PREFIX}/UpdatePackageFolder"
DELETE_FOLDER_PATH = f"{INTERNAL_PREFIX}/DeletePackageFolder"
DELETE_FOLDER_FILES_PATH = f"{INTERNAL_PREFIX}/DeletePackageFolderFiles"
HISTORY_PATH = f"{INTERNAL_PREFIX}/GetPackageHistory"
DOWNLOAD_HISTORY_PATH = f"{INTERNAL_PREFIX}/GetPackageDownloadHistory"
REVOKED_PATH = f"{INTERNAL_PREFIX}/GetRevokedPackages"
AVAILABLE_PATH = f"{INTERNAL_PREFIX}/GetAvailablePackages"
ENTITY_DETAILS_PATH = f"{INTERNAL_PREFIX}/GetSoftwareEntityDetails"
LOG_PATH = f"{INTERNAL_PREFIX}/Log"

_BINARY_HEADERS = {"Accept": "*/*"}


def _body(model: WatsModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _ids(values: Sequence[str | UUID]) -> list[str]:
    # Sent as repeated query parameters (installedPackages=a&installedPackages=b).
    return [str(value) for value in values]


class StationSoftwareCalls:
    """The internal Software calls; needs ``_http`` and ``_errors`` from the repository."""

    _http: AsyncHttpClient
    _errors: ErrorHandler

    async def is_connected(self) -> bool:
        """``GET /api/internal/Software/isConnected``: any 2xx but a JSON ``false`` is yes (a
        404 a LENIENT client tolerates is no)."""
        response = await self._http.get(IS_CONNECTED_PATH)
        body = self._errors.handle(response, "is_connected", allow_empty=True)
        return response.is_success and body is not False and body != "false"

    async def get_file(self, file_id: str | UUID) -> bytes | None:
        """``GET /api/internal/Software/File/{id}``: the file's bytes."""
        response = await self._http.get(
            FILE_PATH.format(id=path_segment(file_id)), headers=_BINARY_HEADERS
        )
        content: bytes | None = self._errors.handle(
            response, "get_file", allow_empty=True, raw=True
        )
        return content

    async def check_file(
        self,
        package_id: str | UUID,
        file_path: str,
        *,
        parent_folder_id: str | UUID | None,
        checksum: str | None,
        file_date_epoch: float | None,
    ) -> FileCheck | None:
        """``GET /api/internal/Software/CheckFile``."""
        params = {
            "packageId": str(package_id),
            "parentFolderId": None if parent_folder_id is None else str(parent_folder_id),
            "filePath": file_path,
            "checksum": checksum,
            "fileDateEpoch": file_date_epoch,
        }
        response = await self._http.get(CHECK_FILE_PATH, params=params)
        body = self._errors.handle(response, "check_file")
        return None if body is None else FileCheck.model_validate(body)

    async def post_package_folder(
        self, package_id: str | UUID, folder: PackageFolder
    ) -> PackageFolder | None:
        """``POST /api/internal/Software/PostPackageFolder?packageId=`` with the folder."""
        response = await self._http.post(
            POST_FOLDER_PATH, params={"packageId": str(package_id)}, json=_body(folder)
        )
        body = self._errors.handle_write(response, "post_package_folder")
        return None if body is None else PackageFolder.model_validate(body)

    async def update_package_folder(self, folder: PackageFolder) -> PackageFolder | None:
        """``POST /api/internal/Software/UpdatePackageFolder`` with the folder."""
        response = await self._http.post(UPDATE_FOLDER_PATH, json=_body(folder))
        body = self._errors.handle_write(response, "update_package_folder")
        return None if body is None else PackageFolder.model_validate(body)

    async def delete_package_folder(self, package_folder_id: str | UUID) -> None:
        """``POST /api/internal/Software/DeletePackageFolder?packageFolderId=``."""
        response = await self._http.post(
            DELETE_FOLDER_PATH, params={"packageFolderId": str(package_folder_id)}
        )
        self._errors.handle_write(response, "delete_package_folder", allow_empty=True)

    async def delete_package_folder_files(self, file_ids: Sequence[str | UUID]) -> None:
        """``POST /api/internal/Software/DeletePackageFolderFiles`` with the ids as a JSON
        array."""
        response = await self._http.post(DELETE_FOLDER_FILES_PATH, json=_ids(file_ids))
        self._errors.handle_write(response, "delete_package_folder_files", allow_empty=True)

    async def get_package_history(
        self, *, tags: str | None, status: PackageStatus | None, all_versions: bool | None
    ) -> list[Package]:
        """``GET /api/internal/Software/GetPackageHistory?tags=&status=&allVersions=``."""
        params = {
            "tags": tags,
            "status": None if status is None else status.value,
            "allVersions": all_versions,
        }
        response = await self._http.get(HISTORY_PATH, params=params)
        body = self._errors.handle(response, "get_package_history", allow_empty=True)
        return parse_rows(body, Package, "get_package_history")

    async def get_package_download_history(self, client_id: str | None) -> list[PackageDownload]:
        """``GET /api/internal/Software/GetPackageDownloadHistory?clientId=``."""
        response = await self._http.get(DOWNLOAD_HISTORY_PATH, params={"clientId": client_id})
        body = self._errors.handle(response, "get_package_download_history", allow_empty=True)
        return parse_rows(body, PackageDownload, "get_package_download_history")

    async def get_revoked_packages(
        self, installed_packages: Sequence[str | UUID], *, include_revoked_only: bool | None
    ) -> list[Package]:
        """``GET /api/internal/Software/GetRevokedPackages?installedPackages=...``."""
        params = {
            "installedPackages": _ids(installed_packages),
            "includeRevokedOnly": include_revoked_only,
        }
        response = await self._http.get(REVOKED_PATH, params=params)
        body = self._errors.handle(response, "get_revoked_packages", allow_empty=True)
        return parse_rows(body, Package, "get_revoked_packages")

    async def get_available_packages(
        self, installed_packages: Sequence[str | UUID]
    ) -> list[Package]:
        """``GET /api/internal/Software/GetAvailablePackages?installedPackages=...``."""
        params = {"installedPackages": _ids(installed_packages)}
        response = await self._http.get(AVAILABLE_PATH, params=params)
        body = self._errors.handle(response, "get_available_packages", allow_empty=True)
        return parse_rows(body, Package, "get_available_packages")

    async def get_software_entity_details(
        self, package_id: str | UUID
    ) -> SoftwareEntityDetails | None:
        """``GET /api/internal/Software/GetSoftwareEntityDetails?packageId=``."""
        response = await self._http.get(ENTITY_DETAILS_PATH, params={"packageId": str(package_id)})
        body = self._errors.handle(response, "get_software_entity_details")
        return None if body is None else SoftwareEntityDetails.model_validate(body)

    async def log_download(
        self, package_id: str | UUID, download_size: int
    ) -> PackageDownload | None:
        """``GET /api/internal/Software/Log?packageId=&downloadSize=``: a GET that records, so
        it is not retried (a retry could log the download twice)."""
        params = {"packageId": str(package_id), "downloadSize": download_size}
        response = await self._http.get(LOG_PATH, params=params, idempotent=False)
        body = self._errors.handle_write(response, "log_download", allow_empty=True)
        return None if body is None else PackageDownload.model_validate(body)
