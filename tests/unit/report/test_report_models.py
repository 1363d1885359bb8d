"""WSJF models: round trip of real server exports, every documented key, tolerance, NaN."""

from __future__ import annotations

import copy
import json
import math
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from report_json_diff import json_diff
from report_samples import KITCHEN_SINK_UUR, KITCHEN_SINK_UUT

from fixture_paths import shared_fixture
from pywats.domains.report.models import (
    CompOp,
    ReportHeader,
    ReportResult,
    ReportType,
    Step,
    StepGroup,
    StepStatus,
    StepType,
    UURReport,
    UURSubUnit,
    UUTReport,
    parse_report,
)


def _load_export(name: str) -> dict[str, Any]:
    path = shared_fixture("wats-exports", name)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _strict_json(text: str) -> Any:
    """json.loads that rejects the non-standard NaN/Infinity literals."""

    def reject(constant: str) -> Any:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=reject)


def _extras(model: BaseModel, path: str = "$") -> list[str]:
    """Paths of every key that landed in ``model_extra`` anywhere in a model tree."""
    found = [f"{path}.{key}" for key in model.model_extra or {}]
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, BaseModel):
                found += _extras(item, f"{path}.{name}[{index}]")
    return found


@pytest.mark.parametrize(
    ("name", "kind"),
    [("uut-wsjf-export.json", UUTReport), ("uur-wsjf-export.json", UURReport)],
)
def test_real_export_round_trips_field_for_field(name: str, kind: type) -> None:
    raw = _load_export(name)
    report = parse_report(copy.deepcopy(raw))
    assert isinstance(report, kind)
    dumped = report.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert json_diff(raw, dumped) == []
    assert json_diff(raw, _strict_json(report.to_wsjf_json())) == []
    assert report.to_wsjf() == dumped


@pytest.mark.parametrize("name", ["uut-wsjf-export.json", "uur-wsjf-export.json"])
def test_real_export_keys_are_all_declared_fields(name: str) -> None:
    """Every key of the real exports maps to a typed field, none falls back to extras."""
    report = parse_report(_load_export(name))
    assert _extras(report) == []


def test_real_uut_export_loads_typed_values() -> None:
    report = parse_report(_load_export("uut-wsjf-export.json"))
    assert isinstance(report, UUTReport)
    assert report.type is ReportType.UUT
    assert report.result is ReportResult.FAILED
    assert report.start.microsecond == 470735  # 7 digits truncated to µs
    assert report.start.utcoffset() == timedelta(hours=1)
    assert report.uut is not None
    assert report.uut.step_id_caused_uut_failure == 5
    steps = list(report.iter_steps())
    assert len(steps) == 186
    assert [step.id for step in steps] == list(range(1, 187))
    assert steps[4].caused_uut_failure is True
    numeric = steps[2].numeric_meas
    assert numeric is not None
    assert numeric[0].comp_op is CompOp.LOG
    assert isinstance(numeric[0].value, float)
    assert report.misc_infos is not None
    assert report.misc_infos[0].numeric == 100
    assert isinstance(report.misc_infos[0].numeric, int)


def test_real_uur_export_loads_typed_values() -> None:
    report = parse_report(_load_export("uur-wsjf-export.json"))
    assert isinstance(report, UURReport)
    assert report.uur is not None
    assert report.uur.process_code == 90
    assert report.uur.ref_uut == UUID("873d67f8-7669-4f4b-a627-e598e444d323")
    assert report.sub_units is not None
    main = report.sub_units[0]
    assert isinstance(main, UURSubUnit)
    assert main.failures is not None
    assert main.failures[0].ref_step_name == "MainSequence Callback"


@pytest.mark.parametrize("sample", [KITCHEN_SINK_UUT, KITCHEN_SINK_UUR])
def test_every_documented_key_is_a_field_and_round_trips(sample: dict[str, Any]) -> None:
    report = parse_report(copy.deepcopy(sample))
    assert _extras(report) == []
    assert json_diff(sample, report.to_wsjf()) == []


def test_parse_report_accepts_text_and_bytes() -> None:
    text = json.dumps(KITCHEN_SINK_UUR)
    assert isinstance(parse_report(text), UURReport)
    assert isinstance(parse_report(text.encode()), UURReport)


def test_uur_is_chosen_by_uur_key_when_type_is_absent() -> None:
    data = copy.deepcopy(KITCHEN_SINK_UUR)
    del data["type"]
    report = parse_report(data)
    assert isinstance(report, UURReport)
    assert report.to_wsjf()["type"] == "R"


def test_parse_report_rejects_non_objects() -> None:
    with pytest.raises(TypeError, match="JSON object"):
        parse_report("[1, 2]")


def test_contradictory_type_and_uur_key_fail() -> None:
    data = copy.deepcopy(KITCHEN_SINK_UUR)
    data["type"] = "T"
    with pytest.raises(PydanticValidationError):
        parse_report(data)


def test_unknown_keys_are_kept_at_every_level() -> None:
    data = copy.deepcopy(KITCHEN_SINK_UUT)
    data["futureRootKey"] = {"nested": [1, 2.5, None]}
    data["uut"]["futureUutKey"] = "x"
    data["root"]["steps"][0]["futureStepKey"] = True
    data["root"]["steps"][0]["numericMeas"][0]["futureMeasKey"] = 7
    report = parse_report(copy.deepcopy(data))
    assert report.model_extra == {"futureRootKey": {"nested": [1, 2.5, None]}}
    assert json_diff(data, report.to_wsjf()) == []


def test_unknown_step_type_and_comp_op_load() -> None:
    data = copy.deepcopy(KITCHEN_SINK_UUT)
    step = data["root"]["steps"][0]
    step["stepType"] = "Vendor_SpecialStep"
    step["numericMeas"][0]["compOp"] = "WITHIN5PCT"
    report = parse_report(data)
    assert isinstance(report, UUTReport)
    assert report.root is not None
    assert report.root.steps is not None
    loaded = report.root.steps[0]
    assert loaded.step_type == "Vendor_SpecialStep"
    assert loaded.numeric_meas is not None
    assert loaded.numeric_meas[0].comp_op == "WITHIN5PCT"
    assert not isinstance(loaded.numeric_meas[0].comp_op, CompOp)
    assert report.to_wsjf()["root"]["steps"][0]["numericMeas"][0]["compOp"] == "WITHIN5PCT"


@pytest.mark.parametrize(
    ("where", "letter"),
    [("result", "X"), ("step", "Q"), ("measurement", "Z"), ("group", "X")],
)
def test_unknown_result_status_or_group_letter_fails(where: str, letter: str) -> None:
    data = copy.deepcopy(KITCHEN_SINK_UUT)
    step = data["root"]["steps"][0]
    if where == "result":
        data["result"] = letter
    elif where == "step":
        step["status"] = letter
    elif where == "measurement":
        step["numericMeas"][0]["status"] = letter
    else:
        step["group"] = letter
    with pytest.raises(PydanticValidationError):
        parse_report(data)


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("-Infinity", "-Infinity"),
        (math.nan, "NaN"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (1.5, 1.5),
        (10.0, 10.0),
        (10, 10),
    ],
)
def test_non_finite_numbers_load_and_write_as_strings(given: Any, written: Any) -> None:
    data = copy.deepcopy(KITCHEN_SINK_UUT)
    meas = data["root"]["steps"][0]["numericMeas"][0]
    meas["value"] = given
    meas["lowLimit"] = given
    report = parse_report(data)
    assert isinstance(report, UUTReport)
    assert report.root is not None
    assert report.root.steps is not None
    numeric = report.root.steps[0].numeric_meas
    assert numeric is not None
    value = numeric[0].value
    assert isinstance(value, (int, float))
    if isinstance(written, str):
        assert isinstance(value, float)
        assert not math.isfinite(value)
    out = _strict_json(report.to_wsjf_json())["root"]["steps"][0]["numericMeas"][0]
    assert out["value"] == written
    assert type(out["value"]) is type(written)
    assert out["lowLimit"] == written
    python_dump = report.model_dump()["root"]["steps"][0]["numeric_meas"][0]["value"]
    assert isinstance(python_dump, (int, float))  # python mode keeps real numbers


def test_fresh_models_always_write_id_and_type() -> None:
    report = UUTReport(
        part_number="PN-1",
        serial_number="SN-1",
        revision="A",
        process_code=10,
        result=ReportResult.PASSED,
        start="2026-01-01T10:00:00+01:00",  # type: ignore[arg-type]
        root=Step(step_type=StepType.SEQUENCE_CALL, name="MainSequence Callback", status="P"),  # type: ignore[arg-type]
    )
    data = report.to_wsjf()
    assert data["type"] == "T"
    assert UUID(data["id"]) == report.id
    assert data["root"] == {
        "stepType": "SequenceCall",
        "name": "MainSequence Callback",
        "status": "P",
    }
    assert "machineName" not in data  # optional, left for the station service
    assert report.machine_name is None


def test_python_names_and_aliases_both_populate() -> None:
    by_alias = Step.model_validate({"stepType": "ET_A", "name": "a", "status": "P", "totTime": 1})
    by_name = Step(step_type="ET_A", name="a", status=StepStatus.PASSED, tot_time_s=1)
    assert by_alias.tot_time_s == by_name.tot_time_s == 1
    assert by_name.group is StepGroup.MAIN


def test_renumber_steps_is_depth_first_pre_order() -> None:
    report = parse_report(copy.deepcopy(KITCHEN_SINK_UUT))
    assert isinstance(report, UUTReport)
    for step in report.iter_steps():
        step.id = 99
    count = report.renumber_steps()
    names = [(step.id, step.name) for step in report.iter_steps()]
    assert count == len(names)
    assert names[:3] == [(1, "MainSequence Callback"), (2, "VCC"), (3, "Sub")]
    assert names[3][0] == 4
    assert names[3][1] == "Inner"


def test_report_header_with_expansions() -> None:
    row = {
        "uuid": "5f0c2a8e-3b1d-4c7e-9a55-0d2b6c9e1f01",
        "serialNumber": "SN-1",
        "partNumber": "PN-1",
        "revision": "A",
        "reportType": "T",
        "processCode": 50,
        "result": "Passed",
        "startUtc": "2026-01-30T21:01:41.4707353Z",
        "executionTime": 12.5,
        "reportSize": 3,
        "causedUutFailure": None,
        "referencedUut": None,
        "subUnits": [{"serialNumber": "S", "partNumber": "P", "revision": "A", "partType": "PCBA"}],
        "uurSubUnits": [],
        "miscInfo": [{"description": "Firmware", "value": "1.4.2"}],
        "assets": [{"serialNumber": "A1", "runningCount": 5, "totalCount": 50}],
        "somethingNew": 1,
    }
    header = ReportHeader.model_validate(row)
    assert header.uuid == UUID(row["uuid"])  # type: ignore[arg-type]
    assert header.sub_units is not None
    assert header.sub_units[0].part_type == "PCBA"
    assert header.misc_info is not None
    assert header.misc_info[0].value == "1.4.2"
    assert header.assets is not None
    assert header.assets[0].running_count == 5
    assert header.execution_time_s == 12.5
    assert header.model_extra == {"somethingNew": 1}
    out = header.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert json_diff(row, out) == []


def test_absent_group_is_not_added_on_write() -> None:
    data = copy.deepcopy(KITCHEN_SINK_UUT)
    del data["root"]["steps"][0]["group"]
    report = parse_report(copy.deepcopy(data))
    assert isinstance(report, UUTReport)
    assert report.root is not None
    assert report.root.steps is not None
    assert report.root.steps[0].group is StepGroup.MAIN
    assert json_diff(data, report.to_wsjf()) == []


def test_non_finite_numbers_in_unknown_keys_are_written_as_strings() -> None:
    data = copy.deepcopy(KITCHEN_SINK_UUT)
    data["vendorStats"] = {"drift": math.nan, "range": [math.inf, -math.inf]}
    report = parse_report(data)
    expected = {"drift": "NaN", "range": ["Infinity", "-Infinity"]}
    assert report.to_wsjf()["vendorStats"] == expected
    assert _strict_json(report.to_wsjf_json())["vendorStats"] == expected
