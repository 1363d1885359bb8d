"""Software domain (wats-api.md §2.6): packages distributed to test stations."""

from __future__ import annotations

from pywats.domains.software.models import (
    Package,
    PackageFile,
    PackageStatus,
    PackageTag,
    VirtualFolder,
)
from pywats.domains.software.repository import AsyncSoftwareRepository
from pywats.domains.software.service import AsyncSoftwareService

__all__ = [
    "AsyncSoftwareRepository",
    "AsyncSoftwareService",
    "Package",
    "PackageFile",
    "PackageStatus",
    "PackageTag",
    "VirtualFolder",
]
