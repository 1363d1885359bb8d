"""HTTP calls for the App endpoints (``/api/App/...``), wats-api.md §2.2.

Method names follow the reference client's repository; the internal endpoints are in
:mod:`.repository_internal`. Each builds the request (with the pure
helpers of :mod:`.requests`), sends it through the shared
:class:`~pywats.core.http.AsyncHttpClient`, hands the response to the
:class:`~pywats.core.errors.ErrorHandler` and parses rows into models. Analytics POSTs only
read, so they are sent as idempotent (retried like a GET).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows
from pywats.domains.analytics.models import Level, ProcessInfo, ProductGroup
from pywats.domains.analytics.repair_models import RepairHistoryRecord, RepairStatistics
from pywats.domains.analytics.repository_internal import AsyncAnalyticsInternalRepositoryMixin
from pywats.domains.analytics.requests import (
    AnalyticsRequest,
    FilterInput,
    dynamic_request,
    filter_json,
    flatten_groups,
    simple_or_filter,
)
from pywats.domains.analytics.step_models import (
    AggregatedMeasurement,
    MeasurementData,
    StepAnalysisRow,
    TopFailedStep,
)
from pywats.domains.analytics.yield_models import OeeAnalysisResult, YieldData
from pywats.domains.report.models import ReportHeader

__all__ = ["AsyncAnalyticsRepository"]

APP = "/api/App"
VERSION_PATH = f"{APP}/Version"
PROCESSES_PATH = f"{APP}/Processes"
LEVELS_PATH = f"{APP}/Levels"
PRODUCT_GROUPS_PATH = f"{APP}/ProductGroups"

M = TypeVar("M", bound=BaseModel)


class AsyncAnalyticsRepository(AsyncAnalyticsInternalRepositoryMixin):
    """Builds and parses the App (server metadata + analytics) calls.

    The internal endpoints (``/api/internal/App``, ``Trigger``, ``UnitFlow``) come from
    :class:`~pywats.domains.analytics.repository_internal.AsyncAnalyticsInternalRepositoryMixin`.
    """

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    # -- metadata ------------------------------------------------------------------------------

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

    # -- analytics -------------------------------------------------------------------------------

    async def _send(self, name: str, request: AnalyticsRequest, operation: str) -> Any:
        """Send one analytics request to ``/api/App/<name>``; the parsed body (may be empty)."""
        path = f"{APP}/{name}"
        if request.method == "GET":
            response = await self._http.get(path, params=request.params)
        else:
            response = await self._http.post(
                path, params=request.params, json=request.body, idempotent=True
            )
        return self._errors.handle(response, operation, allow_empty=True)

    async def _rows(
        self, name: str, request: AnalyticsRequest, model: type[M], operation: str
    ) -> list[M]:
        return parse_rows(await self._send(name, request, operation), model, operation)

    async def _post_rows(
        self, name: str, filter: FilterInput, model: type[M], operation: str
    ) -> list[M]:
        request = AnalyticsRequest("POST", {}, filter_json(filter))
        return await self._rows(name, request, model, operation)

    async def get_dynamic_yield(self, filter: FilterInput) -> list[YieldData]:
        """``POST /api/App/DynamicYield`` (``dimensions`` also in the query)."""
        request = dynamic_request(filter)
        return await self._rows("DynamicYield", request, YieldData, "get_dynamic_yield")

    async def get_volume_yield(
        self, filter: FilterInput, simple: Mapping[str, Any]
    ) -> list[YieldData]:
        """``GET`` (simple query) or ``POST`` (filter) ``/api/App/VolumeYield``."""
        request = simple_or_filter(filter, simple)
        return await self._rows("VolumeYield", request, YieldData, "get_volume_yield")

    async def get_high_volume(
        self, filter: FilterInput, simple: Mapping[str, Any]
    ) -> list[YieldData]:
        """``GET`` (simple query) or ``POST`` (filter) ``/api/App/HighVolume``."""
        request = simple_or_filter(filter, simple)
        return await self._rows("HighVolume", request, YieldData, "get_high_volume")

    async def get_high_volume_by_product_group(self, filter: FilterInput) -> list[YieldData]:
        """``POST /api/App/HighVolumeByProductGroup``."""
        return await self._post_rows(
            "HighVolumeByProductGroup", filter, YieldData, "get_high_volume_by_product_group"
        )

    async def get_worst_yield(
        self, filter: FilterInput, simple: Mapping[str, Any]
    ) -> list[YieldData]:
        """``GET`` (simple query) or ``POST`` (filter) ``/api/App/WorstYield``."""
        request = simple_or_filter(filter, simple)
        return await self._rows("WorstYield", request, YieldData, "get_worst_yield")

    async def get_worst_yield_by_product_group(self, filter: FilterInput) -> list[YieldData]:
        """``POST /api/App/WorstYieldByProductGroup``."""
        return await self._post_rows(
            "WorstYieldByProductGroup", filter, YieldData, "get_worst_yield_by_product_group"
        )

    async def get_dynamic_repair(self, filter: FilterInput) -> list[RepairStatistics]:
        """``POST /api/App/DynamicRepair`` (``dimensions`` also in the query)."""
        request = dynamic_request(filter)
        return await self._rows("DynamicRepair", request, RepairStatistics, "get_dynamic_repair")

    async def get_related_repair_history(
        self, part_number: str, revision: str | None
    ) -> list[RepairHistoryRecord]:
        """``GET /api/App/RelatedRepairHistory?partNumber=&revision=``."""
        request = AnalyticsRequest("GET", {"partNumber": part_number, "revision": revision})
        operation = "get_related_repair_history"
        return await self._rows("RelatedRepairHistory", request, RepairHistoryRecord, operation)

    async def get_top_failed(
        self, filter: FilterInput, simple: Mapping[str, Any]
    ) -> list[TopFailedStep]:
        """``GET`` (simple query) or ``POST`` (filter) ``/api/App/TopFailed``."""
        request = simple_or_filter(filter, simple)
        return await self._rows("TopFailed", request, TopFailedStep, "get_top_failed")

    async def get_test_step_analysis(self, filter: FilterInput) -> list[StepAnalysisRow]:
        """``POST /api/App/TestStepAnalysis``."""
        return await self._post_rows(
            "TestStepAnalysis", filter, StepAnalysisRow, "get_test_step_analysis"
        )

    async def _measurement_rows(
        self, name: str, filter: FilterInput, paths: str | None, model: type[M], operation: str
    ) -> list[M]:
        request = AnalyticsRequest("POST", {"measurementPaths": paths}, filter_json(filter))
        body = flatten_groups(await self._send(name, request, operation))
        return parse_rows(body, model, operation)

    async def get_measurements(
        self, filter: FilterInput, measurement_paths: str | None
    ) -> list[MeasurementData]:
        """``POST /api/App/Measurements?measurementPaths=``; grouped answers are flattened."""
        return await self._measurement_rows(
            "Measurements", filter, measurement_paths, MeasurementData, "get_measurements"
        )

    async def get_aggregated_measurements(
        self, filter: FilterInput, measurement_paths: str | None
    ) -> list[AggregatedMeasurement]:
        """``POST /api/App/AggregatedMeasurements?measurementPaths=`` (same tolerance)."""
        return await self._measurement_rows(
            "AggregatedMeasurements",
            filter,
            measurement_paths,
            AggregatedMeasurement,
            "get_aggregated_measurements",
        )

    async def get_oee_analysis(self, filter: FilterInput) -> OeeAnalysisResult | None:
        """``POST /api/App/OeeAnalysis``: one object (a one-element list is accepted too)."""
        request = AnalyticsRequest("POST", {}, filter_json(filter))
        body = await self._send("OeeAnalysis", request, "get_oee_analysis")
        if isinstance(body, list):
            body = body[0] if body else None
        return None if body is None else OeeAnalysisResult.model_validate(body)

    async def get_serial_number_history(self, filter: FilterInput) -> list[ReportHeader]:
        """``POST /api/App/SerialNumberHistory``."""
        return await self._post_rows(
            "SerialNumberHistory", filter, ReportHeader, "get_serial_number_history"
        )

    async def get_uut_reports(
        self, filter: FilterInput, simple: Mapping[str, Any]
    ) -> list[ReportHeader]:
        """``GET`` (simple query) or ``POST`` (filter) ``/api/App/UutReport``."""
        request = simple_or_filter(filter, simple)
        return await self._rows("UutReport", request, ReportHeader, "get_uut_reports")

    async def get_uur_reports(self, filter: FilterInput) -> list[ReportHeader]:
        """``POST /api/App/UurReport``."""
        return await self._post_rows("UurReport", filter, ReportHeader, "get_uur_reports")
