"""Pydantic models of the Software domain (wats-api.md §2.6).

Aliases are the server's exact JSON keys; Python names are snake_case; unknown keys are kept.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from pydantic import Field, field_validator

from pywats.domains.analytics.models import AppModel

__all__ = [
    "FileCheck",
    "Package",
    "PackageDownload",
    "PackageFile",
    "PackageFolder",
    "PackageStatus",
    "PackageTag",
    "SoftwareEntityDetails",
    "VirtualFolder",
]


class PackageStatus(str, Enum):
    """Status of a software package; the value is what ``?status=`` takes.

    The workflow: Draft → Pending → Released → Revoked, and Pending → Draft (sent back
    from review). Revoked is final.
    """

    DRAFT = "Draft"
    PENDING = "Pending"
    RELEASED = "Released"
    REVOKED = "Revoked"

    def next_statuses(self) -> tuple[PackageStatus, ...]:
        """The statuses a package in this status may move to.

        Example:
            >>> PackageStatus.PENDING.next_statuses()
            (<PackageStatus.RELEASED: 'Released'>, <PackageStatus.DRAFT: 'Draft'>)
        """
        return _NEXT[self]

    def can_move_to(self, target: PackageStatus) -> bool:
        """Whether the server allows ``self → target``."""
        return target in _NEXT[self]

    @classmethod
    def parse(cls, value: PackageStatus | str | int) -> PackageStatus:
        """A status from itself, its name in any letter case, or its number (0 Draft ...
        3 Revoked, as the internal history endpoint writes it).

        Raises:
            ValueError: ``value`` is not a package status.
        """
        if isinstance(value, PackageStatus):
            return value
        order = tuple(cls)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(order):
            return order[value]
        if isinstance(value, str):
            for status in order:
                if value.strip().casefold() == status.value.casefold():
                    return status
        names = ", ".join(status.value for status in order)
        raise ValueError(f"unknown package status {value!r}: use one of {names}")


_NEXT: dict[PackageStatus, tuple[PackageStatus, ...]] = {
    PackageStatus.DRAFT: (PackageStatus.PENDING,),
    PackageStatus.PENDING: (PackageStatus.RELEASED, PackageStatus.DRAFT),
    PackageStatus.RELEASED: (PackageStatus.REVOKED,),
    PackageStatus.REVOKED: (),
}


class PackageTag(AppModel):
    """A ``key``/``value`` label on a package (find packages by it with
    ``get_packages_by_tag``)."""

    key: str | None = Field(default=None, alias="key")
    value: str | None = Field(default=None, alias="value")


class PackageFile(AppModel):
    """A file of a package: its folder ``path`` in the package, name, size and checksum."""

    file_id: UUID | None = Field(default=None, alias="fileId")
    filename: str | None = Field(default=None, alias="filename")
    path: str | None = Field(default=None, alias="path")
    size: int | None = Field(default=None, alias="size")
    checksum: str | None = Field(default=None, alias="checksum")
    created_utc: datetime | None = Field(default=None, alias="createdUtc")
    modified_utc: datetime | None = Field(default=None, alias="modifiedUtc")
    attributes: Any = Field(default=None, alias="attributes")
    """Server-defined file attributes, kept exactly as the server sends them."""


class Package(AppModel):
    """A software package distributed to test stations.

    ``version`` is a whole number per package name; leave it out on create and the server
    gives the next free one. ``status`` changes only through the status workflow
    (``submit_for_review``, ``release_package``...), files only through
    ``upload_package_zip``.
    """

    package_id: UUID | None = Field(default=None, alias="packageId")
    name: str | None = Field(default=None, alias="name")
    description: str | None = Field(default=None, alias="description")
    version: int | None = Field(default=None, alias="version")
    status: PackageStatus | str | None = Field(default=None, alias="status")
    install_on_root: bool | None = Field(default=None, alias="installOnRoot")
    root_directory: str | None = Field(default=None, alias="rootDirectory")
    priority: int | None = Field(default=None, alias="priority")
    tags: list[PackageTag] | None = Field(default=None, alias="tags")
    created_utc: datetime | None = Field(default=None, alias="createdUtc")
    modified_utc: datetime | None = Field(default=None, alias="modifiedUtc")
    created_by: str | None = Field(default=None, alias="createdBy")
    modified_by: str | None = Field(default=None, alias="modifiedBy")
    files: list[PackageFile] | None = Field(default=None, alias="files")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        # Servers write the name ("Released"); the internal API writes the number (2). A
        # status this client does not know stays as sent rather than failing the package.
        try:
            return PackageStatus.parse(value)
        except ValueError:
            return value

    def tag(self, key: str) -> str | None:
        """The value of the tag ``key`` (compared without letter case), if present."""
        for tag in self.tags or ():
            if tag.key is not None and tag.key.casefold() == key.casefold():
                return tag.value
        return None


class VirtualFolder(AppModel):
    """A named install location on the stations, defined by the WATS administrator."""

    folder_id: UUID | None = Field(default=None, alias="folderId")
    name: str | None = Field(default=None, alias="name")
    path: str | None = Field(default=None, alias="path")
    description: str | None = Field(default=None, alias="description")


# -- internal API (what a station's client uses) ------------------------------------------------


class PackageFolder(AppModel):
    """A folder of a package: one ``name`` below ``parent_folder_id`` (or the package root).

    ``path`` is the folder's place in the package, the same form a file's ``path`` has; the
    server sets it, and the ids and times. Uploading a zip creates the folders its files need.
    """

    package_folder_id: UUID | None = Field(default=None, alias="packageFolderId")
    package_id: UUID | None = Field(default=None, alias="packageId")
    parent_folder_id: UUID | None = Field(default=None, alias="parentFolderId")
    name: str | None = Field(default=None, alias="name")
    path: str | None = Field(default=None, alias="path")
    virtual_folder_id: UUID | None = Field(default=None, alias="virtualFolderId")
    """The install location (see ``get_virtual_folders``) the folder goes to, if any."""
    created_utc: datetime | None = Field(default=None, alias="createdUtc")
    modified_utc: datetime | None = Field(default=None, alias="modifiedUtc")


class FileCheck(AppModel):
    """Whether a package has a file and whether a station's copy of it is current."""

    exists: bool | None = Field(default=None, alias="exists")
    up_to_date: bool | None = Field(default=None, alias="upToDate")
    file: PackageFile | None = Field(default=None, alias="file")
    """The package's file, when it exists."""


class PackageDownload(AppModel):
    """One logged download of a package by a client (``log_download``)."""

    package_id: UUID | None = Field(default=None, alias="packageId")
    name: str | None = Field(default=None, alias="name")
    version: int | None = Field(default=None, alias="version")
    client_id: str | None = Field(default=None, alias="clientId")
    download_size: int | None = Field(default=None, alias="downloadSize")
    """Bytes downloaded."""
    downloaded_utc: datetime | None = Field(default=None, alias="downloadedUtc")


class SoftwareEntityDetails(Package):
    """A package with its ``files`` and ``folders``."""

    folders: list[PackageFolder] | None = Field(default=None, alias="folders")
