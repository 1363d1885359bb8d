"""Yield KPIs (wats-api.md §8.12) on hand-made unit histories."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pywats_emulator.analytics.periods import Window
from pywats_emulator.analytics.yields import Run, UnitRuns, tally_groups, units_first_run_in

UTC = timezone.utc
DAY1 = datetime(2026, 3, 2, 8, tzinfo=UTC)


def run(serial: str, hours: float, passed: bool, process: int = 50, **facts: Any) -> Run:
    return Run(
        unit=(serial, "PN-1", process),
        start=DAY1 + timedelta(hours=hours),
        passed=passed,
        facts={"partNumber": "PN-1", "testOperation": f"op{process}", **facts},
    )


# U1 fails on day 1 and passes on day 2; U3 passes on run 3; U4 on run 4; U5 never passes.
HISTORY = [
    run("U1", 0, False), run("U1", 24, True),
    run("U2", 1, True),
    run("U3", 2, False), run("U3", 3, False), run("U3", 4, True),
    run("U4", 5, False), run("U4", 6, False), run("U4", 7, False), run("U4", 8, True),
    run("U5", 9, False),
]  # fmt: skip
EVERYTHING = Window(None, None)


def value_of(unit: UnitRuns, name: str) -> Any:
    if name == "period":
        return unit.first.start.strftime("%Y-%m-%d")
    facts: Mapping[str, Any] = unit.first.facts
    return facts.get(name)


def test_first_second_third_and_last_pass_yield() -> None:
    units = units_first_run_in(HISTORY, EVERYTHING)
    (row,) = tally_groups(units, ["partNumber"], value_of)
    # 5 units: first-pass U2 -> 1; by run 2 +U1 -> 2; by run 3 +U3 -> 3; ever +U4 -> 4
    assert row["partNumber"] == "PN-1"
    assert (row["unitCount"], row["fpCount"], row["spCount"], row["tpCount"], row["lpCount"]) == (
        5, 1, 2, 3, 4,
    )  # fmt: skip
    assert (row["fpy"], row["spy"], row["tpy"], row["lpy"]) == (20.0, 40.0, 60.0, 80.0)
    assert (row["fpFailCount"], row["lpFailCount"]) == (4, 1)
    assert row["ppmFpy"] == 800_000.0
    # 11 reports, 4 of them passed
    assert (row["testReportCount"], row["testYieldCount"]) == (11, 4)
    assert row["testYield"] == pytest.approx(400 / 11)
    assert row["retestCount"] == 6
    assert row["firstUtc"] == "2026-03-02T08:00:00Z"
    assert row["lastUtc"] == "2026-03-03T08:00:00Z"


def test_unit_counts_in_the_period_of_its_first_run() -> None:
    rows = tally_groups(units_first_run_in(HISTORY, EVERYTHING), ["period"], value_of)
    # U1's day-2 pass is counted with day 1, where its first run was: day 2 has no unit.
    assert [r["period"] for r in rows] == ["2026-03-02"]
    assert rows[0]["unitCount"] == 5


def test_only_units_whose_first_run_is_inside_the_window() -> None:
    window = Window(DAY1 + timedelta(hours=2), DAY1 + timedelta(hours=6))
    units = units_first_run_in(HISTORY, window)
    # U3 (first at +2 h) and U4 (first at +5 h) qualify; U4's runs after the window count too.
    assert sorted(u.first.unit[0] for u in units) == ["U3", "U4"]
    (row,) = tally_groups(units, ["partNumber"], value_of)
    assert (row["unitCount"], row["tpCount"], row["lpCount"], row["testReportCount"]) == (
        2, 1, 2, 7,
    )  # fmt: skip


def test_a_unit_is_counted_once_per_process() -> None:
    history = [run("U1", 0, True, process=50), run("U1", 1, False, process=100)]
    units = units_first_run_in(history, EVERYTHING)
    rows = tally_groups(units, ["testOperation"], value_of)
    assert [(r["testOperation"], r["unitCount"], r["fpCount"]) for r in rows] == [
        ("op50", 1, 1), ("op100", 1, 0),
    ]  # fmt: skip
    (total,) = tally_groups(units, [], value_of)
    assert total["unitCount"] == 2


def test_yields_are_monotonic_for_any_history() -> None:
    # pass, then fail on a retest: LPY counts the unit as having passed, FPY <= ... <= LPY
    history = [run("U1", 0, True), run("U1", 1, False), run("U2", 0, False), run("U2", 1, False)]
    (row,) = tally_groups(units_first_run_in(history, EVERYTHING), [], value_of)
    assert row["fpy"] <= row["spy"] <= row["tpy"] <= row["lpy"] == 50.0


def test_runs_are_ordered_by_start_whatever_the_input_order() -> None:
    units = units_first_run_in(list(reversed(HISTORY)), EVERYTHING)
    u1 = next(u for u in units if u.first.unit[0] == "U1")
    assert [r.passed for r in u1.runs] == [False, True]
