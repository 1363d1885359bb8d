"""Repair analytics (DynamicRepair, RelatedRepairHistory) through AsyncWATS, hand-checked.

History: ``test_analytics_seed``. R1 repairs A1 (Component/Defective on U7, step VCC); R2
repairs A3 (Solder/Bridge on J2, step Rails; Component/Missing on R5, no step). Units tested
in the window: A0..A5, B1, B2, C1..C5 = 13 (6 of them PCB-100).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_analytics_seed import ROOT, WINDOW, async_client, seeded_history, sync_client

from pywats import NotFoundError
from pywats.domains.analytics import DateGrouping, RepairStatistics, WATSFilter
from pywats_emulator.testing import EmulatorServer

__all__ = ["seeded_history"]

pytestmark = pytest.mark.anyio


def window(**fields: Any) -> WATSFilter:
    return WATSFilter(**WINDOW, **fields)


def counts(row: RepairStatistics) -> tuple[Any, ...]:
    rate = None if row.repair_rate is None else round(row.repair_rate, 2)
    return (row.repair_report_count, row.repair_count, row.total_count, rate)


async def test_repairs_by_category(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_dynamic_repair(
            window(dimensions="repairCount desc;repairCategory")
        )
    # Component: R1 + R2 (2 reports, 2 repairs, units A1 and A3 -> 2/13); Solder: R2 (1/13)
    assert [(r.repair_category, *counts(r)) for r in rows] == [
        ("Component", 2, 2, 13, 15.38),
        ("Solder", 1, 1, 13, 7.69),
    ]


async def test_repairs_by_part_number_use_that_part_numbers_tested_units(
    seeded_history: EmulatorServer,
) -> None:
    async with async_client(seeded_history) as wats:
        (row,) = await wats.analytics.get_dynamic_repair(window(dimensions="partNumber"))
    # 2 repair reports, 3 failures; 2 repaired units of the 6 PCB-100 units tested
    assert row.part_number == "PCB-100"
    assert counts(row) == (2, 3, 6, 33.33)


async def test_repair_dimensions_from_the_failure_and_the_referenced_test(
    seeded_history: EmulatorServer,
) -> None:
    async with async_client(seeded_history) as wats:
        by_step = await wats.analytics.get_dynamic_repair(
            window(dimensions="repairCount desc;referencedStepPath")
        )
        details = await wats.analytics.get_dynamic_repair(
            window(dimensions="componentRef;failCode;testStationName;repairOperation;unitType")
        )
        by_day = await wats.analytics.get_dynamic_repair(
            window(date_grouping=DateGrouping.DAY, dimensions="testOperation")
        )
    assert [(r.referenced_step_path, r.repair_count) for r in by_step] == [
        (f"{ROOT}¶Power¶VCC", 1),
        (f"{ROOT}¶Rails", 1),
        (None, 1),  # Component/Missing names no step; None sorts last
    ]
    assert [
        (r.component_ref, r.fail_code, r.test_station_name, r.repair_operation, r.unit_type)
        for r in details
    ] == [
        ("J2", "Bridge", "ICT-1", "Repair", "Main"),
        ("R5", "Missing", "ICT-1", "Repair", "Main"),
        ("U7", "Defective", "ICT-1", "Repair", "Main"),
    ]
    assert [(r.period, r.test_operation, r.repair_report_count) for r in by_day] == [
        ("2026-03-01T00:00:00Z", "PCBA test", 2)
    ]


async def test_dimensions_only_filter_is_accepted(seeded_history: EmulatorServer) -> None:
    # Body {} and dimensions in the query: the server's default window (last 30 days) is empty.
    async with async_client(seeded_history) as wats:
        assert await wats.analytics.get_dynamic_repair(WATSFilter(dimensions="failCode")) == []


async def test_related_repair_history(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        history = await wats.analytics.get_related_repair_history("PCB-100")
        other_revision = await wats.analytics.get_related_repair_history("PCB-100", "B")
        with pytest.raises(NotFoundError, match="part number 'NOPE-1' not found"):
            await wats.analytics.get_related_repair_history("NOPE-1")
        with pytest.raises(ValueError, match="needs a part number"):
            await wats.analytics.get_related_repair_history("")
    # newest repair first (R2 at 16:00, its failures in order), then R1
    assert [
        (r.serial_number, r.fail_step_name, r.fail_step_path, r.fail_code, r.cause, r.symptom)
        for r in history
    ] == [
        ("A3", "Rails", f"{ROOT}¶Rails", "Bridge", "Solder", "short on 12V"),
        ("A3", None, None, "Missing", "Component", None),
        ("A1", "VCC", f"{ROOT}¶Power¶VCC", "Defective", "Component", None),
    ]
    assert history[2].action == "Replaced regulator"
    assert history[2].repair_date is not None and history[2].repair_date.hour == 15
    assert other_revision == []


def test_sync_twin_reads_repair_statistics(seeded_history: EmulatorServer) -> None:
    with sync_client(seeded_history) as wats:
        rows = wats.analytics.get_dynamic_repair(
            window(dimensions="repairReportCount desc;failCode")
        )
    assert [(r.fail_code, r.repair_report_count) for r in rows] == [
        ("Bridge", 1),
        ("Defective", 1),
        ("Missing", 1),
    ]
