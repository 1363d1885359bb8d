"""HTTP calls for the App endpoints (``/api/App/...``), wats-api.md §2.2.

Method names follow the reference client's repository (``get_version``, ``get_processes``...)
so the remaining analytics endpoints slot in as more methods of the same shape: build the
request, send it through the shared :class:`~pywats.core.http.AsyncHttpClient`, hand the
response to the :class:`~pywats.core.errors.ErrorHandler`, parse rows into models.
"""

from __future__ import annotations

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows
from pywats.domains.analytics.models import Level, ProcessInfo, ProductGroup

__all__ = ["AsyncAnalyticsRepository"]

VERSION_PATH = "/api/App/Version"
PROCESSES_PATH = "/api/App/Processes"
LEVELS_PATH = "/api/App/Levels"
PRODUCT_GROUPS_PATH = "/api/App/ProductGroups"


class AsyncAnalyticsRepository:
    """Builds and parses the App (server metadata + analytics) calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    async def get_version(self) -> str | None:
        """``GET /api/App/Version``: the server version as text (a JSON scalar)."""
        response = await self._http.get(VERSION_PATH)
        body = self._errors.handle(response, "get_version")
        return None if body is None else str(body)

    async def get_processes(
        self,
        *,
        include_test_operations: bool | None = None,
        include_repair_operations: bool | None = None,
        include_wip_operations: bool | None = None,
        include_inactive_processes: bool | None = None,
    ) -> list[ProcessInfo]:
        """``GET /api/App/Processes`` with the include flags that are not ``None``."""
        params = {
            "includeTestOperations": include_test_operations,
            "includeRepairOperations": include_repair_operations,
            "includeWipOperations": include_wip_operations,
            "includeInactiveProcesses": include_inactive_processes,
        }
        response = await self._http.get(PROCESSES_PATH, params=params)
        body = self._errors.handle(response, "get_processes", allow_empty=True)
        return parse_rows(body, ProcessInfo, "get_processes")

    async def get_levels(self) -> list[Level]:
        """``GET /api/App/Levels``."""
        response = await self._http.get(LEVELS_PATH)
        body = self._errors.handle(response, "get_levels", allow_empty=True)
        return parse_rows(body, Level, "get_levels")

    async def get_product_groups(
        self, *, include_filters: bool | None = None
    ) -> list[ProductGroup]:
        """``GET /api/App/ProductGroups``."""
        response = await self._http.get(
            PRODUCT_GROUPS_PATH, params={"includeFilters": include_filters}
        )
        body = self._errors.handle(response, "get_product_groups", allow_empty=True)
        return parse_rows(body, ProductGroup, "get_product_groups")
