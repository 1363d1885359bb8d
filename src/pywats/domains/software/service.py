"""Software service (wats-api.md §2.6)."""

from __future__ import annotations

from pywats.domains.software.repository import AsyncSoftwareRepository

__all__ = ["AsyncSoftwareService"]


class AsyncSoftwareService:
    """Software packages: status workflow, files, virtual folders (§2.6)."""

    def __init__(self, repository: AsyncSoftwareRepository) -> None:
        self._repository = repository
