"""HTTP calls of the Software domain (``/api/Software/...``, wats-api.md §2.6).

Method names follow the reference client's repository; the service adds the workflow helpers.
The internal calls a station uses are in :mod:`._station_calls`, mixed in here.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows, path_segment
from pywats.domains.software._station_calls import StationSoftwareCalls
from pywats.domains.software.models import Package, PackageFile, PackageStatus, VirtualFolder

__all__ = ["AsyncSoftwareRepository"]

PACKAGES_PATH = "/api/Software/Packages"
PACKAGE_PATH = "/api/Software/Package"
PACKAGE_ID_PATH = "/api/Software/Package/{id}"
PACKAGE_BY_NAME_PATH = "/api/Software/PackageByName"
PACKAGES_BY_TAG_PATH = "/api/Software/PackagesByTag"
PACKAGE_STATUS_PATH = "/api/Software/PackageStatus/{id}"
PACKAGE_FILES_PATH = "/api/Software/PackageFiles/{id}"
UPLOAD_ZIP_PATH = "/api/Software/Package/UploadZip/{id}"
FILE_ATTRIBUTE_PATH = "/api/Software/Package/FileAttribute/{id}"
VIRTUAL_FOLDERS_PATH = "/api/Software/VirtualFolders"

_ZIP_HEADERS = {"Content-Type": "application/zip"}


def package_body(package: Package) -> dict[str, Any]:
    """The JSON a package is sent as: aliases, no ``None`` values."""
    return package.model_dump(mode="json", by_alias=True, exclude_none=True)


def _status_value(status: PackageStatus | None) -> str | None:
    return None if status is None else status.value


class AsyncSoftwareRepository(StationSoftwareCalls):
    """Builds and parses the Software calls (public and internal)."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    def _package(self, body: Any) -> Package | None:
        return None if body is None else Package.model_validate(body)

    async def get_packages(self) -> list[Package]:
        """``GET /api/Software/Packages``."""
        response = await self._http.get(PACKAGES_PATH)
        body = self._errors.handle(response, "get_packages", allow_empty=True)
        return parse_rows(body, Package, "get_packages")

    async def get_package(self, package_id: str | UUID) -> Package | None:
        """``GET /api/Software/Package/{id}``."""
        response = await self._http.get(PACKAGE_ID_PATH.format(id=path_segment(package_id)))
        return self._package(self._errors.handle(response, "get_package"))

    async def get_package_by_name(
        self, name: str, *, status: PackageStatus | None = None, version: int | None = None
    ) -> Package | None:
        """``GET /api/Software/PackageByName?name=&status=&version=``."""
        response = await self._http.get(
            PACKAGE_BY_NAME_PATH,
            params={"name": name, "status": _status_value(status), "version": version},
        )
        return self._package(self._errors.handle(response, "get_package_by_name"))

    async def get_packages_by_tag(
        self, tag: str, value: str, *, status: PackageStatus | None = None
    ) -> list[Package]:
        """``GET /api/Software/PackagesByTag?tag=&value=&status=``."""
        response = await self._http.get(
            PACKAGES_BY_TAG_PATH,
            params={"tag": tag, "value": value, "status": _status_value(status)},
        )
        body = self._errors.handle(response, "get_packages_by_tag", allow_empty=True)
        return parse_rows(body, Package, "get_packages_by_tag")

    async def create_package(self, package: Package) -> Package | None:
        """``POST /api/Software/Package``; the server answers the created (Draft) package."""
        response = await self._http.post(PACKAGE_PATH, json=package_body(package))
        return self._package(self._errors.handle(response, "create_package"))

    async def update_package(self, package_id: str | UUID, package: Package) -> Package | None:
        """``PUT /api/Software/Package/{id}``."""
        response = await self._http.put(
            PACKAGE_ID_PATH.format(id=path_segment(package_id)), json=package_body(package)
        )
        return self._package(self._errors.handle(response, "update_package"))

    async def delete_package(self, package_id: str | UUID) -> None:
        """``DELETE /api/Software/Package/{id}``."""
        response = await self._http.delete(PACKAGE_ID_PATH.format(id=path_segment(package_id)))
        self._errors.handle(response, "delete_package", allow_empty=True)

    async def delete_package_by_name(self, name: str, *, version: int | None = None) -> None:
        """``DELETE /api/Software/PackageByName?name=&version=``."""
        response = await self._http.delete(
            PACKAGE_BY_NAME_PATH, params={"name": name, "version": version}
        )
        self._errors.handle(response, "delete_package_by_name", allow_empty=True)

    async def update_package_status(self, package_id: str | UUID, status: PackageStatus) -> None:
        """``POST /api/Software/PackageStatus/{id}?status=``."""
        response = await self._http.post(
            PACKAGE_STATUS_PATH.format(id=path_segment(package_id)),
            params={"status": status.value},
        )
        self._errors.handle(response, "update_package_status", allow_empty=True)

    async def get_package_files(self, package_id: str | UUID) -> list[PackageFile]:
        """``GET /api/Software/PackageFiles/{id}``."""
        response = await self._http.get(PACKAGE_FILES_PATH.format(id=path_segment(package_id)))
        body = self._errors.handle(response, "get_package_files", allow_empty=True)
        return parse_rows(body, PackageFile, "get_package_files")

    async def upload_package_zip(
        self, package_id: str | UUID, zip_data: bytes, *, clean_install: bool | None = None
    ) -> None:
        """``POST /api/Software/Package/UploadZip/{id}?cleanInstall=`` with the raw zip."""
        response = await self._http.post(
            UPLOAD_ZIP_PATH.format(id=path_segment(package_id)),
            params={"cleanInstall": "true" if clean_install else None},
            content=zip_data,
            headers=_ZIP_HEADERS,
        )
        self._errors.handle(response, "upload_package_zip", allow_empty=True)

    async def update_file_attribute(self, file_id: str | UUID, attributes: Any) -> None:
        """``POST /api/Software/Package/FileAttribute/{fileId}`` with ``{attributes: ...}``."""
        response = await self._http.post(
            FILE_ATTRIBUTE_PATH.format(id=path_segment(file_id)),
            json={"attributes": attributes},
        )
        self._errors.handle(response, "update_file_attribute", allow_empty=True)

    async def get_virtual_folders(self) -> list[VirtualFolder]:
        """``GET /api/Software/VirtualFolders``."""
        response = await self._http.get(VIRTUAL_FOLDERS_PATH)
        body = self._errors.handle(response, "get_virtual_folders", allow_empty=True)
        return parse_rows(body, VirtualFolder, "get_virtual_folders")
