"""Step and measurement analytics through AsyncWATS against the emulator (hand-checked).

History: ``test_analytics_seed``. In the window PCB-100 has 12 reports (A0's pass on 1 March
plus the 11 runs of A1..A5); VCC fails in 4 of them, Rails in 2, LED in 1; PSU-200 has 4
reports with one LED failure.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from test_analytics_seed import (
    ROOT,
    WINDOW,
    async_client,
    board,
    recent,
    seeded_history,
    sync_client,
)

from pywats.domains.analytics import RunFilter, StepAnalysisRow, WATSFilter, measurement_path
from pywats_emulator.testing import EmulatorServer

__all__ = ["seeded_history"]

pytestmark = pytest.mark.anyio

VCC = f"{ROOT}¶Power¶VCC"
RAILS = f"{ROOT}¶Rails"
# Hand-computed for the CAL-1 sample 9.8, 10.0, 10.2, 10.1, 9.9 with limits 9.5..11:
# mean = 50.0 / 5 = 10.0; squared deviations .04 + 0 + .04 + .01 + .01 = .10;
# sample variance = .10 / (5 - 1) = .025; sigma = sqrt(.025) = 0.158114;
# Cp = (11 - 9.5) / (6 * 0.158114) = 1.5 / 0.948683 = 1.581139;
# CpUpper = (11 - 10) / (3 * 0.158114) = 2.108185; CpLower = (10 - 9.5) / 0.474342 = 1.054093;
# Cpk = min = 1.054093; sigmaHigh3 = 10 + 0.474342 = 10.474342; sigmaLow3 = 9.525658.
SIGMA = math.sqrt(0.025)


def window(**fields: Any) -> WATSFilter:
    return WATSFilter(**WINDOW, **fields)


async def test_top_failed_ranking(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_top_failed(window())
        top2 = await wats.analytics.get_top_failed(window(part_number="PCB-100", top_count=2))
    ranked = [(r.step_path, r.part_number, r.fail_count, r.total_count) for r in rows]
    # most failures first; equal counts by fail rate (PSU-200: 1 of 4 beats PCB-100: 1 of 12)
    assert ranked == [
        (VCC, "PCB-100", 4, 12),
        (RAILS, "PCB-100", 2, 12),
        (f"{ROOT}¶LED", "PSU-200", 1, 4),
        (f"{ROOT}¶LED", "PCB-100", 1, 12),
    ]
    first = rows[0]
    assert (first.step_name, first.step_type, first.step_group) == ("VCC", "ET_NLT", "M")
    assert first.fail_rate == pytest.approx(100 * 4 / 12)
    assert first.product_group == "Control Boards"
    assert first.first_fail_date is not None and first.last_fail_date is not None
    assert (first.first_fail_date.day, first.last_fail_date.day) == (1, 3)
    assert [r.step_name for r in top2] == ["VCC", "Rails"]


async def test_top_failed_get_form(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.report.submit_report(board("G1", recent(2), "LED"))
        await wats.report.submit_report(board("G2", recent(1)))
        rows = await wats.analytics.get_top_failed(part_number="PCB-100", top_count=5)
        none = await wats.analytics.get_top_failed(part_number="OTHER")
    assert [(r.step_name, r.fail_count, r.total_count) for r in rows] == [("LED", 1, 2)]
    assert none == []
    assert wats_emulator.stats()["by_path"]["/api/App/TopFailed"] == {"200": 2}


async def test_test_step_analysis_counts_paths_and_runs(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        every = await wats.analytics.get_test_step_analysis(window(part_number="PCB-100"))
        first_runs = await wats.analytics.get_test_step_analysis(
            window(part_number="PCB-100", run=RunFilter.FIRST)
        )
        last_runs = await wats.analytics.get_test_step_analysis(
            window(part_number="PCB-100", run=RunFilter.LAST)
        )

    def row(rows: list[StepAnalysisRow], path: str, name: str | None = None) -> StepAnalysisRow:
        return next(r for r in rows if r.step_path == path and r.measure_name == name)

    assert [(r.step_path, r.measure_name) for r in every] == [
        (ROOT, None),
        (f"{ROOT}¶Power", None),
        (VCC, None),
        (RAILS, "5V"),
        (RAILS, "12V"),
        (f"{ROOT}¶LED", None),
    ]
    vcc = row(every, VCC)
    assert (vcc.step_count, vcc.step_passed_count, vcc.step_failed_count) == (12, 8, 4)
    assert vcc.step_failed_error_terminated_count == 4
    assert vcc.step_caused_uut_failed == 4  # each VCC failure failed its report
    assert (vcc.limit1, vcc.limit2, vcc.comp_operator) == (4.9, 5.1, "GELE")
    assert (vcc.measure_count, vcc.min, vcc.max) == (12, 5.0, 5.3)
    assert vcc.avg == pytest.approx((8 * 5.0 + 4 * 5.3) / 12)
    # "Wof": without the failed executions, only the 8 good 5.0 V readings remain: no spread
    assert (vcc.measure_count_wof, vcc.avg_wof, vcc.stdev_wof, vcc.cpk_wof) == (8, 5.0, 0.0, None)
    twelve = row(every, RAILS, "12V")
    assert (twelve.step_failed_count, twelve.limit1, twelve.comp_operator) == (2, 12.5, "LE")
    # first runs in the window: A1..A5 (A0's first run was in February); 4 failed on VCC
    assert (row(first_runs, VCC).step_count, row(first_runs, VCC).step_failed_count) == (5, 4)
    # last runs: A0..A4 passed, A5's only run failed on VCC
    assert (row(last_runs, VCC).step_count, row(last_runs, VCC).step_failed_count) == (6, 1)


async def test_cpk_of_a_known_sample(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        (agg,) = await wats.analytics.get_aggregated_measurements(
            window(part_number="CAL-1"), measurement_paths="MainSequence Callback/Output"
        )
        (tsa,) = [
            r
            for r in await wats.analytics.get_test_step_analysis(window(part_number="CAL-1"))
            if r.step_name == "Output"
        ]
    assert (agg.step_path, agg.part_number, agg.count, agg.unit) == (
        f"{ROOT}¶Output",
        "CAL-1",
        5,
        "V",
    )
    assert (agg.min, agg.max, agg.limit_low, agg.limit_high) == (9.8, 10.2, 9.5, 11.0)
    assert agg.avg == pytest.approx(10.0)
    assert agg.var == pytest.approx(0.025)
    assert agg.stdev == pytest.approx(0.158114, abs=1e-6)
    assert agg.cp == pytest.approx(1.581139, abs=1e-6)
    assert agg.cp_upper == pytest.approx(2.108185, abs=1e-6)
    assert agg.cp_lower == pytest.approx(1.054093, abs=1e-6)
    assert agg.cpk == pytest.approx(1.054093, abs=1e-6)
    assert agg.sigma_high3 == pytest.approx(10 + 3 * SIGMA)
    assert (tsa.cpk, tsa.cp, tsa.measure_count) == (agg.cpk, agg.cp, 5)
    assert tsa.sigma_low3 == pytest.approx(10 - 3 * SIGMA)


async def test_measurements_of_a_multi_measurement_path(seeded_history: EmulatorServer) -> None:
    path = measurement_path("MainSequence Callback/Rails::12V")
    assert path == f"{RAILS}¶¶12V"
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_measurements(
            window(part_number="PCB-100"), measurement_paths=path
        )
        by_filter = await wats.analytics.get_measurements(
            window(part_number="PCB-100", measurement_paths=["Main%/Rails::12V"])
        )
    assert len(rows) == 12
    assert {r.step_path for r in rows} == {f"{RAILS}¶¶12V"}
    assert {r.step_name for r in rows} == {"Rails"}
    failed = [(r.serial_number, r.value, r.status) for r in rows if r.status != "Passed"]
    assert failed == [("A3", 12.7, "Failed"), ("A4", 12.7, "Failed")]
    assert (rows[0].limit_low, rows[0].limit_high, rows[0].unit) == (12.5, None, "V")
    starts = [r.start_utc.isoformat() for r in rows if r.start_utc is not None]
    assert len(starts) == 12 and starts == sorted(starts)  # oldest first
    assert all(r.report_id is not None for r in rows)
    assert by_filter == rows  # a wildcard path from the filter selects the same rows


async def test_measurements_top_count_keeps_the_newest(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        rows = await wats.analytics.get_measurements(
            window(part_number="CAL-1", top_count=2), measurement_paths=f"{ROOT}¶Output"
        )
    assert [r.serial_number for r in rows] == ["C4", "C5"]


def test_sync_twin_reads_aggregated_measurements(seeded_history: EmulatorServer) -> None:
    with sync_client(seeded_history) as wats:
        rows = wats.analytics.get_aggregated_measurements(
            window(part_number="PCB-100"), measurement_paths=[VCC, f"{RAILS}¶¶5V"]
        )
    assert [(r.step_path, r.count) for r in rows] == [(VCC, 12), (f"{RAILS}¶¶5V", 12)]
    vcc = rows[0]
    # VCC: eight 5.0 V and four 5.3 V readings, limits 4.9..5.1
    assert vcc.avg == pytest.approx(5.1)
    assert vcc.cpk == pytest.approx(0.0, abs=1e-9)  # the mean sits on the upper limit
