"""Header queries with the OData subset (§2.1, §2.1.1, §8.6) against stored reports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from emulator_support import make_uur, make_uut

from pywats_emulator.testing import EmulatorServer

UTC = timezone.utc


def _day(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 1, day, hour, tzinfo=UTC)


REPORTS = [
    make_uut(sn="SN-1", pn="PN-A", start=_day(5), result="P",
             sub_units=[{"partType": "PCBA", "sn": "SUB-1", "pn": "BOARD-X", "rev": "A"}],
             misc_infos=[{"description": "Firmware", "text": "1.4.2"}]),
    make_uut(sn="SN-2", pn="PN-A", start=_day(10), result="F",
             sub_units=[{"partType": "PCBA", "sn": "SUB-2", "pn": "BOARD-Y", "rev": "A"}],
             misc_infos=[{"description": "Firmware", "text": "1.5.0"}]),
    make_uut(sn="O'Brien", pn="PN-B", start=_day(15), result="P", process_code=100),
    make_uut(sn="SN-4", pn="PN-B", start=_day(20), result="E"),
    make_uut(sn="SN-5", pn="PN-C", start=datetime(2026, 2, 2, 0, 30, tzinfo=UTC), result="T"),
]  # fmt: skip
REPAIR = make_uur(
    sn="SN-2", pn="PN-A", start=_day(11),
    sub_units=[{"idx": 0, "partType": "Main", "sn": "SN-2", "pn": "PN-A", "rev": "A"},
               {"idx": 1, "parentIdx": 0, "partType": "PCBA", "sn": "SUB-9", "pn": "BOARD-Y"}],
)  # fmt: skip


@pytest.fixture(scope="module")
def stored() -> Iterator[httpx.Client]:
    """One emulator with the reports above, shared by this module's read-only tests."""
    with (
        EmulatorServer() as server,
        httpx.Client(base_url=server.url, headers=server.auth_headers) as http,
    ):
        for report in [*REPORTS, REPAIR]:
            assert http.post("/api/Report/WSJF", json=report).status_code == 200
        yield http


def _serials(client: httpx.Client, **params: Any) -> list[str]:
    response = client.get("/api/Report/Query/Header", params=params)
    assert response.status_code == 200, response.text
    return [header["serialNumber"] for header in response.json()]


def test_default_order_is_newest_start_first(stored: httpx.Client) -> None:
    assert _serials(stored, reportType="U") == ["SN-5", "SN-4", "O'Brien", "SN-2", "SN-1"]


def test_report_type_selects_uut_or_uur(stored: httpx.Client) -> None:
    uurs = stored.get("/api/Report/Query/Header", params={"reportType": "R"}).json()

    assert [h["uuid"] for h in uurs] == [REPAIR["id"]]
    assert uurs[0]["reportType"] == "R"
    assert uurs[0]["referencedUut"] is None
    assert len(_serials(stored)) == 6  # no reportType: both kinds


def test_header_shape(stored: httpx.Client) -> None:
    (header,) = stored.get(
        "/api/Report/Query/Header", params={"$filter": "serialNumber eq 'SN-2'", "reportType": "U"}
    ).json()

    assert header["uuid"] == REPORTS[1]["id"]
    assert header["reportType"] == "T"
    assert header["result"] == "Failed"
    assert header["stationName"] == "STATION-07"
    assert header["processCode"] == 50
    assert header["processName"] == "PCBA test"
    assert header["startUtc"] == "2026-01-10T12:00:00.000Z"
    assert header["operator"] == "operator1"
    assert header["run"] == 1
    assert "subUnits" not in header


def test_filter_by_serial(stored: httpx.Client) -> None:
    assert _serials(stored, **{"$filter": "serialNumber eq 'SN-4'"}) == ["SN-4"]


def test_filter_by_part_number(stored: httpx.Client) -> None:
    assert _serials(stored, reportType="U", **{"$filter": "partNumber eq 'PN-A'"}) == [
        "SN-2",
        "SN-1",
    ]


def test_doubled_quotes_in_strings(stored: httpx.Client) -> None:
    assert _serials(stored, **{"$filter": "serialNumber eq 'O''Brien'"}) == ["O'Brien"]


def test_date_range_with_unquoted_utc_datetimes(stored: httpx.Client) -> None:
    text = "start ge 2026-01-01T00:00:00Z and start le 2026-01-31T23:59:59Z"

    assert _serials(stored, reportType="U", **{"$filter": text}) == [
        "SN-4",
        "O'Brien",
        "SN-2",
        "SN-1",
    ]


def test_dates_and_offsets_compare_as_instants(stored: httpx.Client) -> None:
    # SN-5 started at 2026-02-02T00:30Z.
    before = "start lt 2026-02-02T01:00:00+01:00"  # = 00:00Z
    after = "start lt 2026-02-01T23:59:59-01:00"  # = 00:59:59Z

    assert "SN-5" not in _serials(stored, **{"$filter": before})
    assert "SN-5" in _serials(stored, **{"$filter": after})
    assert _serials(stored, **{"$filter": "start ge 2026-02-02"}) == ["SN-5"]


def test_sub_unit_any_lambda(stored: httpx.Client) -> None:
    by_part = {"$filter": "subUnits/any(s: s/partNumber eq 'BOARD-X')"}
    by_serial = {"$filter": "subUnits/any(s: s/serialNumber eq 'SUB-2')"}

    assert _serials(stored, **by_part) == ["SN-1"]
    assert _serials(stored, reportType="U", **by_serial) == ["SN-2"]


def test_uur_sub_unit_any_lambda(stored: httpx.Client) -> None:
    text = "uurSubUnits/any(s: s/serialNumber eq 'SUB-9' and s/partNumber eq 'BOARD-Y')"

    headers = stored.get(
        "/api/Report/Query/Header", params={"reportType": "R", "$filter": text}
    ).json()

    assert [h["uuid"] for h in headers] == [REPAIR["id"]]


def test_and_or_with_parentheses(stored: httpx.Client) -> None:
    text = (
        "(partNumber eq 'PN-B' or partNumber eq 'PN-C') and (result eq 'Passed' or result eq 'T')"
    )

    assert _serials(stored, **{"$filter": text}) == ["SN-5", "O'Brien"]


def test_not_ne_and_null(stored: httpx.Client) -> None:
    assert _serials(stored, reportType="U", **{"$filter": "not (partNumber ne 'PN-C')"}) == ["SN-5"]
    assert _serials(stored, reportType="R", **{"$filter": "batchNumber eq null"}) == ["SN-2"]
    assert len(_serials(stored, reportType="U", **{"$filter": "operator ne null"})) == 5


def test_numeric_comparison(stored: httpx.Client) -> None:
    assert _serials(stored, **{"$filter": "processCode eq 100"}) == ["O'Brien"]


def test_top_skip_and_orderby(stored: httpx.Client) -> None:
    page = {"reportType": "U", "$orderby": "serialNumber asc", "$top": "2"}

    assert _serials(stored, **page) == ["O'Brien", "SN-1"]
    assert _serials(stored, **page, **{"$skip": "2"}) == ["SN-2", "SN-4"]
    assert _serials(stored, **page, **{"$skip": "4"}) == ["SN-5"]
    assert _serials(stored, reportType="U", **{"$orderby": "partNumber desc, start asc"}) == [
        "SN-5",
        "O'Brien",
        "SN-4",
        "SN-1",
        "SN-2",
    ]


def test_expand_adds_the_requested_lists(stored: httpx.Client) -> None:
    (header,) = stored.get(
        "/api/Report/Query/Header",
        params={"$filter": "serialNumber eq 'SN-1'", "$expand": "subUnits,miscInfo,attachments"},
    ).json()

    assert header["subUnits"] == [
        {"serialNumber": "SUB-1", "partNumber": "BOARD-X", "revision": "A", "partType": "PCBA"}
    ]
    assert header["miscInfo"] == [{"description": "Firmware", "value": "1.4.2"}]
    assert header["attachments"] == []
    assert "assets" not in header


def test_misc_info_any_and_header_by_misc_info(stored: httpx.Client) -> None:
    text = "miscInfo/any(m: m/description eq 'Firmware' and m/value eq '1.5.0')"
    by_misc = stored.get(
        "/api/Report/Query/HeaderByMiscInfo",
        params={"description": "Firmware", "stringValue": "1.4.2"},
    ).json()

    assert _serials(stored, **{"$filter": text}) == ["SN-2"]
    assert [h["serialNumber"] for h in by_misc] == ["SN-1"]


def test_string_values_cannot_inject_sql(stored: httpx.Client) -> None:
    text = "serialNumber eq 'x'' OR 1=1 --'"

    assert _serials(stored, **{"$filter": text}) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"$filter": "serialNumber eq 'SN-1' and"}, "at position 26"),
        ({"$filter": "serialNumber = 'SN-1'"}, "at position 13"),
        ({"$filter": "serialNumber eq 'SN-1"}, "unterminated string"),
        ({"$filter": "color eq 'red'"}, "unknown field 'color'"),
        ({"$filter": "processCode eq 'fifty'"}, "expected a number value"),
        ({"$filter": "(serialNumber eq 'a'"}, "expected ')'"),
        ({"$filter": "parts/any(p: p/x eq 'a')"}, "unknown collection 'parts'"),
        ({"$filter": "start ge 2026-13-45T00:00:00Z"}, "bad datetime"),
        ({"$orderby": "start sideways"}, "expected asc or desc"),
        ({"$orderby": "nope desc"}, "unknown field 'nope'"),
        ({"$expand": "subUnits,gadgets"}, "gadgets"),
        ({"$top": "-1"}, "$top"),
        ({"reportType": "X"}, "reportType"),
    ],
)
def test_malformed_query_is_400_with_a_message(
    stored: httpx.Client, params: dict[str, str], expected: str
) -> None:
    response = stored.get("/api/Report/Query/Header", params=params)

    assert response.status_code == 400
    assert expected in response.json()["message"]


def test_run_counts_earlier_reports_of_the_same_unit(client: httpx.Client) -> None:
    first = make_uut(sn="RUN-1", result="F", start=_day(1))
    second = make_uut(sn="RUN-1", result="P", start=_day(1) + timedelta(hours=1))
    for report in (second, first):  # arrival order does not matter
        client.post("/api/Report/WSJF", json=report)

    headers = client.get(
        "/api/Report/Query/Header",
        params={"$filter": "serialNumber eq 'RUN-1'", "$orderby": "start asc"},
    ).json()

    assert [(h["result"], h["run"]) for h in headers] == [("Failed", 1), ("Passed", 2)]


def test_text_functions_escape_like_wildcards(stored: httpx.Client) -> None:
    assert _serials(stored, **{"$filter": "startswith(serialNumber, 'SN-')"}) == [
        "SN-5",
        "SN-4",
        "SN-2",
        "SN-2",
        "SN-1",
    ]
    assert _serials(stored, **{"$filter": "contains(serialNumber, 'Bri')"}) == ["O'Brien"]
    assert _serials(stored, **{"$filter": "endswith(partNumber, '%')"}) == []
    assert _serials(stored, **{"$filter": "contains(serialNumber, '_')"}) == []
