"""HTTP calls of the internal analytics endpoints (wats-api.md §2.2, "Internal analytics").

Part of :class:`~pywats.domains.analytics.repository.AsyncAnalyticsRepository` (a mixin, so
each module stays one concern). Every path is under ``/api/internal/``, to which the shared
:class:`~pywats.core.http.AsyncHttpClient` adds ``Referer: <base_url>`` by itself. The POSTs
only read (or, for the unit flow, replace the caller's server-side flow with the same result
when repeated), so they are sent as idempotent and retried like a GET.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows
from pywats.domains.analytics.internal_models import AlarmLog, MeasurementListItem, StepStatusItem
from pywats.domains.analytics.requests import FilterInput, filter_json
from pywats.domains.analytics.step_models import TopFailedStep
from pywats.domains.analytics.unit_flow_models import (
    UnitFlowLink,
    UnitFlowNode,
    UnitFlowResult,
    UnitFlowUnit,
)

__all__ = ["AsyncAnalyticsInternalRepositoryMixin"]

INTERNAL_APP = "/api/internal/App"
ALARM_LOGS_PATH = "/api/internal/Trigger/GetAlarmAndNotificationLogs"
UNIT_FLOW_PATH = "/api/internal/UnitFlow"

M = TypeVar("M", bound=BaseModel)


class AsyncAnalyticsInternalRepositoryMixin:
    """Internal App, Trigger and UnitFlow calls of the analytics repository."""

    _http: AsyncHttpClient
    _errors: ErrorHandler

    async def _internal(
        self,
        method: str,
        path: str,
        operation: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        if method == "GET":
            response = await self._http.get(path, params=params)
        else:
            response = await self._http.post(path, params=params, json=body, idempotent=True)
        return self._errors.handle(response, operation, allow_empty=True)

    async def _internal_rows(
        self,
        method: str,
        path: str,
        model: type[M],
        operation: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> list[M]:
        data = await self._internal(method, path, operation, params=params, body=body)
        return parse_rows(data, model, operation)

    # -- App -------------------------------------------------------------------------------------

    async def get_measurement_list_simple(
        self, params: Mapping[str, Any]
    ) -> list[MeasurementListItem]:
        """``GET /api/internal/App/MeasurementList`` with ids, ``days`` and XML filters."""
        path = f"{INTERNAL_APP}/MeasurementList"
        operation = "get_measurement_list_simple"
        return await self._internal_rows("GET", path, MeasurementListItem, operation, params=params)

    async def get_measurement_list(
        self, filter: FilterInput, params: Mapping[str, Any]
    ) -> list[MeasurementListItem]:
        """``POST /api/internal/App/MeasurementList``: filter body, XML filters in the query."""
        return await self._internal_rows(
            "POST",
            f"{INTERNAL_APP}/MeasurementList",
            MeasurementListItem,
            "get_measurement_list",
            params=params,
            body=filter_json(filter),
        )

    async def get_step_status_list_simple(self, params: Mapping[str, Any]) -> list[StepStatusItem]:
        """``GET /api/internal/App/StepStatusList`` with ids, ``days`` and XML filters."""
        path = f"{INTERNAL_APP}/StepStatusList"
        operation = "get_step_status_list_simple"
        return await self._internal_rows("GET", path, StepStatusItem, operation, params=params)

    async def get_step_status_list(
        self, filter: FilterInput, params: Mapping[str, Any]
    ) -> list[StepStatusItem]:
        """``POST /api/internal/App/StepStatusList``: filter body, XML filters in the query."""
        return await self._internal_rows(
            "POST",
            f"{INTERNAL_APP}/StepStatusList",
            StepStatusItem,
            "get_step_status_list",
            params=params,
            body=filter_json(filter),
        )

    async def get_top_failed_simple(self, params: Mapping[str, Any]) -> list[TopFailedStep]:
        """``GET /api/internal/App/TopFailed`` with part number, process code, ids, ``count``."""
        path = f"{INTERNAL_APP}/TopFailed"
        operation = "get_top_failed_simple"
        return await self._internal_rows("GET", path, TopFailedStep, operation, params=params)

    async def get_top_failed_advanced(self, filter: FilterInput) -> list[TopFailedStep]:
        """``POST /api/internal/App/TopFailed`` with a filter body (``topCount`` inside)."""
        return await self._internal_rows(
            "POST",
            f"{INTERNAL_APP}/TopFailed",
            TopFailedStep,
            "get_top_failed_advanced",
            body=filter_json(filter),
        )

    # -- Trigger ---------------------------------------------------------------------------------

    async def get_alarm_logs(self, body: Mapping[str, Any]) -> list[AlarmLog]:
        """``POST /api/internal/Trigger/GetAlarmAndNotificationLogs``."""
        return await self._internal_rows(
            "POST", ALARM_LOGS_PATH, AlarmLog, "get_alarm_logs", body=dict(body)
        )

    # -- Unit flow -------------------------------------------------------------------------------

    async def post_unit_flow(
        self, suffix: str, body: Mapping[str, Any], operation: str
    ) -> UnitFlowResult:
        """``POST /api/internal/UnitFlow[/<suffix>]``: the computed flow."""
        path = f"{UNIT_FLOW_PATH}/{suffix}" if suffix else UNIT_FLOW_PATH
        data = await self._internal("POST", path, operation, body=dict(body))
        if data is None:
            return UnitFlowResult()
        if not isinstance(data, dict):
            raise TypeError(
                f"{operation}: expected a unit flow JSON object, got {type(data).__name__}"
            )
        return UnitFlowResult.model_validate(data)

    async def get_unit_flow_links(self) -> list[UnitFlowLink]:
        """``GET /api/internal/UnitFlow/Links``: links of the caller's last flow."""
        path = f"{UNIT_FLOW_PATH}/Links"
        return await self._internal_rows("GET", path, UnitFlowLink, "get_unit_flow_links")

    async def get_unit_flow_nodes(self) -> list[UnitFlowNode]:
        """``GET /api/internal/UnitFlow/Nodes``: nodes of the caller's last flow."""
        path = f"{UNIT_FLOW_PATH}/Nodes"
        return await self._internal_rows("GET", path, UnitFlowNode, "get_unit_flow_nodes")

    async def get_unit_flow_units(self) -> list[UnitFlowUnit]:
        """``GET /api/internal/UnitFlow/Units``: units of the caller's last flow."""
        path = f"{UNIT_FLOW_PATH}/Units"
        return await self._internal_rows("GET", path, UnitFlowUnit, "get_unit_flow_units")
