"""Report validation (§3.1, §8.3): 400 with a readable message naming the field path."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from emulator_support import make_uur, make_uut


def _rejected(client: httpx.Client, report: Any) -> str:
    response = client.post("/api/Report/WSJF", json=report)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    message: str = response.json()["message"]
    return message


def _without(report: dict[str, Any], key: str) -> dict[str, Any]:
    del report[key]
    return report


def test_missing_required_field_is_named(client: httpx.Client) -> None:
    message = _rejected(client, _without(make_uut(), "sn"))

    assert "sn: required" in message


def test_serial_of_101_characters_is_too_long(client: httpx.Client) -> None:
    message = _rejected(client, make_uut(sn="S" * 101))

    assert "sn: longer than 100 characters (101)" in message


def test_serial_of_100_characters_is_accepted(client: httpx.Client) -> None:
    assert client.post("/api/Report/WSJF", json=make_uut(sn="S" * 100)).status_code == 200


def test_unknown_process_code(client: httpx.Client) -> None:
    message = _rejected(client, make_uut(process_code=999))

    assert "processCode: unknown process code 999" in message


def test_uut_with_a_repair_process_code(client: httpx.Client) -> None:
    message = _rejected(client, make_uut(process_code=500))

    assert "processCode: 500 (Repair) is not a test operation" in message


def test_uur_with_a_test_process_code(client: httpx.Client) -> None:
    message = _rejected(client, make_uur(process_code=50))

    assert "processCode: 50 (PCBA test) is not a repair operation" in message


def test_process_name_must_match_case_sensitively(client: httpx.Client) -> None:
    message = _rejected(client, make_uut(process_code=50, processName="pcba test"))

    assert "processName: 'pcba test' does not match process 50" in message


def test_matching_process_name_is_accepted(client: httpx.Client) -> None:
    report = make_uut(process_code=50, processName="PCBA test")

    assert client.post("/api/Report/WSJF", json=report).status_code == 200


def test_bad_result_letter(client: httpx.Client) -> None:
    message = _rejected(client, make_uut(result="X"))

    assert "result: 'X' is not one of P, F, E, T, D" in message


def test_bad_step_status_names_the_step_path(client: httpx.Client) -> None:
    report = make_uut()
    report["root"]["steps"][0]["status"] = "Passed"

    message = _rejected(client, report)

    assert "root.steps[0].status: 'Passed' is not one of P, F, S, D, E, T" in message


def test_over_long_nested_step_name_reports_path_and_length(client: httpx.Client) -> None:
    inner = {"id": 3, "group": "M", "stepType": "Action", "name": "n" * 123, "status": "P"}
    report = make_uut()
    report["root"]["steps"].append(
        {"id": 2, "group": "M", "stepType": "SequenceCall", "name": "Sub", "status": "P",
         "steps": [inner]}
    )  # fmt: skip

    message = _rejected(client, report)

    assert "root.steps[1].steps[0].name: longer than 100 characters (123)" in message


def test_every_problem_is_listed_at_once(client: httpx.Client) -> None:
    report = make_uut(sn="S" * 101, result="Q", process_code=999)
    report["root"]["status"] = "F"
    del report["machineName"]

    response = client.post("/api/Report/WSJF", json=report)

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == [
        "machineName: required",
        "processCode: unknown process code 999",
        "result: 'Q' is not one of P, F, E, T, D",
        "sn: longer than 100 characters (101)",
    ]
    assert "4 problems" in response.json()["message"]


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"type": "T",', b"", b'{"value": NaN}', '{"sn": "\xff"}'.encode("latin-1")],
    ids=["garbage", "truncated", "empty", "nan-literal", "not-utf8"],
)
def test_malformed_json_is_400(client: httpx.Client, body: bytes) -> None:
    response = client.post(
        "/api/Report/WSJF", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    message = response.json()["message"]
    assert "JSON" in message or "UTF-8" in message


def test_json_that_is_not_an_object(client: httpx.Client) -> None:
    assert "a report must be a JSON object" in _rejected(client, [make_uut()])


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id": "not-a-guid"}, "id: not a GUID"),
        ({"type": "X"}, "type: 'X' is not one of T, R"),
        ({"start": "2026-02-10T09:15:00"}, "start: missing UTC offset"),
        ({"start": "yesterday"}, "start: not an ISO-8601 datetime"),
        ({"processCode": "50"}, "processCode: expected an integer, got a string"),
        ({"uut": None}, "uut: required"),
        ({"root": None}, "root: required"),
        ({"miscInfos": [{"description": "x"}]}, "miscInfos[0]: needs 'text' or 'numeric'"),
        ({"subUnits": [{"sn": "1", "pn": "2", "partType": "P" * 51}]},
         "subUnits[0].partType: longer than 50 characters (51)"),
    ],
    ids=lambda value: str(value)[:30],
)  # fmt: skip
def test_uut_field_checks(client: httpx.Client, change: dict[str, Any], expected: str) -> None:
    report = make_uut()
    report.update(change)

    assert expected in _rejected(client, report)


def test_uur_needs_uur_and_sub_units(client: httpx.Client) -> None:
    report = make_uur()
    del report["uur"], report["subUnits"]

    message = _rejected(client, report)

    assert "uur: required" in message
    assert "subUnits: required" in message


def test_multi_measurement_steps_need_unique_names(client: httpx.Client) -> None:
    report = make_uut()
    meas = {"compOp": "LOG", "status": "P", "value": 1.0, "name": "a"}
    report["root"]["steps"][0]["numericMeas"] = [meas, dict(meas)]

    message = _rejected(client, report)

    assert "root.steps[0].numericMeas[1].name: duplicate measurement name 'a'" in message


def test_nan_as_a_string_is_an_accepted_measurement_value(client: httpx.Client) -> None:
    report = make_uut()
    report["root"]["steps"][0]["numericMeas"][0].update(value="NaN", compOp="LOG")

    assert client.post("/api/Report/WSJF", json=report).status_code == 200
