"""Software service (wats-api.md §2.6): packages, their status workflow, files, folders.

A package is created in Draft, gets its files from a zip while in Draft, then moves
Draft → Pending (``submit_for_review``) → Released (``release_package``) → Revoked
(``revoke_package``); a Pending package can go back to Draft (``return_to_draft``). The
server refuses any other move with a ``ConflictError`` naming the current status and the
allowed next ones; :meth:`PackageStatus.next_statuses` gives the same rule locally. The
internal calls a station makes (downloads, folders, what to install) are in
:mod:`._station_ops`.
"""

from __future__ import annotations

import io
import os
import zipfile
from typing import Any
from uuid import UUID

import anyio

from pywats.domains.software._station_ops import StationSoftwareOperations
from pywats.domains.software.models import (
    Package,
    PackageFile,
    PackageStatus,
    VirtualFolder,
)
from pywats.domains.software.repository import AsyncSoftwareRepository

__all__ = ["AsyncSoftwareService"]


def _name(name: str, what: str = "name") -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{what} must be a non-empty string, not {name!r}")
    return name


def _status(status: PackageStatus | str | None) -> PackageStatus | None:
    return None if status is None else PackageStatus.parse(status)


class AsyncSoftwareService(StationSoftwareOperations):
    """Software packages: status workflow, files, virtual folders, and the internal calls a
    station uses (§2.6)."""

    def __init__(self, repository: AsyncSoftwareRepository) -> None:
        self._repository = repository

    # -- reading -------------------------------------------------------------------------------

    async def get_packages(self) -> list[Package]:
        """Every package: all names, versions and statuses."""
        return await self._repository.get_packages()

    async def get_package(self, package_id: str | UUID) -> Package | None:
        """One package with its files.

        Args:
            package_id: The package's ``packageId``.

        Returns:
            The package; ``None`` when it does not exist and the client is LENIENT.

        Raises:
            NotFoundError: No such package (STRICT mode).
        """
        return await self._repository.get_package(package_id)

    async def get_package_by_name(
        self,
        name: str,
        *,
        status: PackageStatus | str | None = None,
        version: int | None = None,
    ) -> Package | None:
        """The highest version of the package ``name`` that has ``status`` and/or ``version``.

        Args:
            name: Package name.
            status: Only a package in this status (e.g. ``PackageStatus.RELEASED``).
            version: Only this version.

        Raises:
            ValueError: ``name`` is empty or ``status`` is not a package status.
            NotFoundError: No package matches (STRICT mode).
        """
        return await self._repository.get_package_by_name(
            _name(name), status=_status(status), version=version
        )

    async def get_released_package(
        self, name: str, *, version: int | None = None
    ) -> Package | None:
        """The released version of the package ``name`` (the one stations should install).

        Args:
            name: Package name.
            version: A given released version instead of the highest one.

        Raises:
            NotFoundError: The package has no released version (STRICT mode).
        """
        return await self.get_package_by_name(name, status=PackageStatus.RELEASED, version=version)

    async def get_packages_by_tag(
        self, tag: str, value: str, *, status: PackageStatus | str | None = None
    ) -> list[Package]:
        """Packages carrying the tag ``tag`` with the value ``value``.

        Args:
            tag: Tag key, e.g. ``"line"``.
            value: Tag value, e.g. ``"L2"``.
            status: Only packages in this status.

        Returns:
            The matching packages (an empty list when none match).
        """
        return await self._repository.get_packages_by_tag(
            _name(tag, "tag"), value, status=_status(status)
        )

    # -- writing -------------------------------------------------------------------------------

    async def create_package(self, package: Package) -> Package | None:
        """Create a package; it starts in Draft.

        Leave ``version`` unset to get one above the highest version of the same name
        (1 for a new name); a version that already exists is refused.

        Args:
            package: At least ``name``; ``status``, ``files`` and ids are set by the server.

        Returns:
            The created package with its ``package_id``, ``version`` and ``status``.

        Raises:
            ValueError: The package has no name.
            ConflictError: This name and version already exist.
            ValidationError: A field has a value the server refuses.
        """
        _name(package.name or "", "package.name")
        return await self._repository.create_package(package)

    async def update_package(self, package_id: str | UUID, package: Package) -> Package | None:
        """Change a Draft package's fields (name, description, version, tags...).

        The status changes only through the workflow methods and the files only through
        :meth:`upload_package_zip`; fields left ``None`` are not changed.

        Args:
            package_id: The package to change.
            package: The new field values (e.g. a package read with :meth:`get_package`).

        Returns:
            The updated package.

        Raises:
            ConflictError: The package is not Draft, or the name and version clash.
            NotFoundError: No such package.
        """
        return await self._repository.update_package(package_id, package)

    async def delete_package(self, package_id: str | UUID) -> None:
        """Delete a Draft or Revoked package and its files.

        Raises:
            ConflictError: The package is Pending or Released.
            NotFoundError: No such package.
        """
        await self._repository.delete_package(package_id)

    async def delete_package_by_name(self, name: str, *, version: int | None = None) -> None:
        """Delete one version of a package, or every version when ``version`` is ``None``.

        Raises:
            ConflictError: A matching version is Pending or Released (nothing is deleted).
            NotFoundError: No package matches.
        """
        await self._repository.delete_package_by_name(_name(name), version=version)

    # -- status workflow -----------------------------------------------------------------------

    async def update_package_status(
        self, package_id: str | UUID, status: PackageStatus | str
    ) -> None:
        """Move a package to ``status`` (Draft, Pending, Released or Revoked).

        Raises:
            ValueError: ``status`` is not a package status.
            ConflictError: The move is not allowed from the package's current status (the
                message names it and the allowed next ones).
            NotFoundError: No such package.
        """
        await self._repository.update_package_status(package_id, PackageStatus.parse(status))

    async def submit_for_review(self, package_id: str | UUID) -> None:
        """Draft → Pending: ask for the package to be reviewed and released."""
        await self.update_package_status(package_id, PackageStatus.PENDING)

    async def return_to_draft(self, package_id: str | UUID) -> None:
        """Pending → Draft: send a package back for changes."""
        await self.update_package_status(package_id, PackageStatus.DRAFT)

    async def release_package(self, package_id: str | UUID) -> None:
        """Pending → Released: stations may install it."""
        await self.update_package_status(package_id, PackageStatus.RELEASED)

    async def revoke_package(self, package_id: str | UUID) -> None:
        """Released → Revoked: withdraw it from stations (final)."""
        await self.update_package_status(package_id, PackageStatus.REVOKED)

    # -- files ---------------------------------------------------------------------------------

    async def get_package_files(self, package_id: str | UUID) -> list[PackageFile]:
        """The files of a package (folder ``path``, name, size, checksum, attributes)."""
        return await self._repository.get_package_files(package_id)

    async def upload_package_zip(
        self,
        package_id: str | UUID,
        zip_file: bytes | str | os.PathLike[str],
        *,
        clean_install: bool = False,
    ) -> None:
        """Add the files of a zip to a Draft package.

        Folders inside the zip become the files' ``path``. Files with the same path and
        name are replaced; others are kept unless ``clean_install`` is true.

        Args:
            package_id: The package (must be Draft).
            zip_file: The zip's bytes, or the path of a zip file.
            clean_install: Remove every existing file of the package first.

        Raises:
            ValueError: The data is not a zip archive.
            ValidationError: The server refused an entry (e.g. a name with ``..`` or an
                absolute path).
            ConflictError: The package is not Draft.
        """
        if isinstance(zip_file, bytes):
            data = zip_file
        else:
            data = await anyio.Path(os.fspath(zip_file)).read_bytes()
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ValueError("upload_package_zip: the data is not a zip archive")
        await self._repository.upload_package_zip(package_id, data, clean_install=clean_install)

    async def update_file_attribute(self, file_id: str | UUID, attributes: Any) -> None:
        """Set the ``attributes`` of a file of a Draft package.

        Args:
            file_id: The file's ``file_id`` (see :meth:`get_package_files`).
            attributes: The server-defined attribute value.

        Raises:
            NotFoundError: No such file.
            ConflictError: The file's package is not Draft.
        """
        await self._repository.update_file_attribute(file_id, attributes)

    async def get_virtual_folders(self) -> list[VirtualFolder]:
        """The virtual folders (named install locations) defined on the server."""
        return await self._repository.get_virtual_folders()
