"""Software domain (wats-api.md §2.6): packages distributed to test stations."""

from __future__ import annotations

from pywats.domains.software.models import (
    FileCheck,
    Package,
    PackageDownload,
    PackageFile,
    PackageFolder,
    PackageStatus,
    PackageTag,
    SoftwareEntityDetails,
    VirtualFolder,
)
from pywats.domains.software.repository import AsyncSoftwareRepository
from pywats.domains.software.service import AsyncSoftwareService

__all__ = [
    "AsyncSoftwareRepository",
    "AsyncSoftwareService",
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
