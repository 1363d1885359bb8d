"""Internal Software operations (wats-api.md §2.6): what a station's client asks the server.

A station keeps its installed packages current: it asks which released packages it lacks
(:meth:`get_available_packages`) and which installed ones it should remove
(:meth:`get_revoked_packages`), downloads files (:meth:`get_file`, or checks a local copy
first with :meth:`check_file`) and logs each download (:meth:`log_download`). Package folders
can be created, renamed and deleted while the package is Draft. Mixed into
:class:`~pywats.domains.software.service.AsyncSoftwareService`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from pywats.domains.software.models import (
    FileCheck,
    Package,
    PackageDownload,
    PackageFolder,
    PackageStatus,
    SoftwareEntityDetails,
)
from pywats.domains.software.repository import AsyncSoftwareRepository

__all__ = ["StationSoftwareOperations", "tag_filter"]


def tag_filter(tags: Mapping[str, str]) -> str:
    """The ``tags`` query value of ``GetPackageHistory``: ``key=value`` pairs joined by ``;``.

    Raises:
        ValueError: A key is empty or contains ``=`` or ``;``, or a value contains ``;``.

    Example:
        >>> tag_filter({"line": "L2", "station": "ICT"})
        'line=L2;station=ICT'
    """
    pairs = []
    for key, value in tags.items():
        if not key.strip() or "=" in key or ";" in key or ";" in value:
            raise ValueError(
                f"tag {key!r}={value!r} cannot be sent: keys must be non-empty without '=' or "
                "';', values without ';'"
            )
        pairs.append(f"{key}={value}")
    return ";".join(pairs)


class StationSoftwareOperations:
    """Internal Software operations; needs ``_repository`` from the service."""

    _repository: AsyncSoftwareRepository

    async def is_connected(self) -> bool:
        """Whether the server answers the internal Software API with this token.

        Returns:
            ``True`` when the server says so.

        Raises:
            AuthenticationError: The token was refused.
            ConnectionError: The server could not be reached.
        """
        return await self._repository.is_connected()

    async def get_file(self, file_id: str | UUID) -> bytes | None:
        """The content of a package file.

        Args:
            file_id: The file's ``file_id`` (see ``get_package_files``).

        Returns:
            The bytes; ``None`` when the file does not exist and the client is LENIENT.

        Raises:
            NotFoundError: No such file (STRICT mode).
        """
        return await self._repository.get_file(file_id)

    async def check_file(
        self,
        package_id: str | UUID,
        file_path: str,
        *,
        parent_folder_id: str | UUID | None = None,
        checksum: str | None = None,
        file_date_epoch: float | None = None,
    ) -> FileCheck | None:
        """Whether a package has a file and whether a local copy of it is up to date.

        Args:
            package_id: The package.
            file_path: The file's path in the package, e.g. ``"programs/ict.seq"``.
            parent_folder_id: Read ``file_path`` below this package folder instead of the root.
            checksum: SHA-256 (hex) of the local copy; decides ``up_to_date`` when given.
            file_date_epoch: The local copy's modification time (seconds since the epoch);
                without a checksum, the copy is up to date when not older than the server's.

        Returns:
            ``exists``, ``up_to_date`` and the server's ``file``.

        Raises:
            ValueError: ``file_path`` is empty.
            NotFoundError: No such package or parent folder.
            ValidationError: ``file_path`` leaves the package (``..``, absolute path).
        """
        if not file_path.strip():
            raise ValueError("check_file: file_path must be a non-empty path in the package")
        return await self._repository.check_file(
            package_id,
            file_path,
            parent_folder_id=parent_folder_id,
            checksum=checksum,
            file_date_epoch=file_date_epoch,
        )

    async def post_package_folder(
        self, package_id: str | UUID, folder: PackageFolder
    ) -> PackageFolder | None:
        """Create a folder in a Draft package.

        Args:
            package_id: The package.
            folder: At least ``name`` (one folder name, no ``/``); ``parent_folder_id`` puts it
                below another folder, ``virtual_folder_id`` names its install location.

        Returns:
            The created folder with its id and ``path``.

        Raises:
            ValueError: The folder has no name.
            ValidationError: The name is not a single folder name, or the virtual folder is
                unknown.
            ConflictError: The package is not Draft, or the folder already exists.
            NotFoundError: No such package or parent folder.
        """
        if not (folder.name or "").strip():
            raise ValueError("post_package_folder: folder.name must be a non-empty name")
        return await self._repository.post_package_folder(package_id, folder)

    async def update_package_folder(self, folder: PackageFolder) -> PackageFolder | None:
        """Rename a folder of a Draft package (its subfolders and files follow) or change its
        other fields; ``None`` fields are not changed.

        Args:
            folder: The folder with its ``package_folder_id`` and the new values.

        Returns:
            The updated folder.

        Raises:
            ValueError: ``folder.package_folder_id`` is not set.
            ValidationError: A bad name, or a different ``parent_folder_id`` (folders do not
                move).
            ConflictError: The package is not Draft, or the new name is taken.
            NotFoundError: No such folder.
        """
        if folder.package_folder_id is None:
            raise ValueError("update_package_folder: folder.package_folder_id must be set")
        return await self._repository.update_package_folder(folder)

    async def delete_package_folder(self, package_folder_id: str | UUID) -> None:
        """Delete a folder of a Draft package with its subfolders and their files.

        Raises:
            ConflictError: The package is not Draft.
            NotFoundError: No such folder.
        """
        await self._repository.delete_package_folder(package_folder_id)

    async def delete_package_folder_files(
        self, package_folder_file_ids: Sequence[str | UUID]
    ) -> None:
        """Delete files of Draft packages by id: all of them, or none if one fails.

        Args:
            package_folder_file_ids: The files' ``file_id`` values.

        Raises:
            ValueError: No ids were given.
            NotFoundError: An id is unknown (nothing is deleted).
            ConflictError: A file's package is not Draft (nothing is deleted).
        """
        if isinstance(package_folder_file_ids, (str, bytes)) or not package_folder_file_ids:
            raise ValueError("delete_package_folder_files: give a non-empty list of file ids")
        await self._repository.delete_package_folder_files(package_folder_file_ids)

    async def get_package_history(
        self,
        *,
        tags: Mapping[str, str] | None = None,
        status: PackageStatus | str | int | None = None,
        all_versions: bool = False,
    ) -> list[Package]:
        """Packages with all the given tags and the given status, newest version first.

        Args:
            tags: Tag key → value the packages must all carry.
            status: Only packages in this status.
            all_versions: Every version instead of the highest one per name.

        Returns:
            The packages, by name then version (highest first).

        Raises:
            ValueError: A tag cannot be sent or ``status`` is not a package status.
        """
        return await self._repository.get_package_history(
            tags=None if not tags else tag_filter(tags),
            status=None if status is None else PackageStatus.parse(status),
            all_versions=all_versions,
        )

    async def get_package_download_history(
        self, client_id: str | None = None
    ) -> list[PackageDownload]:
        """Downloads logged with :meth:`log_download`, newest first.

        Args:
            client_id: Only this client's downloads; ``None`` for all.
        """
        return await self._repository.get_package_download_history(client_id)

    async def get_revoked_packages(
        self, installed_packages: Sequence[str | UUID], *, include_revoked_only: bool = False
    ) -> list[Package]:
        """Which installed packages a station should remove.

        Args:
            installed_packages: The ``package_id`` of every package the station has.
            include_revoked_only: Only Revoked ones, not those a newer release replaces.

        Raises:
            ValidationError: An id is not a GUID.
        """
        return await self._repository.get_revoked_packages(
            list(installed_packages), include_revoked_only=include_revoked_only
        )

    async def get_available_packages(
        self, installed_packages: Sequence[str | UUID] = ()
    ) -> list[Package]:
        """The released packages a station should install: the highest released version of
        each name that is not among ``installed_packages``.

        Args:
            installed_packages: The ``package_id`` of every package the station has.

        Raises:
            ValidationError: An id is not a GUID.
        """
        return await self._repository.get_available_packages(list(installed_packages))

    async def get_software_entity_details(
        self, package_id: str | UUID
    ) -> SoftwareEntityDetails | None:
        """A package with its files and folders.

        Raises:
            NotFoundError: No such package (STRICT mode).
        """
        return await self._repository.get_software_entity_details(package_id)

    async def log_download(
        self, package_id: str | UUID, download_size: int
    ) -> PackageDownload | None:
        """Record that this client downloaded a package (never retried: no double entries).

        Args:
            package_id: The package downloaded.
            download_size: Bytes downloaded.

        Returns:
            The log entry.

        Raises:
            ValueError: ``download_size`` is negative.
            NotFoundError: No such package.
        """
        if download_size < 0:
            raise ValueError(f"log_download: download_size must be >= 0, not {download_size}")
        return await self._repository.log_download(package_id, download_size)
