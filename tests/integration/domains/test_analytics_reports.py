"""Report lists (SerialNumberHistory, UutReport, UurReport) and OEE through AsyncWATS.

History: ``test_analytics_seed``.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_analytics_seed import WINDOW, async_client, board, recent, seeded_history, sync_client

from pywats import ValidationError
from pywats.domains.analytics import StatusFilter, WATSFilter
from pywats_emulator.testing import EmulatorServer

__all__ = ["seeded_history"]

pytestmark = pytest.mark.anyio


def window(**fields: Any) -> WATSFilter:
    return WATSFilter(**WINDOW, **fields)


async def test_serial_number_history_is_every_report_oldest_first(
    seeded_history: EmulatorServer,
) -> None:
    async with async_client(seeded_history) as wats:
        # no dates: the history is not limited to the last 30 days
        history = await wats.analytics.get_serial_number_history(serial_number="A3")
        in_window = await wats.analytics.get_serial_number_history(
            WATSFilter(serial_number="A0", date_from=WINDOW["date_from"])
        )
        with pytest.raises(ValidationError, match="needs serialNumber"):
            await wats.analytics.get_serial_number_history(WATSFilter(part_number="PCB-100"))
    assert [(h.report_type, h.result, h.run, h.start_utc.day) for h in history] == [  # type: ignore[union-attr]
        ("T", "Failed", 1, 1),
        ("T", "Failed", 2, 1),
        ("R", "Passed", 1, 1),
        ("T", "Passed", 3, 2),
    ]
    assert history[2].process_name == "Repair"
    assert [h.result for h in in_window] == ["Passed"]  # A0's February failure is before it


async def test_uut_reports_newest_first(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        failed = await wats.analytics.get_uut_reports(
            window(part_number="PCB-100", status=StatusFilter.FAILED, top_count=3)
        )
    assert [(h.serial_number, h.start_utc.day, h.start_utc.hour) for h in failed] == [  # type: ignore[union-attr]
        ("A5", 3, 12),
        ("A4", 3, 10),
        ("A4", 3, 9),
    ]
    assert {h.report_type for h in failed} == {"T"}


async def test_uut_reports_get_form(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.report.submit_report(board("G1", recent(3), "VCC"))
        await wats.report.submit_report(board("G1", recent(2)))
        await wats.report.submit_report(board("G2", recent(1), part="PSU-200"))
        mine = await wats.analytics.get_uut_reports(serial_number="G1", status="Passed")
        boards = await wats.analytics.get_uut_reports(product_group="Control Boards", top_count=1)
    assert [(h.serial_number, h.result) for h in mine] == [("G1", "Passed")]
    assert [(h.serial_number, h.result) for h in boards] == [("G1", "Passed")]
    assert wats_emulator.stats()["by_path"]["/api/App/UutReport"] == {"200": 2}


async def test_uur_reports(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        repairs = await wats.analytics.get_uur_reports(window())
    assert [(h.serial_number, h.report_type, h.station_name) for h in repairs] == [
        ("A3", "R", "REP-1"),
        ("A1", "R", "REP-1"),
    ]
    assert all(h.referenced_uut is not None for h in repairs)


async def test_oee_of_a_station(seeded_history: EmulatorServer) -> None:
    # CAL-1 ran 5 times from 14:00 to 18:00 + 600 s = 18:10: planned 15000 s; run time
    # 600 + 600 + 900 + 600 + 600 = 3300 s -> availability 22 %; fastest good run 600 s ->
    # performance 600 * 5 / 3300 = 90.909 %; 5 of 5 good -> quality 100 %;
    # OEE = 0.22 * 0.90909 * 1 = 20 %.
    async with async_client(seeded_history) as wats:
        oee = await wats.analytics.get_oee_analysis(window(station_name="CAL-1"))
        empty = await wats.analytics.get_oee_analysis(window(station_name="NOWHERE"))
    assert oee is not None
    assert (oee.total_count, oee.good_count, oee.reject_count) == (5, 5, 0)
    assert (oee.planned_production_time_s, oee.run_time_s, oee.down_time_s) == (
        15000.0,
        3300.0,
        11700.0,
    )
    assert (oee.ideal_cycle_time_s, oee.actual_cycle_time_s) == (600.0, 660.0)
    assert oee.availability == pytest.approx(22.0)
    assert oee.performance == pytest.approx(100 * 3000 / 3300)
    assert oee.quality == pytest.approx(100.0)
    assert oee.oee == pytest.approx(20.0)
    assert oee.total_time_s == 3 * 86400 - 1  # the inclusive window 1 Mar 00:00 .. 3 Mar 23:59:59
    assert oee.station_name == "CAL-1"
    assert empty is not None
    assert (empty.total_count, empty.oee, empty.availability, empty.quality) == (
        0,
        None,
        None,
        None,
    )


def test_sync_twin_reads_report_lists(seeded_history: EmulatorServer) -> None:
    with sync_client(seeded_history) as wats:
        history = wats.analytics.get_serial_number_history({"serialNumber": "B1"})
        oee = wats.analytics.get_oee_analysis({"stationName": "CAL-1", **WINDOW})
    assert [h.process_code for h in history] == [50, 100, 100]
    assert oee is not None and oee.total_count == 5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"run": "x"}', "filter run: expected an integer"),
        (b'{"dateGrouping": 7}', "filter dateGrouping: 7 is not one of -1 none"),
        (b'{"dateFrom": "31/01/2026"}', "filter dateFrom: '31/01/2026' is not a date/time"),
        (b'{"status": "Green"}', "filter status: 'Green' is not one of Passed"),
        (b"[1]", "must be a WATSFilter JSON object"),
        (b"{", "malformed JSON"),
    ],
)
def test_bad_filter_bodies_are_400_with_what_to_fix(
    wats_emulator: EmulatorServer, body: bytes, message: str
) -> None:
    response = httpx.post(
        f"{wats_emulator.url}/api/App/DynamicYield",
        content=body,
        headers={**wats_emulator.auth_headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_routes_are_case_insensitive_and_an_empty_body_is_the_empty_filter(
    wats_emulator: EmulatorServer,
) -> None:
    response = httpx.post(
        f"{wats_emulator.url}/api/app/dynamicyield?DIMENSIONS=partNumber",
        headers=wats_emulator.auth_headers,
    )
    assert (response.status_code, response.json()) == (200, [])
    # the upper-case parameter name was read: a bad value in it is reported
    rejected = httpx.post(
        f"{wats_emulator.url}/api/APP/DynamicYield?DIMENSIONS=colour",
        headers=wats_emulator.auth_headers,
    )
    assert rejected.status_code == 400
    assert "unknown name 'colour'" in rejected.json()["message"]
