"""HTTP calls of the Process domain (wats-api.md §2.8): build the request, parse models.

The public list is ``/api/App/Processes`` (camelCase); the rest is on the internal API
(``/api/internal/Process/...``, PascalCase), to which the HTTP client adds the ``Referer``
header WATS wants there.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pywats.core.errors import ErrorHandler, ErrorMode, NotFoundError
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows, path_segment
from pywats.domains.analytics.models import ProcessInfo
from pywats.domains.analytics.repository import PROCESSES_PATH, AsyncAnalyticsRepository
from pywats.domains.process.models import ProcessDetail, RepairOperationConfig

__all__ = ["AsyncProcessRepository", "UnknownProcessError"]

INTERNAL_PREFIX = "/api/internal/Process"
DETAILED_PATH = f"{INTERNAL_PREFIX}/GetProcesses"
PROCESS_PATH = f"{INTERNAL_PREFIX}/GetProcess/{{id}}"
REPAIR_OPERATIONS_PATH = f"{INTERNAL_PREFIX}/GetRepairOperations"
REPAIR_OPERATION_PATH = f"{INTERNAL_PREFIX}/GetRepairOperation/{{id}}"


class UnknownProcessError(NotFoundError):
    """A process code or name that is not in the list the server sent (a 404 in spirit).

    Raised by lookups the service answers from its cached list, so no request failed: the
    message names the list's source and the processes it holds instead of a status line.
    """

    def __init__(self, *, url: str, operation: str, message: str) -> None:
        super().__init__(
            status_code=404, method="GET", url=url, operation=operation, server_message=message
        )
        self.args = (f"{operation}: {message} (process list: GET {url})",)


class AsyncProcessRepository:
    """Builds and parses the Process calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors
        self._app = AsyncAnalyticsRepository(http, errors)

    @property
    def error_mode(self) -> ErrorMode:
        """The client's error mode (LENIENT turns "not found" into ``None``)."""
        return self._errors.mode

    def lookup_error(self, operation: str, message: str) -> UnknownProcessError:
        """The error for a process missing from the list ``GET /api/App/Processes`` sent."""
        return UnknownProcessError(
            url=self._http.url_for(PROCESSES_PATH), operation=operation, message=message
        )

    async def get_processes(
        self,
        *,
        include_test_operations: bool | None = None,
        include_repair_operations: bool | None = None,
        include_wip_operations: bool | None = None,
        include_inactive_processes: bool | None = None,
    ) -> list[ProcessInfo]:
        """``GET /api/App/Processes``: the App call, shared with ``analytics.get_processes``."""
        return await self._app.get_processes(
            include_test_operations=include_test_operations,
            include_repair_operations=include_repair_operations,
            include_wip_operations=include_wip_operations,
            include_inactive_processes=include_inactive_processes,
        )

    async def get_processes_detailed(self) -> list[ProcessDetail]:
        """``GET /api/internal/Process/GetProcesses`` (PascalCase)."""
        response = await self._http.get(DETAILED_PATH)
        body = self._errors.handle(response, "get_processes_detailed", allow_empty=True)
        return parse_rows(body, ProcessDetail, "get_processes_detailed")

    async def get_process(self, process_id: str | int | UUID) -> ProcessDetail | None:
        """``GET /api/internal/Process/GetProcess/{id}``; ``None`` in LENIENT mode if unknown."""
        path = PROCESS_PATH.format(id=path_segment(process_id))
        response = await self._http.get(path)
        body = self._errors.handle(response, "get_process")
        return None if body is None else ProcessDetail.model_validate(body)

    async def get_repair_operations(self) -> dict[str, RepairOperationConfig]:
        """``GET /api/internal/Process/GetRepairOperations``: configs keyed by code string."""
        response = await self._http.get(REPAIR_OPERATIONS_PATH)
        body = self._errors.handle(response, "get_repair_operations", allow_empty=True)
        return _parse_repair_operations(body)

    async def get_repair_operation(
        self, operation_id: str | int | UUID, *, process_code: int | None = None
    ) -> RepairOperationConfig | None:
        """``GET /api/internal/Process/GetRepairOperation/{id}`` with optional ``processCode``."""
        path = REPAIR_OPERATION_PATH.format(id=path_segment(operation_id))
        response = await self._http.get(path, params={"processCode": process_code})
        body = self._errors.handle(response, "get_repair_operation")
        return None if body is None else RepairOperationConfig.model_validate(body)


def _parse_repair_operations(body: Any) -> dict[str, RepairOperationConfig]:
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise TypeError(
            "get_repair_operations: expected a JSON object keyed by process code, "
            f"got {type(body).__name__}"
        )
    return {str(code): RepairOperationConfig.model_validate(cfg) for code, cfg in body.items()}
