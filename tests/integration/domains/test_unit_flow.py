"""Unit flow (``/api/internal/UnitFlow...``) against the emulator, hand-checked.

FLOW-1 units on 5 March 2026 (processes 10 SW Debug, 50 PCBA test, 100 End of line test,
500 Repair)::

    F1  10 DBG-1 08:00 | 50 ICT-1 09:00 | 100 EOL-1 10:00
    F2  10 DBG-1 08:10 | 50 ICT-1 09:10 | 100 EOL-1 10:10
    F3  10 DBG-1 08:20 | 50 ICT-2 09:20 fail | 500 REP-1 11:00 | 50 ICT-2 12:00 | 100 EOL-1 13:00
    F4  10 DBG-1 08:30 | 50 ICT-1 09:30 fail                     (never repaired)

Every test run is 60 s long; the UUR passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import httpx
import pytest
from test_analytics_seed import async_client, board, sync_client

from pywats import AsyncWATS, ErrorMode
from pywats.core.errors import NotFoundError, ValidationError
from pywats.core.throttle import RateLimiter
from pywats.domains.analytics import UnitFlowFilter, UnitFlowResult, UnitFlowSplitBy
from pywats.domains.report import Report
from pywats.tools import ReportBuilder
from pywats_emulator.testing import EmulatorServer

pytestmark = pytest.mark.anyio

UTC = timezone.utc
FLOW = UnitFlowFilter(
    part_number="FLOW-1",
    date_from=datetime(2026, 3, 5, tzinfo=UTC),
    date_to=datetime(2026, 3, 5, 23, 59, 59, tzinfo=UTC),
)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 5, hour, minute, tzinfo=UTC)


def history() -> list[Report]:
    def run(serial: str, process: int, station: str, start: datetime, fail: bool = False) -> Report:
        return board(
            serial, start, "LED" if fail else None, part="FLOW-1", process=process, station=station
        )

    reports: list[Report] = []
    for i, serial in enumerate(("F1", "F2")):
        reports += [
            run(serial, 10, "DBG-1", at(8, 10 * i)),
            run(serial, 50, "ICT-1", at(9, 10 * i)),
            run(serial, 100, "EOL-1", at(10, 10 * i)),
        ]
    f3_fail = run("F3", 50, "ICT-2", at(9, 20), fail=True)
    repair = ReportBuilder.uur_for(f3_fail, start=at(11), station_name="REP-1")  # type: ignore[arg-type]
    reports += [
        run("F3", 10, "DBG-1", at(8, 20)),
        f3_fail,
        repair.build(),
        run("F3", 50, "ICT-2", at(12)),
        run("F3", 100, "EOL-1", at(13)),
        run("F4", 10, "DBG-1", at(8, 30)),
        run("F4", 50, "ICT-1", at(9, 30), fail=True),
    ]
    return reports


@pytest.fixture(scope="module")
def flow_server() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        with sync_client(server) as wats:
            for report in history():
                wats.report.submit_report(report)
        yield server


def counts(result: UnitFlowResult) -> dict[str, tuple[int | None, int | None, int | None]]:
    """Node id -> (units, passed, failed)."""
    return {str(n.id): (n.unit_count, n.pass_count, n.fail_count) for n in result.nodes}


def link_counts(result: UnitFlowResult) -> dict[str, tuple[int | None, int | None, int | None]]:
    return {str(k.id): (k.unit_count, k.pass_count, k.fail_count) for k in result.links}


async def test_query_builds_nodes_links_and_units(flow_server: EmulatorServer) -> None:
    async with async_client(flow_server) as wats:
        result = await wats.analytics.query_unit_flow(FLOW)
    assert counts(result) == {
        "10": (4, 4, 0),
        "50": (4, 3, 1),  # F3 passed on its last visit, F4 never did
        "100": (3, 3, 0),
        "500": (1, 1, 0),
    }
    assert result.node("50").yield_percent == 75.0
    assert result.node("500").name == "Repair"
    assert link_counts(result) == {
        "10->50": (4, 4, 0),
        "50->100": (3, 3, 0),
        "50->500": (1, 0, 1),  # F3 left PCBA test failed
        "500->50": (1, 1, 0),
    }
    assert result.link("10", "50").avg_time_s == 3600.0
    assert result.link("50", "500").avg_time_s == 100 * 60.0  # 09:20 -> 11:00
    assert result.total_units == 4
    units = {u.serial_number: u for u in result.units}
    assert list(units) == ["F1", "F2", "F3", "F4"]  # by start time
    f3 = units["F3"]
    assert (f3.node_path, f3.current_node, f3.status) == (
        ["10", "50", "500", "50", "100"],
        "100",
        "Passed",
    )
    assert (f3.start_time, f3.end_time) == (at(8, 20), at(13, 1))
    assert f3.total_time_s == (4 * 60 + 41) * 60.0
    assert (units["F4"].status, units["F4"].current_node) == ("Failed", "50")


async def test_three_units_by_serial_number(flow_server: EmulatorServer) -> None:
    async with async_client(flow_server) as wats:
        result = await wats.analytics.query_unit_flow_by_serial_numbers(["F1", "F2", "F3"], FLOW)
        single = await wats.analytics.query_unit_flow_by_serial_numbers("F4", FLOW)
    assert link_counts(result)["10->50"] == (3, 3, 0)
    assert link_counts(result)["50->100"] == (3, 3, 0)
    assert result.total_units == 3
    assert [u.serial_number for u in single.units] == ["F4"]
    assert flow_server.stats()["by_path"]["/api/internal/UnitFlow/SN"] == {"200": 2}


async def test_get_endpoints_return_the_last_flow_of_the_token(
    flow_server: EmulatorServer,
) -> None:
    async with async_client(flow_server) as wats:
        await wats.analytics.query_unit_flow(FLOW)
        nodes = await wats.analytics.get_unit_flow_nodes()
        await wats.analytics.query_unit_flow(FLOW.model_copy(update={"process_codes": [100]}))
        links = await wats.analytics.get_unit_flow_links()
        units = await wats.analytics.get_unit_flow_units()
    assert [n.id for n in nodes] == ["10", "50", "100", "500"]
    assert links == []  # the newer flow has one node only
    assert sorted(u.serial_number or "" for u in units) == ["F1", "F2", "F3"]
    assert {tuple(u.node_path or ()) for u in units} == {("100",)}


async def test_split_expand_and_visibility(flow_server: EmulatorServer) -> None:
    async with async_client(flow_server) as wats:
        split = await wats.analytics.set_unit_flow_split_by(UnitFlowSplitBy.STATION, FLOW)
        expanded = await wats.analytics.expand_unit_flow_operations(
            FLOW, expand_operations=["PCBA test"]
        )
        hidden = await wats.analytics.set_unit_flow_visibility(FLOW, hide_list=["Repair"])
        shown = await wats.analytics.set_unit_flow_visibility(FLOW, show_list=[10, 50])
        unsplit = await wats.analytics.set_unit_flow_split_by("none", FLOW)
    assert counts(split)["50/ICT-1"] == (3, 2, 1)
    assert counts(split)["50/ICT-2"] == (1, 1, 0)
    child = split.node("50/ICT-2")
    assert (child.parent_id, child.level, child.station_name) == ("50", 1, "ICT-2")
    assert split.node("50").is_expanded is True
    assert link_counts(split)["50/ICT-2->500/REP-1"] == (1, 0, 1)
    assert [n.id for n in expanded.nodes] == ["10", "50", "50/ICT-1", "50/ICT-2", "100", "500"]
    assert set(link_counts(expanded)) == {
        "10->50/ICT-1",
        "10->50/ICT-2",
        "50/ICT-1->100",
        "50/ICT-2->100",
        "50/ICT-2->500",
        "500->50/ICT-2",
    }
    assert [n.id for n in hidden.nodes if not n.is_visible] == ["500"]
    assert sorted(str(k.id) for k in hidden.links if not k.is_visible) == ["50->500", "500->50"]
    assert [n.id for n in shown.nodes if n.is_visible] == ["10", "50"]
    assert [n.id for n in unsplit.nodes] == ["10", "50", "100", "500"]


async def test_order_and_include_flags(flow_server: EmulatorServer) -> None:
    async with async_client(flow_server) as wats:
        longest = await wats.analytics.set_unit_flow_order("totalTime desc", FLOW)
        passed = await wats.analytics.query_unit_flow(
            FLOW.model_copy(update={"include_failed": False})
        )
        failed = await wats.analytics.query_unit_flow(
            {**FLOW.model_dump(exclude_none=True), "include_passed": False}
        )
    # F3 4 h 41 min; F1 and F2 2 h 1 min (ties by serial number, reversed); F4 1 h 31 min
    assert [u.serial_number for u in longest.units] == ["F3", "F2", "F1", "F4"]
    assert passed.total_units == 3 and "F4" not in {u.serial_number for u in passed.units}
    assert [u.serial_number for u in failed.units] == ["F4"]
    assert counts(failed) == {"10": (1, 1, 0), "50": (1, 0, 1)}


async def test_errors_say_what_to_fix(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(NotFoundError, match="no unit flow yet for this token"):
            await wats.analytics.get_unit_flow_nodes()
        with pytest.raises(ValidationError, match="splitBy: 'color' is not one of"):
            await wats.analytics.query_unit_flow({"split_by": "color"})
        with pytest.raises(ValidationError, match="unitOrder: 'speed' is not"):
            await wats.analytics.query_unit_flow({"unitOrder": "speed"})
        with pytest.raises(ValueError, match="processCodes"):
            await wats.analytics.query_unit_flow({"processCodes": ["x"]})
        with pytest.raises(ValueError, match="split_by 'color': use one of none"):
            await wats.analytics.set_unit_flow_split_by("color")
        with pytest.raises(ValueError, match="unit_order 'speed'"):
            await wats.analytics.set_unit_flow_order("speed")
        with pytest.raises(ValueError, match="needs show_list and/or hide_list"):
            await wats.analytics.set_unit_flow_visibility()
        with pytest.raises(ValueError, match="must name at least one node"):
            await wats.analytics.expand_unit_flow_operations(expand_operations=[])
        with pytest.raises(ValueError, match="non-empty serial numbers"):
            await wats.analytics.query_unit_flow_by_serial_numbers([])
    lenient = AsyncWATS(
        wats_emulator.url,
        wats_emulator.token,
        error_mode=ErrorMode.LENIENT,
        rate_limiter=RateLimiter(),
    )
    async with lenient:
        assert await lenient.analytics.get_unit_flow_links() == []
    # the calls that need a key refuse a body without it
    async with httpx.AsyncClient(
        base_url=wats_emulator.url, headers=wats_emulator.auth_headers
    ) as http:
        answer = await http.post("/api/internal/UnitFlow/SplitBy", json={"partNumber": "X"})
    assert answer.status_code == 400
    assert "needs splitBy in the body" in answer.json()["message"]


def test_sync_twin_queries_the_flow(flow_server: EmulatorServer) -> None:
    with sync_client(flow_server) as wats:
        result = wats.analytics.query_unit_flow(FLOW)
        links = wats.analytics.get_unit_flow_links()
        units = wats.analytics.get_unit_flow_units()
    assert links == result.links
    assert [u.serial_number for u in units] == ["F1", "F2", "F3", "F4"]
