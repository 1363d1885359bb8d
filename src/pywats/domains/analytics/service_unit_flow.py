"""Unit flow: how units move through the operations (part of the analytics service).

A mixin of :class:`~pywats.domains.analytics.AsyncAnalyticsService` (the generated sync twin
mirrors it). Every ``POST`` method sends a whole
:class:`~pywats.domains.analytics.UnitFlowFilter` (pass the same filter again to change only
the view) and returns the computed :class:`~pywats.domains.analytics.UnitFlowResult`; the
server also keeps that result per token, which :meth:`get_unit_flow_nodes`,
:meth:`get_unit_flow_links` and :meth:`get_unit_flow_units` read back. Internal API
(``/api/internal/UnitFlow``, sent with ``Referer``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pywats.domains.analytics.internal_requests import unit_flow_body, unit_order_text
from pywats.domains.analytics.repository import AsyncAnalyticsRepository
from pywats.domains.analytics.unit_flow_models import (
    UnitFlowFilter,
    UnitFlowLink,
    UnitFlowNode,
    UnitFlowResult,
    UnitFlowSplitBy,
    UnitFlowUnit,
)

__all__ = ["AsyncAnalyticsUnitFlowMixin"]


def _names(value: Sequence[str | int] | None, what: str) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, (str, int)) else list(value)
    if not items or any(str(item).strip() == "" for item in items):
        raise ValueError(f"{what} must name at least one node (id, name or process code)")
    return [str(item) for item in items]


class AsyncAnalyticsUnitFlowMixin:
    """Unit flow operations of the analytics service."""

    _repository: AsyncAnalyticsRepository

    async def query_unit_flow(
        self, filter: UnitFlowFilter | Mapping[str, Any] | None = None
    ) -> UnitFlowResult:
        """Compute the unit flow of the units a filter selects.

        Args:
            filter: Which units and reports (part number, serial numbers, stations, dates,
                process codes...) and how to show them; ``None``: every unit of the server's
                default window (the last 30 days).

        Returns:
            Nodes (operations), links (units moving between them), units and their count.

        Raises:
            ValidationError: The server rejected a filter value.
        """
        return await self._repository.post_unit_flow("", unit_flow_body(filter), "query_unit_flow")

    async def set_unit_flow_visibility(
        self,
        filter: UnitFlowFilter | Mapping[str, Any] | None = None,
        *,
        show_list: Sequence[str | int] | None = None,
        hide_list: Sequence[str | int] | None = None,
    ) -> UnitFlowResult:
        """Recompute the flow with some nodes shown or hidden (``is_visible``).

        Args:
            filter: The flow's filter (as given to :meth:`query_unit_flow`).
            show_list: Show only these nodes (ids, names or process codes) and their children.
            hide_list: Hide these nodes and their children.

        Raises:
            ValueError: Neither list, or an empty one.
            ValidationError: The server rejected a filter value.
        """
        if show_list is None and hide_list is None:
            raise ValueError("set_unit_flow_visibility needs show_list and/or hide_list")
        body = unit_flow_body(
            filter,
            show_list=_names(show_list, "show_list"),
            hide_list=_names(hide_list, "hide_list"),
        )
        return await self._repository.post_unit_flow("", body, "set_unit_flow_visibility")

    async def expand_unit_flow_operations(
        self,
        filter: UnitFlowFilter | Mapping[str, Any] | None = None,
        *,
        expand_operations: bool | Sequence[str | int] = True,
    ) -> UnitFlowResult:
        """Recompute the flow with operations expanded into one child node per station.

        (Per location or purpose when the filter's ``split_by`` says so.)

        Args:
            filter: The flow's filter.
            expand_operations: ``True`` for every operation, or the operations to expand
                (ids, names or process codes).

        Raises:
            ValueError: An empty list of operations.
            ValidationError: The server rejected a filter value.
        """
        operations: bool | list[str] | None
        if isinstance(expand_operations, bool):
            operations = expand_operations
        else:
            operations = _names(expand_operations, "expand_operations")
        body = unit_flow_body(filter, expand_operations=operations)
        return await self._repository.post_unit_flow("", body, "expand_unit_flow_operations")

    async def query_unit_flow_by_serial_numbers(
        self,
        serial_numbers: Sequence[str],
        filter: UnitFlowFilter | Mapping[str, Any] | None = None,
    ) -> UnitFlowResult:
        """The unit flow of the given units (``POST /api/internal/UnitFlow/SN``).

        Args:
            serial_numbers: The units' serial numbers (wildcards allowed).
            filter: The rest of the filter.

        Raises:
            ValueError: No serial number.
            ValidationError: The server rejected a filter value.
        """
        items = [serial_numbers] if isinstance(serial_numbers, str) else list(serial_numbers)
        if not items or any(not item for item in items):
            raise ValueError("query_unit_flow_by_serial_numbers needs non-empty serial numbers")
        body = unit_flow_body(filter, serial_numbers=items)
        return await self._repository.post_unit_flow(
            "SN", body, "query_unit_flow_by_serial_numbers"
        )

    async def set_unit_flow_split_by(
        self,
        split_by: UnitFlowSplitBy | str,
        filter: UnitFlowFilter | Mapping[str, Any] | None = None,
    ) -> UnitFlowResult:
        """Recompute the flow with every operation split by station, location or purpose.

        Args:
            split_by: A :class:`~pywats.domains.analytics.UnitFlowSplitBy`
                (``UnitFlowSplitBy.NONE`` undoes the split).
            filter: The rest of the filter.

        Raises:
            ValueError: ``split_by`` is not a ``UnitFlowSplitBy`` value.
            ValidationError: The server rejected a filter value.
        """
        try:
            split = UnitFlowSplitBy(split_by)
        except ValueError:
            known = ", ".join(item.value for item in UnitFlowSplitBy)
            raise ValueError(f"split_by {split_by!r}: use one of {known}") from None
        body = unit_flow_body(filter, split_by=split)
        return await self._repository.post_unit_flow("SplitBy", body, "set_unit_flow_split_by")

    async def set_unit_flow_order(
        self,
        unit_order: str,
        filter: UnitFlowFilter | Mapping[str, Any] | None = None,
    ) -> UnitFlowResult:
        """Recompute the flow with its units sorted, e.g. ``"totalTime desc"``.

        Args:
            unit_order: A unit key (``serialNumber``, ``partNumber``, ``revision``,
                ``status``, ``startTime``, ``endTime``, ``totalTime``), optionally followed
                by ``asc`` or ``desc``.
            filter: The rest of the filter.

        Raises:
            ValueError: ``unit_order`` is not of that form.
            ValidationError: The server rejected a filter value.
        """
        body = unit_flow_body(filter, unit_order=unit_order_text(unit_order))
        return await self._repository.post_unit_flow("UnitOrder", body, "set_unit_flow_order")

    async def get_unit_flow_links(self) -> list[UnitFlowLink]:
        """The links of the last unit flow this token computed.

        Raises:
            NotFoundError: No unit flow was computed yet (call :meth:`query_unit_flow`).
        """
        return await self._repository.get_unit_flow_links()

    async def get_unit_flow_nodes(self) -> list[UnitFlowNode]:
        """The nodes of the last unit flow this token computed.

        Raises:
            NotFoundError: No unit flow was computed yet (call :meth:`query_unit_flow`).
        """
        return await self._repository.get_unit_flow_nodes()

    async def get_unit_flow_units(self) -> list[UnitFlowUnit]:
        """The units of the last unit flow this token computed.

        Raises:
            NotFoundError: No unit flow was computed yet (call :meth:`query_unit_flow`).
        """
        return await self._repository.get_unit_flow_units()
