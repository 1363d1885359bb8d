"""Asset service (wats-api.md §2.4)."""

from __future__ import annotations

from pywats.domains.asset.repository import AsyncAssetRepository

__all__ = ["AsyncAssetService"]


class AsyncAssetService:
    """Assets and asset types: counts, calibration, maintenance, log, files (§2.4)."""

    def __init__(self, repository: AsyncAssetRepository) -> None:
        self._repository = repository
