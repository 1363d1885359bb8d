"""Production service (wats-api.md §2.5)."""

from __future__ import annotations

from pywats.domains.production.repository import AsyncProductionRepository

__all__ = ["AsyncProductionService"]


class AsyncProductionService:
    """Production (MES): units, serial numbers, phases, child units, batches (§2.5)."""

    def __init__(self, repository: AsyncProductionRepository) -> None:
        self._repository = repository
