"""Yield endpoints through AsyncWATS against the emulator, checked against hand counts.

The history is described in ``test_analytics_seed``. Hand counts for PCB-100 in PCBA test
(A0 is out: its first run is before the window): 5 units; first pass A2 -> FPY 1/5 = 20 %;
by run 2 +A1 -> SPY 40 %; by run 3 +A3 -> TPY 60 %; eventually +A4 -> LPY 80 %; A5 never.
Reports of those 5 units: 2 + 1 + 3 + 4 + 1 = 11, of which 4 passed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from test_analytics_seed import WINDOW, async_client, board, recent, seeded_history, sync_client

from pywats import ValidationError
from pywats.domains.analytics import DateGrouping, Dimensions, WATSFilter, YieldData
from pywats_emulator.testing import EmulatorServer

__all__ = ["seeded_history"]  # the module fixture, re-exported for pytest

pytestmark = pytest.mark.anyio


def window(**fields: Any) -> WATSFilter:
    return WATSFilter(**WINDOW, **fields)


def kpis(row: YieldData) -> tuple[Any, ...]:
    return (row.unit_count, row.fp_count, row.sp_count, row.tp_count, row.lp_count)


def percent(row: YieldData) -> tuple[float | None, ...]:
    return tuple(None if v is None else round(v, 2) for v in (row.fpy, row.spy, row.tpy, row.lpy))


async def test_fpy_spy_tpy_lpy_by_hand(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_dynamic_yield(
            window(part_number="PCB-100", dimensions="partNumber")
        )
    (row,) = rows
    assert row.part_number == "PCB-100"
    assert row.product_group == "Control Boards"
    assert kpis(row) == (5, 1, 2, 3, 4)
    assert percent(row) == (20.0, 40.0, 60.0, 80.0)
    assert (row.test_report_count, row.test_yield_count, row.retest_count) == (11, 4, 6)
    assert row.test_yield == pytest.approx(400 / 11)
    assert row.ppm_fpy == pytest.approx(800_000)
    assert row.fpy <= row.spy <= row.tpy <= row.lpy  # type: ignore[operator]


async def test_units_count_in_the_period_of_their_first_run(
    seeded_history: EmulatorServer,
) -> None:
    # Day 1: A1, A2, A3 -> FP A2; SP +A1 (its day-2 pass counts on day 1); TP +A3 (pass on day 2)
    # Day 2: A4 -> passes only on its 4th run (day 3) -> LP only.  Day 3: A5 -> nothing.
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_dynamic_yield(
            window(part_number="PCB-100", date_grouping=DateGrouping.DAY, dimensions="partNumber")
        )
    assert [(row.period, kpis(row)) for row in rows] == [
        ("2026-03-01T00:00:00Z", (3, 1, 2, 3, 3)),
        ("2026-03-02T00:00:00Z", (1, 0, 0, 0, 1)),
        ("2026-03-03T00:00:00Z", (1, 0, 0, 0, 0)),
    ]
    assert percent(rows[0]) == (33.33, 66.67, 100.0, 100.0)
    assert sum(row.unit_count or 0 for row in rows) == 5  # periods add up to the total


async def test_dimensions_group_and_sort(seeded_history: EmulatorServer) -> None:
    # Per part number (units per process): CAL-1 5/5 first pass; PCB-100 1/5;
    # PSU-200 3 units (B1 and B2 in PCBA test pass, B1 fails its first EOL run) -> 2/3.
    async with async_client(seeded_history) as wats:
        by_fpy = await wats.analytics.get_dynamic_yield(
            window(dimensions=Dimensions().asc("fpy").by("partNumber"))
        )
        by_name = await wats.analytics.get_dynamic_yield(window(dimensions="partNumber desc"))
    assert [(r.part_number, r.unit_count, round(r.fpy or 0, 2)) for r in by_fpy] == [
        ("PCB-100", 5, 20.0),
        ("PSU-200", 3, 66.67),
        ("CAL-1", 5, 100.0),
    ]
    assert [r.part_number for r in by_name] == ["PSU-200", "PCB-100", "CAL-1"]


async def test_other_dimensions_are_returned_under_their_keys(
    seeded_history: EmulatorServer,
) -> None:
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_dynamic_yield(
            window(part_number="PSU-200", dimensions="stationName;testOperation;unitCount desc")
        )
    assert [(r.station_name, r.test_operation, r.unit_count, r.fp_count) for r in rows] == [
        ("ICT-1", "PCBA test", 2, 2),
        ("EOL-1", "End of line test", 1, 0),
    ]


async def test_high_volume_and_worst_yield(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        high = await wats.analytics.get_high_volume(window())
        worst = await wats.analytics.get_worst_yield(window())
        volume = await wats.analytics.get_volume_yield(window(top_count=2))
    # grouped by part number and test operation; most units first, ties by part number
    assert [(r.part_number, r.test_operation, r.unit_count) for r in high] == [
        ("CAL-1", "Burn In test", 5),
        ("PCB-100", "PCBA test", 5),
        ("PSU-200", "PCBA test", 2),
        ("PSU-200", "End of line test", 1),
    ]
    # lowest FPY first, ties by unit count (most first)
    assert [(r.part_number, r.test_operation, r.fpy) for r in worst] == [
        ("PSU-200", "End of line test", 0.0),
        ("PCB-100", "PCBA test", 20.0),
        ("CAL-1", "Burn In test", 100.0),
        ("PSU-200", "PCBA test", 100.0),
    ]
    assert [r.part_number for r in volume] == ["CAL-1", "PCB-100"]  # by part number, top 2


async def test_worst_yield_threshold_and_minimum_volume(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_worst_yield(window(yield_=50, min_count=2))
    assert [(r.part_number, r.fpy) for r in rows] == [("PCB-100", 20.0)]


async def test_by_product_group(seeded_history: EmulatorServer) -> None:
    # Control Boards = PCB-100 (5 units, FP 1); Power Supplies = PSU-200 (3 units, FP 2);
    # CAL-1 belongs to no group.
    async with async_client(seeded_history) as wats:
        high = await wats.analytics.get_high_volume_by_product_group(window())
        worst = await wats.analytics.get_worst_yield_by_product_group(window())
    assert [(r.product_group, r.unit_count) for r in high] == [
        ("Control Boards", 5),
        (None, 5),
        ("Power Supplies", 3),
    ]
    assert [(r.product_group, round(r.fpy or 0, 2)) for r in worst] == [
        ("Control Boards", 20.0),
        ("Power Supplies", 66.67),
        (None, 100.0),
    ]


async def test_product_group_filter(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_dynamic_yield(
            window(product_group="Power Supplies", dimensions="partNumber")
        )
        with pytest.raises(ValidationError, match="productGroup 'Toasters' not found"):
            await wats.analytics.get_dynamic_yield(window(product_group="Toasters"))
    assert [(r.part_number, r.unit_count) for r in rows] == [("PSU-200", 3)]


async def test_bad_filters_raise_validation_errors_that_say_what_to_fix(
    seeded_history: EmulatorServer,
) -> None:
    async with async_client(seeded_history) as wats:
        with pytest.raises(ValidationError, match="unknown name 'colour'.*valid dimensions"):
            await wats.analytics.get_dynamic_yield(window(dimensions="colour"))
        with pytest.raises(ValidationError, match="periodCount needs a dateGrouping"):
            await wats.analytics.get_volume_yield(window(period_count=3))
        with pytest.raises(ValidationError, match="level 'Mars' not found; levels"):
            await wats.analytics.get_high_volume(level="Mars")
        with pytest.raises(ValidationError, match="assetName is not supported"):
            await wats.analytics.get_dynamic_yield(window(asset_name="DMM"))


async def test_plainly_wrong_arguments_fail_before_sending(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        before = seeded_history.stats()["requests_total"]
        with pytest.raises(ValueError, match="dateFrom|date_from"):
            await wats.analytics.get_dynamic_yield({"dateFrom": "yesterday"})
        with pytest.raises(ValueError, match="'asc' or 'desc'"):
            await wats.analytics.get_dynamic_yield({"dimensions": "fpy upwards"})
        assert seeded_history.stats()["requests_total"] == before


async def test_period_count_and_current_period(wats_emulator: EmulatorServer) -> None:
    # Units first tested 0.5 and 1.5 days ago plus one 40 days ago (outside any window here).
    async with async_client(wats_emulator) as wats:
        for serial, hours in (("N1", 12), ("N2", 36), ("OLD", 24 * 40)):
            await wats.report.submit_report(board(serial, recent(hours)))
        current = await wats.analytics.get_dynamic_yield(
            WATSFilter(date_grouping=DateGrouping.DAY, period_count=3)
        )
        last_hour = await wats.analytics.get_dynamic_yield(
            WATSFilter(
                date_grouping=DateGrouping.HOUR, period_count=1, include_current_period=False
            )
        )
        default_window = await wats.analytics.get_volume_yield()
    assert sum(r.unit_count or 0 for r in current) == 2  # today and the two days before
    assert len(current) == 2 and all(r.period for r in current)
    assert last_hour == []  # the last complete hour holds nothing
    assert sum(r.unit_count or 0 for r in default_window) == 2  # the last 30 days


def test_sync_twin_gives_the_same_rows(seeded_history: EmulatorServer) -> None:
    with sync_client(seeded_history) as wats:
        rows = wats.analytics.get_dynamic_yield(window(part_number="PCB-100;PSU-2%"))
    assert [(r.part_number, r.test_operation, r.unit_count) for r in rows] == [
        ("PCB-100", "PCBA test", 5),
        ("PSU-200", "End of line test", 1),
        ("PSU-200", "PCBA test", 2),
    ]


def test_first_runs_before_the_window_start_are_not_counted(
    seeded_history: EmulatorServer,
) -> None:
    # A0 first ran on 27 Feb: with the window opened a week earlier it is counted (6 units).
    wider = WATSFilter(
        date_from=WINDOW["date_from"] - timedelta(days=7),
        date_to=WINDOW["date_to"],
        part_number="PCB-100",
        dimensions="partNumber",
    )
    with sync_client(seeded_history) as wats:
        (row,) = wats.analytics.get_dynamic_yield(wider)
    assert (row.unit_count, row.fp_count) == (6, 1)
