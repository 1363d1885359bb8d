"""The yield endpoints: DynamicYield, VolumeYield, HighVolume, WorstYield (+ by product group).

All compute the same KPIs (:mod:`.yields`) and differ in default grouping and order:

============================  ===========================  ==============================
endpoint                      grouped by (no dimensions)    sorted by (no ``asc``/``desc``)
============================  ===========================  ==============================
DynamicYield, VolumeYield     partNumber, testOperation     the grouping keys
HighVolume                    partNumber, testOperation     unitCount desc
HighVolumeByProductGroup      productGroup                  unitCount desc
WorstYield                    partNumber, testOperation     fpy asc, unitCount desc
WorstYieldByProductGroup      productGroup                  fpy asc, unitCount desc
============================  ===========================  ==============================

A ``dateGrouping`` adds ``period`` to the grouping. Then rows are kept by ``yield`` (fpy at
most that), ``minCount``/``maxCount`` (unitCount bounds) and cut to ``topCount``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from pywats_emulator.analytics.dimensions import (
    YIELD_DIMENSIONS,
    YIELD_KPIS,
    DimensionPlan,
    SortKey,
    parse_dimensions,
    sort_rows,
)
from pywats_emulator.analytics.facts import FactReader
from pywats_emulator.analytics.periods import DateGrouping
from pywats_emulator.analytics.selection import Selection, moment_of
from pywats_emulator.analytics.yields import Run, UnitRuns, tally_groups, units_first_run_in

__all__ = ["YieldView", "yield_rows"]

PASSED_RESULTS = frozenset({"Passed", "Done"})
# Keys of YieldData (wats-api.md §2.2) every row carries, null unless grouped on.
_ROW_KEYS = (
    "partNumber", "revision", "productName", "productGroup", "stationName", "testOperation",
    "period",
)  # fmt: skip
_BY_PART = ("partNumber", "testOperation")
_BY_GROUP = ("productGroup",)
_MOST_UNITS = (SortKey("unitCount", descending=True),)
_WORST_FIRST = (SortKey("fpy"), SortKey("unitCount", descending=True))


@dataclass(frozen=True)
class _Defaults:
    group_by: tuple[str, ...]
    sort: tuple[SortKey, ...]


class YieldView(enum.Enum):
    """One yield endpoint and its defaults."""

    DYNAMIC = _Defaults(_BY_PART, ())
    VOLUME = _Defaults(_BY_PART, ())
    HIGH_VOLUME = _Defaults(_BY_PART, _MOST_UNITS)
    HIGH_VOLUME_BY_PRODUCT_GROUP = _Defaults(_BY_GROUP, _MOST_UNITS)
    WORST = _Defaults(_BY_PART, _WORST_FIRST)
    WORST_BY_PRODUCT_GROUP = _Defaults(_BY_GROUP, _WORST_FIRST)


def _plan(selection: Selection, view: YieldView) -> DimensionPlan:
    plan = parse_dimensions(
        selection.filter.dimensions, dimensions=YIELD_DIMENSIONS, kpis=YIELD_KPIS
    )
    if not plan.group_by:
        plan = DimensionPlan(view.value.group_by, plan.sort)
    if selection.filter.date_grouping is not DateGrouping.NONE:
        plan = plan.with_group("period")
    return plan


def _kept(row: dict[str, Any], selection: Selection) -> bool:
    flt = selection.filter
    if flt.yield_limit is not None and (row["fpy"] is None or row["fpy"] > flt.yield_limit):
        return False
    if flt.min_count is not None and row["unitCount"] < flt.min_count:
        return False
    return flt.max_count is None or row["unitCount"] <= flt.max_count


def yield_rows(selection: Selection, view: YieldView) -> list[dict[str, Any]]:
    """YieldData rows for one yield endpoint (see the module docstring)."""
    plan = _plan(selection, view)
    reports = selection.unit_runs()
    runs = [
        Run(
            unit=(row["serial_number"], row["part_number"], row["process_code"]),
            start=moment_of(row["start_key"]),
            passed=row["result"] in PASSED_RESULTS,
            facts=row,
        )
        for row in reports
    ]
    units = units_first_run_in(runs, selection.window)
    firsts = [unit.first.facts for unit in units]
    reader = FactReader(selection, firsts, plan.group_by)

    def value_of(unit: UnitRuns, name: str) -> Any:
        return reader.value(unit.first.facts, name)

    rows = []
    for grouped in tally_groups(units, plan.group_by, value_of):
        row: dict[str, Any] = dict.fromkeys(_ROW_KEYS)
        part_number = grouped.get("partNumber")
        if part_number is not None:
            row["productName"] = selection.product_name(part_number)
            row["productGroup"] = selection.product_group(part_number)
        row.update(grouped)
        if _kept(row, selection):
            rows.append(row)
    ordered = sort_rows(rows, plan.ordering(view.value.sort))
    top = selection.filter.top_count
    return ordered if top is None else ordered[:top]
