"""WSJF checks before queueing: each rule with its exact message."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from pywats.core.station import Station
from pywats.domains.analytics.models import ProcessInfo
from pywats_client.converters.checks import check_report_data, fill_station

NOW = datetime(2026, 2, 10, 12, 0, tzinfo=timezone.utc)
PROCESSES = {50: "PCBA test", 500: "Repair"}


def _uut(**changes: Any) -> dict[str, Any]:
    report: dict[str, Any] = {
        "id": "5f0c2a8e-3b1d-4c7e-9a55-0d2b6c9e1f01",
        "type": "T",
        "pn": "PCB-100",
        "sn": "SN-1",
        "rev": "B",
        "processCode": 50,
        "processName": "PCBA test",
        "result": "P",
        "machineName": "ST-1",
        "location": "Line 2",
        "purpose": "Production",
        "start": "2026-02-10T09:15:00.000+01:00",
        "uut": {"user": "op"},
        "root": {
            "name": "MainSequence Callback",
            "status": "P",
            "steps": [
                {
                    "name": "Rails",
                    "status": "P",
                    "numericMeas": [
                        {"name": "5V", "compOp": "GELE", "status": "P", "value": 5.0},
                        {"name": "12V", "compOp": "LE", "status": "P", "value": 12.0},
                    ],
                }
            ],
        },
    }
    report.update(changes)
    return report


def _problems(report: dict[str, Any], **kwargs: Any) -> list[str]:
    kwargs.setdefault("processes", PROCESSES)
    return check_report_data(report, now=NOW, **kwargs).problems


def test_a_valid_report_passes() -> None:
    check = check_report_data(_uut(), processes=PROCESSES, now=NOW)
    assert check.ok and check.problems == [] and check.warnings == []


def test_required_fields_and_lengths() -> None:
    report = _uut(sn="x" * 123, rev=None, pn="")
    del report["result"]
    assert _problems(report) == [
        "pn: must not be empty",
        "sn: longer than 100 characters (123)",
        "rev: required",
        "result: required",
    ]


def test_result_status_group_and_comp_op_letters() -> None:
    report = _uut(result="X", type="T")
    step = report["root"]["steps"][0]
    step["status"] = "Q"
    step["group"] = "Z"
    step["numericMeas"][0]["compOp"] = "ABOUT"
    assert _problems(report) == [
        "result: 'X' is not one of P, F, E, T, D",
        "root.steps[0].status: 'Q' is not one of P, F, S, D, E, T",
        "root.steps[0].group: 'Z' is not one of S, M, C",
        "root.steps[0].numericMeas[0].compOp: 'ABOUT' is not one of "
        "LOG, EQ, NE, GT, GE, LT, LE, EQT, GTLT, GTLE, GELT, GELE, LTGT, LTGE, LEGT, LEGE, "
        "CASESENSIT, IGNORECASE",
    ]


def test_multi_measurements_need_unique_names() -> None:
    report = _uut()
    report["root"]["steps"][0]["numericMeas"][1]["name"] = "5V"
    assert _problems(report) == [
        "root.steps[0].numericMeas[1].name: duplicate measurement name '5V'"
    ]


def test_process_code_must_be_known_and_match_its_name() -> None:
    assert _problems(_uut(processCode=999, processName=None)) == [
        "processCode: unknown process code 999 (known: 50, 500)"
    ]
    assert _problems(_uut(processName="pcba test")) == [
        "processName: 'pcba test' does not match process 50 ('PCBA test')"
    ]
    # Without a cache the server decides.
    assert _problems(_uut(processCode=999), processes={}) == []


def test_uut_needs_a_test_operation_when_the_cache_knows() -> None:
    detailed = {
        50: ProcessInfo(code=50, name="PCBA test", isTestOperation=True, isRepairOperation=False),
        500: ProcessInfo(code=500, name="Repair", isTestOperation=False, isRepairOperation=True),
    }
    assert _problems(_uut(processCode=500, processName="Repair"), processes=detailed) == [
        "processCode: 500 (Repair) is not a test operation (UUT needs one)"
    ]
    uur = {
        **{k: v for k, v in _uut().items() if k not in ("uut", "root")},
        "type": "R", "uur": {"user": "tech"}, "subUnits": [],
    }  # fmt: skip
    assert _problems(uur, processes=detailed) == [
        "processCode: 50 (PCBA test) is not a repair operation (UUR needs one)"
    ]


def test_start_in_the_future_beyond_tolerance_given_the_server_clock() -> None:
    soon = "2026-02-10T12:04:00+00:00"  # 4 minutes ahead of NOW
    assert _problems(_uut(start=soon)) == []
    assert _problems(_uut(start=soon), server_clock_skew_s=-120.0) == [
        "start: 2026-02-10T12:04:00+00:00 is 360 s in the future (tolerance 300 s); "
        "check the tester's clock"
    ]
    assert _problems(_uut(start="2026-02-10T09:15:00")) == [
        "start: needs a UTC offset (e.g. 2026-01-30T22:01:41+01:00)"
    ]
    assert _problems(_uut(start="yesterday")) == ["start: not a date and time: 'yesterday'"]


def test_station_fields_are_filled_then_checked() -> None:
    report = _uut(machineName=None, location="", purpose=None)
    fill_station(report, Station("ICT-01", "Oslo", "Debug"))
    assert (report["machineName"], report["location"], report["purpose"]) == (
        "ICT-01",
        "Oslo",
        "Debug",
    )
    kept = fill_station(_uut(), Station("OTHER"))
    assert kept["machineName"] == "ST-1"
    missing = _uut(machineName=None)
    assert _problems(missing) == ["machineName: required"]
    assert _problems(missing, station_required=False) == []


def test_misc_info_sub_unit_and_binary_rules() -> None:
    report = _uut(
        miscInfos=[{"description": "d" * 101, "text": "t"}, {"description": "empty"}],
        subUnits=[{"pn": "P", "sn": "S", "partType": "p" * 51}],
        binaryData=[{"name": "a.bin", "data": "AAAA"}],
    )
    assert _problems(report) == [
        "miscInfos[0].description: longer than 100 characters (101)",
        "miscInfos[1]: needs 'text' or 'numeric'",
        "binaryData[0].contentType: required",
        "subUnits[0].partType: longer than 50 characters (51)",
    ]


def test_type_specific_parts_and_wildcard_warning() -> None:
    report = _uut(sn="SN*1")
    del report["root"]
    check = check_report_data(report, processes=PROCESSES, now=NOW)
    assert check.problems == ["root: required on a UUT report (type 'T')"]
    assert check.warnings == ["sn: 'SN*1' contains search wildcard characters"]


@pytest.mark.parametrize("bad_id", [None, "not-a-guid", 42])
def test_id_must_be_a_guid(bad_id: Any) -> None:
    assert _problems(_uut(id=bad_id)) == ["id: required, a GUID"]
