"""Internal App analytics (MeasurementList, StepStatusList, TopFailed) against the emulator.

History: ``test_analytics_seed`` (hand-kept facts in its docstring). Every call goes to
``/api/internal/App/...`` with ``Referer: <base url>``.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_analytics_seed import (
    CAL_VALUES,
    ROOT,
    WINDOW,
    async_client,
    at,
    board,
    recent,
    seeded_history,
    sync_client,
)

from pywats.core.errors import ErrorHandler, NotFoundError, ValidationError
from pywats.core.http import AsyncHttpClient
from pywats.core.throttle import RateLimiter
from pywats.domains.analytics import (
    AsyncAnalyticsRepository,
    AsyncAnalyticsService,
    WATSFilter,
    sequence_filters_xml,
    step_filters_xml,
)
from pywats.tools import ReportBuilder
from pywats_emulator.testing import EmulatorServer

__all__ = ["seeded_history"]

pytestmark = pytest.mark.anyio

VCC = f"{ROOT}¶Power¶VCC"


def window(**fields: Any) -> WATSFilter:
    return WATSFilter(**WINDOW, **fields)


async def test_measurement_list_rows(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        cal = await wats.analytics.get_measurement_list(window(part_number="CAL-1"))
        a3_vcc = await wats.analytics.get_measurement_list(
            window(serial_number="A3"), step_filters=step_filters_xml(names=["VCC"])
        )
        power = await wats.analytics.get_measurement_list(
            window(part_number="PCB-100"), sequence_filters=sequence_filters_xml(names=["Power"])
        )
        newest = await wats.analytics.get_measurement_list(window(part_number="CAL-1", top_count=2))
        rails = await wats.analytics.get_measurement_list(
            window(serial_number="A2", measurement_paths="MainSequence Callback/Rails::%")
        )
    assert [(r.serial_number, r.value) for r in cal] == [
        (f"C{i + 1}", value) for i, value in enumerate(CAL_VALUES)
    ]
    first = cal[0]
    assert (first.step_name, first.step_path, first.unit, first.status) == (
        "Output",
        f"{ROOT}¶Output",
        "V",
        "Passed",
    )
    assert (first.limit_low, first.limit_high, first.string_value) == (9.5, 11.0, None)
    assert (first.station_name, first.part_number, first.revision) == ("CAL-1", "CAL-1", "A")
    assert first.report_id is not None and first.start_utc is not None
    # A3: VCC failed on run 1 (5.3 V), then read 5.0 V twice
    assert [(r.value, r.status) for r in a3_vcc] == [
        (5.3, "Failed"),
        (5.0, "Passed"),
        (5.0, "Passed"),
    ]
    # only steps inside the Power sequence: the 12 VCC readings of PCB-100 in the window
    assert {r.step_path for r in power} == {VCC} and len(power) == 12
    assert [r.serial_number for r in newest] == ["C4", "C5"]
    assert [(r.step_path, r.value) for r in rails] == [
        (f"{ROOT}¶Rails¶¶5V", 5.01),
        (f"{ROOT}¶Rails¶¶12V", 12.1),
    ]


async def test_string_measurements_carry_string_value(wats_emulator: EmulatorServer) -> None:
    uut = ReportBuilder.uut(
        part_number="PCB-100", serial_number="S1", revision="A", process_code=50,
        start=recent(1), station_name="ICT-1",
    )  # fmt: skip
    uut.root.string("Firmware", "v1.2.3", limit="v1.2.3")
    ids = uut.root.multi_string("Ids")
    ids.add("Board", "B-77")
    ids.add("Panel", "P-9")
    async with async_client(wats_emulator) as wats:
        await wats.report.submit_report(uut.build())
        rows = await wats.analytics.get_measurement_list_simple(days=1)
    assert [(r.step_path, r.string_value, r.value, r.status) for r in rows] == [
        (f"{ROOT}¶Firmware", "v1.2.3", None, "Passed"),
        (f"{ROOT}¶Ids¶¶Board", "B-77", None, "Passed"),
        (f"{ROOT}¶Ids¶¶Panel", "P-9", None, "Passed"),
    ]
    assert {r.limit_low for r in rows} == {None}


async def test_step_status_list_rows(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        led = await wats.analytics.get_step_status_list(
            window(serial_number="A4"), step_filters=step_filters_xml(names=["LED"])
        )
        a2 = await wats.analytics.get_step_status_list(window(serial_number="A2"))
        newest = await wats.analytics.get_step_status_list(
            window(serial_number="A4", top_count=1), step_filters=step_filters_xml(names=["LED"])
        )
    # A4: VCC fail, Rails fail, LED fail, pass
    assert [(r.status, r.pass_count, r.fail_count, r.total_count) for r in led] == [
        ("Passed", 1, 0, 1),
        ("Passed", 1, 0, 1),
        ("Failed", 0, 1, 1),
        ("Passed", 1, 0, 1),
    ]
    assert {r.serial_number for r in led} == {"A4"}
    assert len({r.report_id for r in led}) == 4
    starts = [r.start_utc for r in led]
    assert starts == sorted(starts)  # type: ignore[type-var]
    assert (led[0].step_type, led[0].step_group, led[0].part_number) == ("ET_PFT", "M", "PCB-100")
    # every step of the report, in the order met, containers included
    assert [r.step_name for r in a2] == [ROOT, "Power", "VCC", "Rails", "LED"]
    assert newest[0].start_utc == at(3, 11)


async def test_repeated_steps_are_counted_per_report(wats_emulator: EmulatorServer) -> None:
    uut = ReportBuilder.uut(
        part_number="PCB-100", serial_number="L1", revision="A", process_code=50,
        start=recent(1), station_name="ICT-1",
    )  # fmt: skip
    uut.root.pass_fail("Retry", False)
    uut.root.pass_fail("Retry", True)
    uut.root.pass_fail("Retry", True)
    async with async_client(wats_emulator) as wats:
        await wats.report.submit_report(uut.build())
        (row,) = await wats.analytics.get_step_status_list_simple(
            days=1, step_filters=step_filters_xml(names=["Retry"])
        )
    assert (row.total_count, row.pass_count, row.fail_count, row.status) == (3, 2, 1, "Passed")


async def test_simple_forms_use_ids_and_days(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.report.submit_report(board("G1", recent(2), "LED"))
        await wats.report.submit_report(board("G2", recent(1)))
        await wats.report.submit_report(board("OLD", recent(24 * 5), "LED"))
        await wats.report.submit_report(board("P1", recent(1), "LED", part="PSU-200"))
        groups = {
            g.product_group_name: g.product_group_id
            for g in await wats.analytics.get_product_groups()
        }
        boards = groups["Control Boards"]
        assert boards is not None
        top = await wats.analytics.get_top_failed_simple(
            part_number="PCB-100", process_code=50, days=1, count=5
        )
        by_group = await wats.analytics.get_top_failed_simple(product_group_id=boards, days=10)
        other_process = await wats.analytics.get_top_failed_simple(process_code=100)
        levels = await wats.analytics.get_levels()
        measured = await wats.analytics.get_measurement_list_simple(
            product_group_id=boards,
            level_id=levels[0].level_id,
            days=1,
            step_filters=step_filters_xml(names=["VCC"]),
        )
        statuses = await wats.analytics.get_step_status_list_simple(
            days=1, step_filters=step_filters_xml(names=["LED"])
        )
    assert [(r.step_name, r.part_number, r.fail_count, r.total_count) for r in top] == [
        ("LED", "PCB-100", 1, 2)
    ]
    # ten days: the old board too; the product group keeps PCB-100 only
    assert [(r.step_name, r.fail_count, r.total_count) for r in by_group] == [("LED", 2, 3)]
    assert other_process == []
    assert sorted(r.serial_number or "" for r in measured) == ["G1", "G2"]
    assert sorted((r.serial_number or "", r.status or "") for r in statuses) == [
        ("G1", "Failed"),
        ("G2", "Passed"),
        ("P1", "Failed"),
    ]
    paths = wats_emulator.stats()["by_path"]
    for name in ("TopFailed", "MeasurementList", "StepStatusList"):
        assert sum(paths[f"/api/internal/App/{name}"].values()) >= 1


async def test_top_failed_advanced_matches_the_public_ranking(
    seeded_history: EmulatorServer,
) -> None:
    async with async_client(seeded_history) as wats:
        internal = await wats.analytics.get_top_failed_advanced(window(), top_count=2)
        public = await wats.analytics.get_top_failed(window(top_count=2))
        from_filter = await wats.analytics.get_top_failed_advanced(
            {**WINDOW, "part_number": "PSU-200"}
        )
    assert [(r.step_name, r.fail_count, r.total_count) for r in internal] == [
        ("VCC", 4, 12),
        ("Rails", 2, 12),
    ]
    assert internal == public
    assert [(r.step_name, r.part_number) for r in from_filter] == [("LED", "PSU-200")]


async def test_errors_say_what_to_fix(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(NotFoundError, match="productGroupId 999 not found"):
            await wats.analytics.get_measurement_list_simple(product_group_id=999)
        with pytest.raises(NotFoundError, match="levelId 42 not found; levels: 1 "):
            await wats.analytics.get_top_failed_simple(level_id=42)
        with pytest.raises(ValidationError, match="stepFilters: malformed XML"):
            await wats.analytics.get_step_status_list(step_filters="<Step name='VCC'>")
        with pytest.raises(ValidationError, match="sequenceFilters: DOCTYPE"):
            await wats.analytics.get_measurement_list(
                sequence_filters='<!DOCTYPE s [<!ENTITY e "x">]><S name="&e;"/>'
            )
        with pytest.raises(ValidationError, match="filter dateTo is before dateFrom"):
            await wats.analytics.get_top_failed_advanced(
                {"date_from": at(3, 1), "date_to": at(1, 1)}
            )
        with pytest.raises(ValueError, match="days must be an integer >= 1"):
            await wats.analytics.get_step_status_list_simple(days=0)
        with pytest.raises(ValueError, match="count must be an integer >= 1"):
            await wats.analytics.get_top_failed_simple(count=0)
        with pytest.raises(ValueError, match="top_count must be an integer >= 1"):
            await wats.analytics.get_top_failed_advanced(top_count=-3)
    # nothing was sent for the three ValueErrors
    assert sum(wats_emulator.stats()["by_path"]["/api/internal/App/TopFailed"].values()) == 2


class RecordingTransport(httpx.AsyncBaseTransport):
    """A real loopback transport that remembers each request's path and Referer header."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.seen: list[tuple[str, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.path, request.headers.get("referer")))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_internal_calls_send_the_referer(wats_emulator: EmulatorServer) -> None:
    transport = RecordingTransport()
    http = AsyncHttpClient(
        wats_emulator.url, wats_emulator.token, transport=transport, rate_limiter=RateLimiter()
    )
    analytics = AsyncAnalyticsService(AsyncAnalyticsRepository(http, ErrorHandler()))
    async with http:
        await analytics.get_measurement_list_simple(days=1)
        await analytics.get_step_status_list()
        await analytics.get_top_failed_advanced()
        await analytics.get_alarm_logs()
        await analytics.query_unit_flow()
        await analytics.get_unit_flow_nodes()
        await analytics.get_version()
    assert transport.seen[:-1] == [
        (path, wats_emulator.url)
        for path in (
            "/api/internal/App/MeasurementList",
            "/api/internal/App/StepStatusList",
            "/api/internal/App/TopFailed",
            "/api/internal/Trigger/GetAlarmAndNotificationLogs",
            "/api/internal/UnitFlow",
            "/api/internal/UnitFlow/Nodes",
        )
    ]
    assert transport.seen[-1] == ("/api/App/Version", None)


def test_sync_twin_reads_the_internal_lists(seeded_history: EmulatorServer) -> None:
    with sync_client(seeded_history) as wats:
        rows = wats.analytics.get_measurement_list(
            window(part_number="CAL-1"), step_filters=step_filters_xml(names=["Output"])
        )
        statuses = wats.analytics.get_step_status_list(
            window(serial_number="B1"), step_filters=step_filters_xml(names=["LED"])
        )
        top = wats.analytics.get_top_failed_advanced(window(part_number="PSU-200"))
    assert [r.value for r in rows] == list(CAL_VALUES)
    assert [r.status for r in statuses] == ["Passed", "Failed", "Passed"]
    assert [(r.step_name, r.fail_count, r.total_count) for r in top] == [("LED", 1, 4)]
