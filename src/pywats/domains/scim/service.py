"""SCIM service (wats-api.md §2.9)."""

from __future__ import annotations

from pywats.domains.scim.repository import AsyncScimRepository

__all__ = ["AsyncScimService"]


class AsyncScimService:
    """SCIM user provisioning: token and users (§2.9)."""

    def __init__(self, repository: AsyncScimRepository) -> None:
        self._repository = repository
