"""Software domain (wats-api.md §2.6)."""

from __future__ import annotations

from pywats.domains.software.repository import AsyncSoftwareRepository
from pywats.domains.software.service import AsyncSoftwareService

__all__ = ["AsyncSoftwareRepository", "AsyncSoftwareService"]
