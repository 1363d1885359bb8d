"""The emulator's unit flow computation (nodes, links, units) on hand-made report rows."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.analytics.unit_flow import build_unit_flow
from pywats_emulator.analytics.unit_flow_filter import parse_unit_flow_filter
from pywats_emulator.errors import ApiError

NAMES = {10: "SW Debug", 50: "PCBA test", 100: "End of line test", 500: "Repair"}


def run(
    serial: str,
    code: int,
    hour: int,
    result: str = "Passed",
    *,
    station: str = "ST-1",
    exec_s: float | None = 60.0,
    part: str = "PCB-1",
) -> dict[str, Any]:
    """One report row as ``Selection.reports`` returns it."""
    return {
        "id": f"{serial}-{code}-{hour}",
        "serial_number": serial,
        "part_number": part,
        "revision": "A",
        "process_code": code,
        "process_name": NAMES[code],
        "station_name": station,
        "location": "Line 1",
        "purpose": "Production",
        "result": result,
        "start_key": f"2026-03-01T{hour:02d}:00:00.000000000Z",
        "execution_time": exec_s,
    }


def flow(reports: list[dict[str, Any]], **body: Any) -> dict[str, Any]:
    return build_unit_flow(reports, parse_unit_flow_filter(body))


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


THREE_UNITS = [
    run(serial, code, hour + offset)
    for offset, serial in enumerate(("U1", "U2", "U3"))
    for code, hour in ((10, 1), (50, 4), (100, 7))
]


def test_three_units_through_three_operations() -> None:
    result = flow(THREE_UNITS)
    assert [n["id"] for n in result["nodes"]] == ["10", "50", "100"]
    assert [(n["name"], n["unitCount"], n["passCount"]) for n in result["nodes"]] == [
        ("SW Debug", 3, 3),
        ("PCBA test", 3, 3),
        ("End of line test", 3, 3),
    ]
    links = by_id(result["links"])
    assert list(links) == ["10->50", "50->100"]
    assert [(k["unitCount"], k["passCount"], k["failCount"]) for k in links.values()] == [
        (3, 3, 0),
        (3, 3, 0),
    ]
    assert links["10->50"]["avgTime"] == 3 * 3600.0  # start to start, 3 h each
    assert (links["10->50"]["sourceName"], links["10->50"]["targetName"]) == (
        "SW Debug",
        "PCBA test",
    )
    assert result["totalUnits"] == 3
    unit = result["units"][0]
    assert (unit["serialNumber"], unit["nodePath"], unit["currentNode"]) == (
        "U1",
        ["10", "50", "100"],
        "100",
    )
    # 01:00 to 07:00 + 60 s of execution
    assert (unit["startTime"], unit["endTime"], unit["totalTime"]) == (
        "2026-03-01T01:00:00Z",
        "2026-03-01T07:01:00Z",
        6 * 3600.0 + 60.0,
    )


def test_a_retest_in_place_is_one_visit_and_a_repair_makes_a_loop() -> None:
    reports = [
        run("U1", 50, 1, "Failed"),
        run("U1", 50, 2, "Passed", exec_s=120.0),  # retest at the same node: same visit
        run("U2", 50, 3, "Failed"),
        run("U2", 500, 4, "Passed", exec_s=None),
        run("U2", 50, 5, "Passed"),
    ]
    result = flow(reports)
    nodes = by_id(result["nodes"])
    assert (nodes["50"]["unitCount"], nodes["50"]["passCount"], nodes["50"]["failCount"]) == (
        2,
        2,
        0,
    )  # each unit once, by its last report there
    assert nodes["50"]["yieldPercent"] == 100.0
    assert nodes["50"]["avgTime"] == pytest.approx((60 + 120 + 60 + 60) / 4)
    assert nodes["500"]["avgTime"] is None  # no execTime known
    links = by_id(result["links"])
    assert list(links) == ["50->500", "500->50"]
    assert (links["50->500"]["unitCount"], links["50->500"]["failCount"]) == (1, 1)
    assert links["500->50"]["passCount"] == 1
    units = by_id([{**u, "id": u["serialNumber"]} for u in result["units"]])
    assert units["U1"]["nodePath"] == ["50"]
    assert units["U2"]["nodePath"] == ["50", "500", "50"]


def test_include_flags_keep_units_by_their_last_result() -> None:
    reports = [run("U1", 50, 1), run("U2", 50, 2, "Failed"), run("U3", 50, 3, "Error")]
    failed_only = flow(reports, includePassed=False)
    assert [u["serialNumber"] for u in failed_only["units"]] == ["U2", "U3"]
    assert failed_only["nodes"][0]["failCount"] == 2
    passed_only = flow(reports, includeFailed=False)
    assert [u["serialNumber"] for u in passed_only["units"]] == ["U1"]


def test_process_codes_location_and_purpose_drop_reports() -> None:
    reports = [*THREE_UNITS, {**run("U9", 50, 9), "location": "Line 2"}]
    only = flow(reports, processCodes=[10, 100], location="Line 1")
    assert [n["id"] for n in only["nodes"]] == ["10", "100"]
    assert by_id(only["links"])["10->100"]["unitCount"] == 3
    assert only["totalUnits"] == 3
    assert flow(reports, purpose="Debug")["totalUnits"] == 0


def test_split_by_station_gives_child_nodes_under_each_operation() -> None:
    reports = [
        run("U1", 50, 1, station="ICT-1"),
        run("U2", 50, 2, "Failed", station="ICT-2"),
        run("U1", 100, 3, station="EOL-1"),
    ]
    result = flow(reports, splitBy="stationName")
    nodes = by_id(result["nodes"])
    assert list(nodes) == ["50", "50/ICT-1", "50/ICT-2", "100", "100/EOL-1"]
    parent = nodes["50"]
    assert (parent["isExpanded"], parent["unitCount"], parent["passCount"]) == (True, 2, 1)
    child = nodes["50/ICT-2"]
    assert (child["level"], child["parentId"], child["stationName"]) == (1, "50", "ICT-2")
    assert (child["name"], child["failCount"], child["yieldPercent"]) == (
        "PCBA test (ICT-2)",
        1,
        0.0,
    )
    assert [k["id"] for k in result["links"]] == ["50/ICT-1->100/EOL-1"]
    assert result["units"][0]["nodePath"] == ["50/ICT-1", "100/EOL-1"]


def test_expand_only_the_listed_operations_by_the_split_column() -> None:
    reports = [run("U1", 50, 1), run("U1", 100, 2, station="EOL-1")]
    by_name = flow(reports, expandOperations=["End of line test"])
    assert [n["id"] for n in by_name["nodes"]] == ["50", "100", "100/EOL-1"]
    assert by_name["links"][0]["id"] == "50->100/EOL-1"
    by_location = flow(reports, expandOperations="50", splitBy="location")
    assert [n["id"] for n in by_location["nodes"]] == ["50", "50/Line 1", "100"]
    assert by_location["nodes"][1]["location"] == "Line 1"
    everything = flow(reports, expandOperations=True)
    assert [n["level"] for n in everything["nodes"]] == [0, 1, 0, 1]


def test_visibility_by_id_name_or_parent() -> None:
    hidden = flow(THREE_UNITS, hideList=["pcba TEST"])
    assert [n["isVisible"] for n in hidden["nodes"]] == [True, False, True]
    assert [k["isVisible"] for k in hidden["links"]] == [False, False]
    shown = flow(THREE_UNITS, showList="10;100")
    assert [n["isVisible"] for n in shown["nodes"]] == [True, False, True]
    split = flow(THREE_UNITS, splitBy="station", hideList=["50"])
    assert [(n["id"], n["isVisible"]) for n in split["nodes"] if n["processCode"] == 50] == [
        ("50", False),
        ("50/ST-1", False),  # hidden with its parent
    ]
    assert flow(THREE_UNITS, showList=["50"], hideList=["50"])["nodes"][1]["isVisible"] is False


def test_unit_order() -> None:
    reports = [run("U2", 50, 1, exec_s=30.0), run("U1", 50, 2, exec_s=90.0), run("U3", 50, 3)]
    assert [u["serialNumber"] for u in flow(reports)["units"]] == ["U2", "U1", "U3"]
    ordered = flow(reports, unitOrder="totalTime DESC")["units"]
    assert [u["serialNumber"] for u in ordered] == ["U1", "U3", "U2"]
    assert [u["serialNumber"] for u in flow(reports, unitOrder="serialNumber")["units"]] == [
        "U1",
        "U2",
        "U3",
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"splitBy": "color"}, "splitBy: 'color' is not one of stationName"),
        ({"unitOrder": "speed"}, "unitOrder: 'speed'"),
        ({"unitOrder": "totalTime sideways"}, "'<key> [asc|desc]'"),
        ({"processCodes": ["fifty"]}, "processCodes: expected process codes"),
        ({"includePassed": "yes"}, "includePassed: expected true or false"),
        ({"showList": {"a": 1}}, "showList: expected a list of strings"),
        ({"dateFrom": "yesterday"}, "filter dateFrom"),
        ([], "UnitFlowFilter JSON object"),
    ],
)
def test_bad_filters_say_what_to_fix(body: Any, message: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_unit_flow_filter(body)
    assert caught.value.status == 400
    assert message in caught.value.message


def test_serial_numbers_join_the_serial_number_criterion() -> None:
    query = parse_unit_flow_filter({"serialNumber": "A%", "serialNumbers": ["B1", "B2"]})
    assert query.selection.text["serialNumber"] == ("A%", "B1", "B2")
