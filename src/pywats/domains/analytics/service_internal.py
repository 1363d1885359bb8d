"""Internal analytics: measurement and step status lists, TopFailed by ids, alarm logs.

Part of :class:`~pywats.domains.analytics.AsyncAnalyticsService` (a mixin, so each module
stays one concern; the generated sync twin mirrors these methods like the service's own).
These endpoints are on the server's internal API (``/api/internal/...``, sent with
``Referer``), which WATS may change between versions.

The ``…_simple`` methods send a GET naming things by id (``product_group_id``, ``level_id``)
and a window of ``days`` up to now; the others POST a full
:class:`~pywats.domains.analytics.WATSFilter`. ``step_filters``/``sequence_filters`` are XML
text (build them with :func:`~pywats.domains.analytics.step_filters_xml` and
:func:`~pywats.domains.analytics.sequence_filters_xml`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pywats.domains.analytics.filters import WATSFilter
from pywats.domains.analytics.internal_models import AlarmLog, MeasurementListItem, StepStatusItem
from pywats.domains.analytics.internal_requests import (
    AlarmTypes,
    alarm_logs_body,
    alarm_types,
    of_types,
    simple_params,
    whole_number,
    xml_params,
)
from pywats.domains.analytics.repository import AsyncAnalyticsRepository
from pywats.domains.analytics.requests import as_filter
from pywats.domains.analytics.step_models import TopFailedStep

__all__ = ["AsyncAnalyticsInternalMixin"]


class AsyncAnalyticsInternalMixin:
    """Internal App and Trigger operations of the analytics service."""

    _repository: AsyncAnalyticsRepository

    async def get_measurement_list_simple(
        self,
        *,
        product_group_id: int | None = None,
        level_id: int | None = None,
        days: int | None = None,
        step_filters: str | None = None,
        sequence_filters: str | None = None,
    ) -> list[MeasurementListItem]:
        """Individual measurements (numeric and string) of recent reports, by ids.

        Args:
            product_group_id: Only part numbers of this product group (see
                :meth:`get_product_groups`).
            level_id: Production level id (see :meth:`get_levels`).
            days: The last ``days`` up to now (server default: 30).
            step_filters: XML naming the steps to list.
            sequence_filters: XML naming the sequences whose steps to list.

        Returns:
            Rows oldest first.

        Raises:
            ValueError: An id below 0 or ``days`` below 1.
            NotFoundError: The server knows no such product group or level id.
            ValidationError: The server rejected a value (e.g. malformed XML).
        """
        params = simple_params(
            product_group_id=product_group_id,
            level_id=level_id,
            days=days,
            **xml_params(step_filters, sequence_filters),
        )
        return await self._repository.get_measurement_list_simple(params)

    async def get_measurement_list(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        step_filters: str | None = None,
        sequence_filters: str | None = None,
    ) -> list[MeasurementListItem]:
        """Individual measurements (numeric and string) of the reports a filter selects.

        Args:
            filter: Which reports (``measurement_paths`` and ``top_count`` apply too).
            step_filters: XML naming the steps to list.
            sequence_filters: XML naming the sequences whose steps to list.

        Raises:
            ValidationError: The server rejected a filter value or the XML.
        """
        params = xml_params(step_filters, sequence_filters)
        return await self._repository.get_measurement_list(as_filter(filter), params)

    async def get_step_status_list_simple(
        self,
        *,
        product_group_id: int | None = None,
        level_id: int | None = None,
        days: int | None = None,
        step_filters: str | None = None,
        sequence_filters: str | None = None,
    ) -> list[StepStatusItem]:
        """How each step ended in each recent report, by ids.

        Args:
            product_group_id: Only part numbers of this product group.
            level_id: Production level id.
            days: The last ``days`` up to now (server default: 30).
            step_filters: XML naming the steps to list.
            sequence_filters: XML naming the sequences whose steps to list.

        Raises:
            ValueError: An id below 0 or ``days`` below 1.
            NotFoundError: The server knows no such product group or level id.
            ValidationError: The server rejected a value (e.g. malformed XML).
        """
        params = simple_params(
            product_group_id=product_group_id,
            level_id=level_id,
            days=days,
            **xml_params(step_filters, sequence_filters),
        )
        return await self._repository.get_step_status_list_simple(params)

    async def get_step_status_list(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        step_filters: str | None = None,
        sequence_filters: str | None = None,
    ) -> list[StepStatusItem]:
        """How each step ended in each report a filter selects.

        Args:
            filter: Which reports (``run`` and ``top_count`` apply too).
            step_filters: XML naming the steps to list.
            sequence_filters: XML naming the sequences whose steps to list.

        Raises:
            ValidationError: The server rejected a filter value or the XML.
        """
        params = xml_params(step_filters, sequence_filters)
        return await self._repository.get_step_status_list(as_filter(filter), params)

    async def get_top_failed_simple(
        self,
        *,
        part_number: str | None = None,
        process_code: int | None = None,
        product_group_id: int | None = None,
        level_id: int | None = None,
        days: int | None = None,
        count: int | None = None,
    ) -> list[TopFailedStep]:
        """The steps that failed most often, by part number, process code and ids.

        Args:
            part_number: Part number (wildcards allowed).
            process_code: Test operation code (e.g. 50).
            product_group_id: Product group id.
            level_id: Production level id.
            days: The last ``days`` up to now (server default: 30).
            count: At most this many steps.

        Raises:
            ValueError: A code or id below 0, ``days`` or ``count`` below 1.
            NotFoundError: The server knows no such product group or level id.
        """
        params = simple_params(
            product_group_id=product_group_id,
            level_id=level_id,
            days=days,
            partNumber=part_number,
            processCode=whole_number("process_code", process_code, minimum=0),
            count=whole_number("count", count, minimum=1),
        )
        return await self._repository.get_top_failed_simple(params)

    async def get_top_failed_advanced(
        self,
        filter: WATSFilter | Mapping[str, Any] | None = None,
        *,
        top_count: int | None = None,
    ) -> list[TopFailedStep]:
        """The steps that failed most often in the reports a filter selects.

        Args:
            filter: Which reports.
            top_count: At most this many steps (overrides the filter's).

        Raises:
            ValueError: ``top_count`` below 1.
            ValidationError: The server rejected a filter value.
        """
        flt = as_filter(filter)
        if whole_number("top_count", top_count, minimum=1) is not None:
            flt = flt.model_copy(update={"top_count": top_count})
        return await self._repository.get_top_failed_advanced(flt)

    async def get_alarm_logs(
        self,
        *,
        top_count: int | None = None,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        product_group: str | None = None,
        level: str | None = None,
        alarm_type: AlarmTypes = None,
    ) -> list[AlarmLog]:
        """Alarms and notifications raised by the server's triggers, newest first.

        The server has no type parameter: ``alarm_type`` filters the answer on the client,
        after the server applied ``top_count`` (so fewer logs may come back).

        Args:
            top_count: At most this many logs (before the type filter).
            date_from: Logs from this time (server default: the last 30 days).
            date_to: Logs up to this time.
            product_group: Product group name.
            level: Production level name.
            alarm_type: One :class:`~pywats.domains.analytics.AlarmLogType` or several.

        Raises:
            ValueError: ``top_count`` below 1 or an unknown ``alarm_type``.
            ValidationError: The server rejected a value (e.g. an unknown product group).
        """
        wanted = alarm_types(alarm_type)
        body = alarm_logs_body(
            top_count=top_count,
            date_from=date_from,
            date_to=date_to,
            product_group=product_group,
            level=level,
        )
        return of_types(await self._repository.get_alarm_logs(body), wanted)
