"""Asset domain (wats-api.md §2.4)."""

from __future__ import annotations

from pywats.domains.asset.repository import AsyncAssetRepository
from pywats.domains.asset.service import AsyncAssetService

__all__ = ["AsyncAssetRepository", "AsyncAssetService"]
