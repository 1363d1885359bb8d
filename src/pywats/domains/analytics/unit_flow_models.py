"""Unit flow models (``/api/internal/UnitFlow...``, wats-api.md §2.2).

A unit flow shows how units move through operations: :class:`UnitFlowNode` s (an operation, or
one station/location/purpose of it when split or expanded), :class:`UnitFlowLink` s (units that
went from one node to the next) and :class:`UnitFlowUnit` s (each unit's path). A query
(:class:`UnitFlowFilter`) answers a :class:`UnitFlowResult` with all three; the server keeps it
per token, and ``get_unit_flow_nodes/links/units`` read it back.

Times are seconds (``avg_time_s``, ``total_time_s``); ``yield_percent`` is a percentage.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from pywats.domains.report.models.base import WatsModel, WatsNumber

__all__ = [
    "UnitFlowFilter",
    "UnitFlowLink",
    "UnitFlowNode",
    "UnitFlowResult",
    "UnitFlowSplitBy",
    "UnitFlowUnit",
]

NodeId = str | int
"""Node ids are text on the emulator (``"50"``, ``"50/ICT-1"``); a server may send numbers."""


class UnitFlowSplitBy(str, enum.Enum):
    """``splitBy``: the column operations are split by (``NONE``: one node per operation)."""

    NONE = "none"
    STATION = "stationName"
    LOCATION = "location"
    PURPOSE = "purpose"


def _as_list(value: Any) -> Any:
    """A single string where a list is expected becomes a one-item list (not its characters)."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [value]
    return value


class UnitFlowFilter(WatsModel):
    """What a unit flow shows; every field is optional (only set ones are sent).

    ``show_list``/``hide_list`` and ``expand_operations`` name nodes by id, name or process
    code; ``expand_operations`` may also be ``True`` (every operation). ``unit_order`` is a unit
    key optionally followed by ``asc``/``desc`` (``"totalTime desc"``).
    """

    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    serial_number: str | None = Field(default=None, alias="serialNumber")
    serial_numbers: list[str] | None = Field(default=None, alias="serialNumbers")
    station_name: str | None = Field(default=None, alias="stationName")
    location: str | None = None
    purpose: str | None = None
    date_from: datetime | None = Field(default=None, alias="dateFrom")
    date_to: datetime | None = Field(default=None, alias="dateTo")
    process_codes: list[int] | None = Field(default=None, alias="processCodes")
    include_passed: bool | None = Field(default=None, alias="includePassed")
    include_failed: bool | None = Field(default=None, alias="includeFailed")
    split_by: UnitFlowSplitBy | str | None = Field(default=None, alias="splitBy")
    unit_order: str | None = Field(default=None, alias="unitOrder")
    show_list: list[str] | None = Field(default=None, alias="showList")
    hide_list: list[str] | None = Field(default=None, alias="hideList")
    expand_operations: bool | list[str] | None = Field(default=None, alias="expandOperations")

    @field_validator("serial_numbers", "show_list", "hide_list", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        value = _as_list(value)
        if isinstance(value, Sequence) and not isinstance(value, str):
            return [str(item) for item in value]
        return value

    @field_validator("process_codes", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("expand_operations", mode="before")
    @classmethod
    def _operations(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        value = _as_list(value)
        if isinstance(value, Sequence) and not isinstance(value, str):
            return [str(item) for item in value]
        return value

    def to_json(self) -> dict[str, Any]:
        """The JSON body: server keys, only the fields that are set."""
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return data


class UnitFlowNode(WatsModel):
    """An operation (level 0) or one split of an expanded operation (level 1, ``parent_id``)."""

    id: NodeId | None = None
    name: str | None = None
    process_code: int | None = Field(default=None, alias="processCode")
    process_name: str | None = Field(default=None, alias="processName")
    station_name: str | None = Field(default=None, alias="stationName")
    location: str | None = None
    purpose: str | None = None
    unit_count: int | None = Field(default=None, alias="unitCount")
    pass_count: int | None = Field(default=None, alias="passCount")
    fail_count: int | None = Field(default=None, alias="failCount")
    yield_percent: WatsNumber | None = Field(default=None, alias="yieldPercent")
    avg_time_s: WatsNumber | None = Field(default=None, alias="avgTime")
    is_expanded: bool | None = Field(default=None, alias="isExpanded")
    is_visible: bool | None = Field(default=None, alias="isVisible")
    level: int | None = None
    parent_id: NodeId | None = Field(default=None, alias="parentId")


class UnitFlowLink(WatsModel):
    """Units that moved from node ``source_id`` to node ``target_id``."""

    id: NodeId | None = None
    source_id: NodeId | None = Field(default=None, alias="sourceId")
    target_id: NodeId | None = Field(default=None, alias="targetId")
    source_name: str | None = Field(default=None, alias="sourceName")
    target_name: str | None = Field(default=None, alias="targetName")
    unit_count: int | None = Field(default=None, alias="unitCount")
    pass_count: int | None = Field(default=None, alias="passCount")
    fail_count: int | None = Field(default=None, alias="failCount")
    avg_time_s: WatsNumber | None = Field(default=None, alias="avgTime")
    is_visible: bool | None = Field(default=None, alias="isVisible")


class UnitFlowUnit(WatsModel):
    """One unit's way through the flow: ``node_path`` are the nodes it visited, in order."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    status: str | None = None
    start_time: datetime | None = Field(default=None, alias="startTime")
    end_time: datetime | None = Field(default=None, alias="endTime")
    total_time_s: WatsNumber | None = Field(default=None, alias="totalTime")
    node_path: list[NodeId] | str | None = Field(default=None, alias="nodePath")
    current_node: NodeId | None = Field(default=None, alias="currentNode")


class UnitFlowResult(WatsModel):
    """A computed unit flow: nodes, links, units and how many units it holds."""

    nodes: list[UnitFlowNode] = Field(default_factory=list)
    links: list[UnitFlowLink] = Field(default_factory=list)
    units: list[UnitFlowUnit] = Field(default_factory=list)
    total_units: int | None = Field(default=None, alias="totalUnits")

    def node(self, node_id: NodeId) -> UnitFlowNode:
        """The node with this id (compared as text).

        Raises:
            KeyError: No such node in this flow.
        """
        for candidate in self.nodes:
            if str(candidate.id) == str(node_id):
                return candidate
        raise KeyError(f"no node {node_id!r} in this unit flow")

    def link(self, source_id: NodeId, target_id: NodeId) -> UnitFlowLink:
        """The link from ``source_id`` to ``target_id`` (compared as text).

        Raises:
            KeyError: No units moved between these nodes.
        """
        for candidate in self.links:
            if (str(candidate.source_id), str(candidate.target_id)) == (
                str(source_id),
                str(target_id),
            ):
                return candidate
        raise KeyError(f"no link {source_id!r} -> {target_id!r} in this unit flow")
