"""Analytics service: server metadata and statistics of the WATS ``App`` API (wats-api.md §2.2).

Every analytics method takes a filter: a :class:`~pywats.domains.analytics.WATSFilter`, a
mapping of its fields, or ``None`` (the server's defaults: the last 30 days). Endpoints with a
GET form also take its query values as keywords: no filter = GET with them, a filter = POST of
the filter with the keyword values folded in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pywats.domains.analytics.filters import StatusFilter, WATSFilter
from pywats.domains.analytics.models import Level, ProcessInfo, ProductGroup
from pywats.domains.analytics.repair_models import RepairHistoryRecord, RepairStatistics
from pywats.domains.analytics.repository import AsyncAnalyticsRepository
from pywats.domains.analytics.requests import as_filter, measurement_paths_text
from pywats.domains.analytics.service_internal import AsyncAnalyticsInternalMixin
from pywats.domains.analytics.service_unit_flow import AsyncAnalyticsUnitFlowMixin
from pywats.domains.analytics.step_models import (
    AggregatedMeasurement,
    MeasurementData,
    StepAnalysisRow,
    TopFailedStep,
)
from pywats.domains.analytics.yield_models import OeeAnalysisResult, YieldData
from pywats.domains.report.models import ReportHeader

__all__ = ["AsyncAnalyticsService"]


class AsyncAnalyticsService(AsyncAnalyticsInternalMixin, AsyncAnalyticsUnitFlowMixin):
    """Server metadata and analytics (the WATS ``App`` API).

    The internal endpoints (measurement and step status lists, TopFailed by ids, alarm logs,
    unit flow) come from the mixins in :mod:`.service_internal` and :mod:`.service_unit_flow`.
    A plainly wrong argument raises ``ValueError`` before any request is sent.
    """

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

    # -- yield ---------------------------------------------------------------------------------

    async def get_dynamic_yield(
        self, filter: WATSFilter | Mapping[str, Any] | None = None
    ) -> list[YieldData]:
        """Yield (FPY/SPY/TPY/LPY) grouped and sorted by the filter's ``dimensions``.

        With ``period_count`` or ``date_grouping`` set and ``include_current_period`` unset,
        ``includeCurrentPeriod: true`` is sent (the reference client's default).

        Args:
            filter: Which reports, how to group (``dimensions``, ``date_grouping``).

        Returns:
            One row per group.

        Raises:
            ValidationError: The server rejected a filter value (e.g. an unknown dimension).
        """
        return await self._repository.get_dynamic_yield(filter)

    async def get_volume_yield(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        product_group: str | None = None,
        level: str | None = None,
    ) -> list[YieldData]:
        """Volume and yield per product (GET with the keywords alone, else POST of the filter).

        Args:
            filter: Which reports; ``None`` sends a GET.
            product_group: Product group name.
            level: Production level name.

        Raises:
            ValidationError: The server rejected a value (e.g. an unknown product group).
        """
        simple = {"productGroup": product_group, "level": level}
        return await self._repository.get_volume_yield(filter, simple)

    async def get_high_volume(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        product_group: str | None = None,
        level: str | None = None,
    ) -> list[YieldData]:
        """Products with the most units first (GET with the keywords alone, else POST).

        Args:
            filter: Which reports (``top_count`` limits the rows); ``None`` sends a GET.
            product_group: Product group name.
            level: Production level name.

        Raises:
            ValidationError: The server rejected a value.
        """
        simple = {"productGroup": product_group, "level": level}
        return await self._repository.get_high_volume(filter, simple)

    async def get_high_volume_by_product_group(
        self, filter: WATSFilter | Mapping[str, Any] | None = None
    ) -> list[YieldData]:
        """Product groups with the most units first.

        Args:
            filter: Which reports.

        Raises:
            ValidationError: The server rejected a filter value.
        """
        return await self._repository.get_high_volume_by_product_group(filter)

    async def get_worst_yield(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        product_group: str | None = None,
        level: str | None = None,
    ) -> list[YieldData]:
        """Products with the lowest first-pass yield first (GET with the keywords alone).

        Args:
            filter: Which reports (``yield_`` keeps rows at or below that FPY, ``min_count``
                skips small volumes); ``None`` sends a GET.
            product_group: Product group name.
            level: Production level name.

        Raises:
            ValidationError: The server rejected a value.
        """
        simple = {"productGroup": product_group, "level": level}
        return await self._repository.get_worst_yield(filter, simple)

    async def get_worst_yield_by_product_group(
        self, filter: WATSFilter | Mapping[str, Any] | None = None
    ) -> list[YieldData]:
        """Product groups with the lowest first-pass yield first.

        Args:
            filter: Which reports.

        Raises:
            ValidationError: The server rejected a filter value.
        """
        return await self._repository.get_worst_yield_by_product_group(filter)

    # -- repair --------------------------------------------------------------------------------

    async def get_dynamic_repair(
        self, filter: WATSFilter | Mapping[str, Any] | None = None
    ) -> list[RepairStatistics]:
        """Repair statistics grouped and sorted by the filter's ``dimensions``.

        Same ``includeCurrentPeriod`` default as :meth:`get_dynamic_yield`.

        Args:
            filter: Which repair reports, how to group (e.g. ``"repairCount desc;failCode"``).

        Raises:
            ValidationError: The server rejected a filter value.
        """
        return await self._repository.get_dynamic_repair(filter)

    async def get_related_repair_history(
        self, part_number: str, revision: str | None = None
    ) -> list[RepairHistoryRecord]:
        """Every repair of units of a part number (and revision), newest first.

        Args:
            part_number: The part number.
            revision: Only this revision.

        Raises:
            ValueError: ``part_number`` is empty.
            NotFoundError: The server knows no such part number.
        """
        if not part_number:
            raise ValueError("get_related_repair_history needs a part number")
        return await self._repository.get_related_repair_history(part_number, revision)

    # -- steps and measurements ----------------------------------------------------------------

    async def get_top_failed(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        product_group: str | None = None,
        level: str | None = None,
        part_number: str | None = None,
        revision: str | None = None,
        top_count: int | None = None,
    ) -> list[TopFailedStep]:
        """The steps that failed most often (GET with the keywords alone, else POST).

        Args:
            filter: Which reports; ``None`` sends a GET.
            product_group: Product group name.
            level: Production level name.
            part_number: Part number.
            revision: Revision.
            top_count: At most this many steps.

        Raises:
            ValidationError: The server rejected a value.
        """
        simple = {
            "productGroup": product_group,
            "level": level,
            "partNumber": part_number,
            "revision": revision,
            "topCount": top_count,
        }
        return await self._repository.get_top_failed(filter, simple)

    async def get_test_step_analysis(
        self, filter: WATSFilter | Mapping[str, Any] | None = None
    ) -> list[StepAnalysisRow]:
        """Per-step status counts, times and measurement statistics (Cp, Cpk...).

        Args:
            filter: Which reports; ``run`` picks first/second/third/last/all runs.

        Raises:
            ValidationError: The server rejected a filter value.
        """
        return await self._repository.get_test_step_analysis(filter)

    async def get_measurements(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        measurement_paths: str | Sequence[str] | None = None,
    ) -> list[MeasurementData]:
        """Individual numeric measurements of the given paths.

        Either answer shape of the server (rows, or groups holding ``measurements``) becomes
        one list of rows.

        Args:
            filter: Which reports.
            measurement_paths: A path or paths (``"Main/Power/VCC"``, ``"Main¶Rails¶¶12V"``;
                see :func:`~pywats.domains.analytics.measurement_path`); default: the filter's.

        Raises:
            ValidationError: The server rejected a filter value.
        """
        paths = measurement_paths_text(measurement_paths) or as_filter(filter).measurement_paths
        return await self._repository.get_measurements(filter, paths)

    async def get_aggregated_measurements(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        measurement_paths: str | Sequence[str] | None = None,
    ) -> list[AggregatedMeasurement]:
        """Statistics (count, mean, σ, Cp, Cpk...) per measurement path.

        Args:
            filter: Which reports.
            measurement_paths: A path or paths; default: the filter's.

        Raises:
            ValidationError: The server rejected a filter value.
        """
        paths = measurement_paths_text(measurement_paths) or as_filter(filter).measurement_paths
        return await self._repository.get_aggregated_measurements(filter, paths)

    async def get_oee_analysis(
        self, filter: WATSFilter | Mapping[str, Any] | None = None
    ) -> OeeAnalysisResult | None:
        """Overall equipment effectiveness (availability × performance × quality).

        Args:
            filter: Which reports (typically a station and a date window).

        Returns:
            The result, or ``None`` when the server answers nothing.

        Raises:
            ValidationError: The server rejected a filter value.
        """
        return await self._repository.get_oee_analysis(filter)

    # -- report lists --------------------------------------------------------------------------

    async def get_serial_number_history(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        serial_number: str | None = None,
    ) -> list[ReportHeader]:
        """Every test and repair report of a unit.

        Args:
            filter: Which reports.
            serial_number: The unit's serial number (overrides the filter's).

        Raises:
            ValidationError: The server rejected the filter (e.g. no serial number).
        """
        if serial_number is not None:
            filter = as_filter(filter).model_copy(update={"serial_number": serial_number})
        return await self._repository.get_serial_number_history(filter)

    async def get_uut_reports(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        product_group: str | None = None,
        level: str | None = None,
        part_number: str | None = None,
        revision: str | None = None,
        serial_number: str | None = None,
        status: StatusFilter | str | None = None,
        top_count: int | None = None,
    ) -> list[ReportHeader]:
        """Test report headers, newest first (GET with the keywords alone, else POST).

        Args:
            filter: Which reports; ``None`` sends a GET.
            product_group: Product group name.
            level: Production level name.
            part_number: Part number.
            revision: Revision.
            serial_number: Serial number.
            status: ``Passed``, ``Failed``... (:class:`StatusFilter`).
            top_count: At most this many reports.

        Raises:
            ValidationError: The server rejected a value.
        """
        simple = {
            "productGroup": product_group,
            "level": level,
            "partNumber": part_number,
            "revision": revision,
            "serialNumber": serial_number,
            "status": status,
            "topCount": top_count,
        }
        return await self._repository.get_uut_reports(filter, simple)

    async def get_uur_reports(
        self, filter: WATSFilter | Mapping[str, Any] | None = None
    ) -> list[ReportHeader]:
        """Repair report headers, newest first.

        Args:
            filter: Which reports.

        Raises:
            ValidationError: The server rejected a filter value.
        """
        return await self._repository.get_uur_reports(filter)
