"""Repair analytics from UUR reports: DynamicRepair and RelatedRepairHistory (§2.2, §3.3).

A repair report (UUR) repairs a unit; each failure recorded on one of its units is a repair.
Mapping of WSJF to the RepairStatistics / RepairHistoryRecord keys (docs/emulator.md):

* failure ``category`` -> ``repairCategory`` (history: ``cause``); ``code`` -> ``failCode`` and
  ``repairCode`` (WSJF has one code per failure); ``comRef``/``artNumber``/``artRev``/
  ``artVendor``/``artDescription``/``funcBlock`` -> ``component…``/``functionBlock``;
  ``comment`` -> ``symptom``; the UUR ``comment`` -> ``action``;
* ``referencedStep``/``referencedStepPath``: the referenced UUT's step whose id is
  ``refStepId`` (``refStepName`` wins for the name);
* ``test…`` keys, ``batchNumber``, ``swFilename``, ``swVersion``: the referenced UUT;
* ``unitType``: the failed unit's ``partType``; ``level``/``testLevel``/``repairType``: null.

KPIs: ``repairReportCount`` (UURs), ``repairCount`` (failures), ``totalCount`` (units tested
in the window, matched on the group's part number, revision, product and test operation when
those are grouping keys) and ``repairRate`` = 100 × repaired units / ``totalCount``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pywats_emulator.analytics.dimensions import (
    REPAIR_DIMENSIONS,
    REPAIR_KPIS,
    DimensionPlan,
    SortKey,
    parse_dimensions,
    sort_rows,
)
from pywats_emulator.analytics.periods import DateGrouping
from pywats_emulator.analytics.selection import UUR, UUT, Selection, moment_of
from pywats_emulator.analytics.steps import StepVisit, walk_steps

__all__ = ["dynamic_repair", "repair_history"]

_UNIT_DIMENSIONS = ("partNumber", "revision", "productGroup", "productName", "testOperation")
_COMPONENT_KEYS = {
    "componentRef": "comRef", "componentNumber": "artNumber", "componentRevision": "artRev",
    "componentVendor": "artVendor", "componentDescription": "artDescription",
    "functionBlock": "funcBlock",
}  # fmt: skip


@dataclass(frozen=True)
class _Repair:
    """One failure of one UUR (``failure`` is None for a UUR that records none)."""

    uur: Mapping[str, Any]
    uut: Mapping[str, Any] | None
    unit: Mapping[str, Any]
    failure: Mapping[str, Any] | None
    step: StepVisit | None


def _repairs(selection: Selection, uurs: Iterable[dict[str, Any]]) -> Iterator[_Repair]:
    uurs = list(uurs)
    refs = [uur["referenced_uut"] for uur in uurs if uur.get("referenced_uut")]
    uuts = selection.by_ids(refs)
    for uur in uurs:
        uut = uuts.get(uur.get("referenced_uut") or "")
        steps = {v.step_id: v for v in walk_steps(uut["body"].get("root"))} if uut else {}
        found = False
        for unit in uur["body"].get("subUnits") or []:
            for failure in (unit.get("failures") or []) if isinstance(unit, dict) else []:
                if isinstance(failure, dict):
                    found = True
                    ref = failure.get("refStepId")
                    step = steps.get(ref) if isinstance(ref, int) else None
                    yield _Repair(uur, uut, unit, failure, step)
        if not found:
            units = uur["body"].get("subUnits") or [{}]
            yield _Repair(uur, uut, units[0] if isinstance(units[0], dict) else {}, None, None)


def _facts(selection: Selection, repair: _Repair) -> dict[str, Any]:
    uur, uut, failure = repair.uur, repair.uut, repair.failure or {}
    misc = (uur["body"].get("miscInfos") or [{}])[0]
    step_name = failure.get("refStepName") or (repair.step.name if repair.step else None)
    facts: dict[str, Any] = {
        "partNumber": uur["part_number"],
        "revision": uur["revision"],
        "productGroup": selection.product_group(uur["part_number"]),
        "productName": selection.product_name(uur["part_number"]),
        "unitType": repair.unit.get("partType"),
        "repairOperation": uur["process_name"],
        "stationName": uur["station_name"],
        "testOperation": uur["test_operation"],
        "period": selection.period_of(moment_of(uur["start_key"])),
        "location": uur["location"],
        "purpose": uur["purpose"],
        "operator": uur["operator"],
        "miscInfoDescription": misc.get("description"),
        "miscInfoString": misc.get("text", misc.get("numeric")),
        "repairCategory": failure.get("category"),
        "referencedStep": step_name,
        "referencedStepPath": repair.step.path if repair.step else None,
        "failCode": failure.get("code"),
        "repairCode": failure.get("code"),
        **{key: failure.get(wsjf) for key, wsjf in _COMPONENT_KEYS.items()},
    }
    if uut is not None:
        facts.update(
            testPeriod=selection.period_of(moment_of(uut["start_key"])),
            testStationName=uut["station_name"],
            testLocation=uut["location"],
            testPurpose=uut["purpose"],
            testOperator=uut["operator"],
            batchNumber=uut["batch_number"],
            swFilename=uut["sw_filename"],
            swVersion=uut["sw_version"],
        )
    return facts


@dataclass
class _RepairTally:
    reports: set[str] = field(default_factory=set)
    repaired_units: set[tuple[str, str]] = field(default_factory=set)
    repairs: int = 0


def _plan(selection: Selection) -> DimensionPlan:
    plan = parse_dimensions(
        selection.filter.dimensions, dimensions=REPAIR_DIMENSIONS, kpis=REPAIR_KPIS
    )
    if not plan.group_by:
        plan = DimensionPlan(("partNumber",), plan.sort)
    if selection.filter.date_grouping is not DateGrouping.NONE:
        plan = plan.with_group("period")
    return plan


def _tested_units(selection: Selection, names: tuple[str, ...]) -> dict[tuple[Any, ...], int]:
    """Distinct tested units (serial, part) in the window per value of the unit dimensions."""
    units: dict[tuple[Any, ...], set[tuple[str, str]]] = {}
    for row in selection.reports(UUT, with_status=False):
        values = {
            "partNumber": row["part_number"],
            "revision": row["revision"],
            "productGroup": selection.product_group(row["part_number"]),
            "productName": selection.product_name(row["part_number"]),
            "testOperation": row["test_operation"],
        }
        key = tuple(values[name] for name in names)
        units.setdefault(key, set()).add((row["serial_number"], row["part_number"]))
    return {key: len(found) for key, found in units.items()}


def dynamic_repair(selection: Selection) -> list[dict[str, Any]]:
    """RepairStatistics rows grouped and sorted by the filter's ``dimensions``."""
    plan = _plan(selection)
    tallies: dict[tuple[Any, ...], _RepairTally] = {}
    for repair in _repairs(selection, selection.reports(UUR, with_body=True)):
        facts = _facts(selection, repair)
        tally = tallies.setdefault(tuple(facts.get(n) for n in plan.group_by), _RepairTally())
        tally.reports.add(repair.uur["id_key"])
        tally.repaired_units.add((repair.uur["serial_number"], repair.uur["part_number"]))
        tally.repairs += repair.failure is not None
    unit_names = tuple(name for name in plan.group_by if name in _UNIT_DIMENSIONS)
    tested = _tested_units(selection, unit_names)
    rows = []
    for key, tally in tallies.items():
        values = dict(zip(plan.group_by, key, strict=True))
        total = tested.get(tuple(values[name] for name in unit_names), 0)
        rows.append(
            {
                **values,
                "repairReportCount": len(tally.reports),
                "repairCount": tally.repairs,
                "totalCount": total,
                "repairRate": 100.0 * len(tally.repaired_units) / total if total else None,
            }
        )
    ordered = sort_rows(rows, plan.ordering((SortKey("repairCount", descending=True),)))
    top = selection.filter.top_count
    return ordered if top is None else ordered[:top]


def repair_history(selection: Selection) -> list[dict[str, Any]]:
    """RepairHistoryRecord rows (one per failure), newest repair first, whatever the date."""
    uurs = selection.reports(UUR, dated=False, with_body=True)
    rows = []
    for repair in _repairs(selection, reversed(uurs)):
        uur, failure = repair.uur, repair.failure or {}
        rows.append(
            {
                "serialNumber": uur["serial_number"],
                "partNumber": uur["part_number"],
                "revision": uur["revision"],
                "reportId": uur["id"],
                "repairDate": uur["start_utc"],
                "failStepName": failure.get("refStepName")
                or (repair.step.name if repair.step else None),
                "failStepPath": repair.step.path if repair.step else None,
                "failCode": failure.get("code"),
                "repairCode": failure.get("code"),
                "symptom": failure.get("comment"),
                "cause": failure.get("category"),
                "action": (uur["body"].get("uur") or {}).get("comment"),
            }
        )
    return rows
