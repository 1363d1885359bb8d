"""Analytics service: server metadata now (version, processes, levels, product groups).

The yield, repair, measurement and unit-flow endpoints of wats-api.md §2.2 arrive as further
methods here, each delegating to a repository method of the same name; the sync twin is
regenerated with ``scripts/generate_sync.py``.
"""

from __future__ import annotations

from pywats.domains.analytics.models import Level, ProcessInfo, ProductGroup
from pywats.domains.analytics.repository import AsyncAnalyticsRepository

__all__ = ["AsyncAnalyticsService"]


class AsyncAnalyticsService:
    """Server metadata and analytics (the WATS ``App`` API)."""

    def __init__(self, repository: AsyncAnalyticsRepository) -> None:
        self._repository = repository

    async def get_version(self) -> str | None:
        """The server's version string, e.g. ``"24.1.0"``.

        Returns ``None`` only in LENIENT mode when the server sends an empty answer.
        """
        return await self._repository.get_version()

    async def get_processes(
        self,
        *,
        include_test_operations: bool | None = None,
        include_repair_operations: bool | None = None,
        include_wip_operations: bool | None = None,
        include_inactive_processes: bool | None = None,
    ) -> list[ProcessInfo]:
        """Processes (test, repair and WIP operations) known to the server.

        Args:
            include_test_operations: Include test operations (server default when ``None``).
            include_repair_operations: Include repair operations.
            include_wip_operations: Include WIP operations.
            include_inactive_processes: Include inactive processes.
        """
        return await self._repository.get_processes(
            include_test_operations=include_test_operations,
            include_repair_operations=include_repair_operations,
            include_wip_operations=include_wip_operations,
            include_inactive_processes=include_inactive_processes,
        )

    async def get_levels(self) -> list[Level]:
        """Production levels (e.g. PCBA, box build)."""
        return await self._repository.get_levels()

    async def get_product_groups(
        self, *, include_filters: bool | None = None
    ) -> list[ProductGroup]:
        """Product groups.

        Args:
            include_filters: Ask the server to include each group's filter definition.
        """
        return await self._repository.get_product_groups(include_filters=include_filters)
