"""ReportBuilder: report structure, every step kind, loops, UUR, validation and round trip."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone
from uuid import UUID

import pytest
from report_built_samples import CET, build_full_uut, new_uut
from report_json_diff import json_diff

from pywats.domains.report.models import (
    ReportResult,
    StepStatus,
    StepType,
    UURReport,
    UUTReport,
    parse_report,
)
from pywats.tools import ReportBuilder, ReportBuildError


def test_built_report_reloads_identically() -> None:
    report = build_full_uut()
    data = report.to_wsjf()
    reloaded = parse_report(report.to_wsjf_json())
    assert isinstance(reloaded, UUTReport)
    assert json_diff(data, reloaded.to_wsjf()) == []
    assert reloaded == report


def test_header_fields_and_lists() -> None:
    data = build_full_uut().to_wsjf()
    assert data["type"] == "T"
    UUID(data["id"])
    assert (data["pn"], data["sn"], data["rev"], data["processCode"]) == (
        "PCB-100",
        "SN-000123",
        "B",
        50,
    )
    assert data["processName"] == "PCBA test"
    assert (data["machineName"], data["location"], data["purpose"]) == (
        "STATION-07",
        "Line 2",
        "Production",
    )
    assert data["start"] == "2026-02-10T09:15:00+01:00"
    assert "startUTC" not in data
    assert data["uut"]["user"] == "operator1"
    assert data["uut"]["batchSN"] == "LOT-42"
    assert data["miscInfos"] == [
        {"description": "Firmware", "text": "1.4.2"},
        {"description": "Temperature", "text": "21.5", "numeric": 21.5},
    ]
    assert data["subUnits"] == [{"partType": "PCBA", "pn": "SUB-9", "rev": "A", "sn": "SUB-SN-77"}]
    assert data["assets"] == [{"assetSN": "DMM-1", "usageCount": 3}]


def test_station_fields_are_left_out_when_not_given() -> None:
    data = new_uut().build().to_wsjf()
    for key in ("machineName", "location", "purpose", "processName"):
        assert key not in data


def test_step_ids_are_depth_first_from_one() -> None:
    report = build_full_uut()
    ids = [step.id for step in report.iter_steps()]
    assert ids == list(range(1, len(ids) + 1))
    names = [step.name for step in report.iter_steps()]
    assert names[:6] == [
        "MainSequence Callback",
        "Power on",
        "VCC",
        "Rails",
        "Functional",
        "LED check",
    ]


def test_root_step_and_sequence_calls() -> None:
    report = build_full_uut()
    assert report.root is not None
    root = report.to_wsjf()["root"]
    assert root["stepType"] == "SequenceCall"
    assert root["seqCall"] == {
        "path": "C:/seq/pcb100.seq",
        "name": "MainSequence Callback",
        "version": "2.0.0",
    }
    func = next(s for s in root["steps"] if s["name"] == "Functional")
    assert func["seqCall"] == {"path": "C:/seq/func.seq", "name": "Functional", "version": "1.0.0"}
    assert func["status"] == "P"


def test_step_payloads() -> None:
    steps = {step["name"]: step for step in _walk(build_full_uut().to_wsjf()["root"])}
    assert steps["Power on"]["group"] == "S"
    assert steps["VCC"]["numericMeas"] == [
        {
            "compOp": "GELE",
            "status": "P",
            "unit": "V",
            "value": 3.31,
            "lowLimit": 3.2,
            "highLimit": 3.4,
        }
    ]
    assert [m["name"] for m in steps["Rails"]["numericMeas"]] == ["5V", "12V"]
    assert steps["LED check"]["booleanMeas"] == [{"status": "P"}]
    assert steps["LEDs"]["booleanMeas"] == [
        {"name": "red", "status": "P"},
        {"name": "green", "status": "P"},
    ]
    assert steps["FW version"]["stringMeas"] == [
        {"compOp": "CASESENSIT", "status": "P", "value": "1.4.2", "limit": "1.4.2"}
    ]
    assert steps["Labels"]["stringMeas"][1] == {
        "compOp": "LOG",
        "name": "free",
        "status": "P",
        "value": "text",
    }
    ripple = steps["Ripple"]
    assert ripple["stepType"] == "WATS_XYGMNLT"
    assert ripple["chart"]["series"] == [
        {"dataType": "XYG", "name": "ch1", "xdata": "0;1;2", "ydata": "11;12.5;13"}
    ]
    assert ripple["numericMeas"] == [{"compOp": "LOG", "status": "P", "unit": "mV", "value": 12.0}]
    assert steps["Curve"]["stepType"] == "Chart"
    assert steps["Curve"]["chart"]["series"][0]["ydata"] == "NaN;2.25"
    assert steps["Ask operator"]["messagePopup"] == {"response": "Looks fine", "button": 1}
    assert steps["Flash"]["callExe"] == {"exitCode": 0}
    assert steps["If"]["stepType"] == "NI_Flow_If"
    assert steps["Vendor"]["stepType"] == "Vendor_Custom"
    off = steps["Power off"]
    assert off["group"] == "C"
    assert off["attachment"] == {"name": "log.txt", "contentType": "text/plain", "data": "b2sK"}
    assert base64.b64decode(off["attachment"]["data"]) == b"ok\n"
    assert (off["errorCode"], off["errorMessage"], off["reportText"]) == (0, "no error", "done")


def _walk(step: dict[str, object]) -> list[dict[str, object]]:
    found = [step]
    for child in step.get("steps") or []:  # type: ignore[attr-defined]
        found += _walk(child)
    return found


def test_loop_header_and_iterations_are_siblings() -> None:
    root = build_full_uut().to_wsjf()["root"]
    retry = [s for s in root["steps"] if s["name"] == "Retry"]
    assert [s["loop"] for s in retry] == [
        {"idx": None, "num": 2, "endingIndex": 2, "passed": 1, "failed": 1},
        {"idx": 0},
        {"idx": 1},
    ]
    header, first, second = retry
    assert header["stepType"] == "ET_NLT"
    assert "numericMeas" not in header
    assert (header["status"], first["status"], second["status"]) == ("F", "F", "P")
    assert header["totTime"] == 3.0
    assert [s["id"] for s in retry] == [header["id"], header["id"] + 1, header["id"] + 2]
    seq_loop = [s for s in root["steps"] if s["name"] == "SeqLoop"]
    assert seq_loop[0]["stepType"] == "SequenceCall"
    assert seq_loop[0]["seqCall"] == {"path": "loop.seq", "name": "SeqLoop"}
    assert "steps" not in seq_loop[0]
    assert [len(s["steps"]) for s in seq_loop[1:]] == [1, 1]


def test_loop_rules() -> None:
    uut = new_uut()
    empty = uut.root.loop("Never", step_type=StepType.DO_WHILE)
    assert empty.iteration_count == 0
    with pytest.raises(ReportBuildError, match="nested loop"):
        uut.root.loop("Outer").loop("Inner")
    steps = {s.name: s for s in uut.build().iter_steps()}
    assert steps["Never"].loop is not None
    assert steps["Never"].loop.num == 0
    assert steps["Never"].step_type == "DoWhile"
    assert steps["Never"].status is StepStatus.PASSED


def test_execution_times() -> None:
    uut = new_uut()
    with uut.root.sequence("Timed") as seq:
        seq.action("a", tot_time_s=1.5)
        seq.action("b", tot_time_s=2)
        seq.action("untimed")
    uut.root.action("c", tot_time_s=0.5)
    report = uut.build()
    steps = {s.name: s for s in report.iter_steps()}
    assert steps["Timed"].tot_time_s == 3.5
    assert report.root is not None
    assert report.root.tot_time_s == 4.0
    assert report.uut is not None
    assert report.uut.exec_time_s == 4.0
    explicit = new_uut(exec_time_s=12.5)
    explicit.root.action("a", tot_time_s=1)
    built = explicit.build()
    assert built.uut is not None
    assert built.uut.exec_time_s == 12.5


def test_multi_measurement_names_are_required_and_unique() -> None:
    rails = new_uut().root.multi_numeric("Rails")
    rails.add("5V", 5.0)
    with pytest.raises(ReportBuildError, match="duplicate name '5V'"):
        rails.add("5V", 5.0)
    with pytest.raises(ReportBuildError, match="needs a name"):
        rails.add("", 5.0)


def test_chart_rules() -> None:
    graph = new_uut().root.xy_graph("G")
    with pytest.raises(ReportBuildError, match="2 x values but 1 y values"):
        graph.add_series("s", [1, 2], [1])
    with pytest.raises(ReportBuildError, match="chart"):
        graph.attach(b"x", name="x.bin")
    graph.add_numeric(1.0)
    with pytest.raises(ReportBuildError, match="already has measurements"):
        graph.add_numeric(2.0)


def test_build_twice_gives_independent_reports() -> None:
    uut = new_uut()
    uut.root.numeric("a", 1.0, low=0.0)
    first = uut.build()
    uut.root.numeric("b", -1.0, low=0.0)
    second = uut.build()
    assert first.result is ReportResult.PASSED
    assert second.result is ReportResult.FAILED
    assert [s.name for s in first.iter_steps()] == ["MainSequence Callback", "a"]
    assert first.id == second.id  # same builder, same report id (a resubmit overwrites)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"part_number": "P" * 101}, "pn is 101 characters long"),
        ({"serial_number": " "}, "sn is required"),
        ({"station_name": "S" * 101}, "machineName"),
        ({"operator": "O" * 101}, "uut.user"),
    ],
)
def test_length_and_required_rules(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ReportBuildError, match=message):
        new_uut(**overrides).build()


def test_long_step_name_is_rejected_with_its_path() -> None:
    uut = new_uut()
    uut.root.action("x" * 101)
    with pytest.raises(ReportBuildError, match=r"step 2 .*name is 101 characters long"):
        uut.build()


def test_start_defaults_to_now_with_local_offset() -> None:
    before = datetime.now(timezone.utc)
    report = ReportBuilder.uut(
        part_number="P", serial_number="S", revision="A", process_code=10
    ).build()
    assert report.start.tzinfo is not None
    assert before - timedelta(seconds=5) <= report.start <= datetime.now(timezone.utc)
    assert report.start.utcoffset() == datetime.now().astimezone().utcoffset()


def test_naive_start_is_local_time() -> None:
    naive = datetime(2026, 1, 1, 12, 0)
    report = new_uut(start=naive).build()
    assert report.start.tzinfo is not None
    assert report.start.replace(tzinfo=None) == naive


# -- UUR ------------------------------------------------------------------------------------


def test_uur_builder() -> None:
    uur = ReportBuilder.uur(
        part_number="PCB-100",
        serial_number="SN-000123",
        revision="B",
        process_code=500,
        process_name="Repair",
        test_process_code=50,
        test_process_name="PCBA test",
        ref_uut="5f0c2a8e-3b1d-4c7e-9a55-0d2b6c9e1f01",
        operator="tech2",
        comment="Replaced 12V regulator",
        exec_time_s=900.0,
        start=datetime(2026, 2, 10, 13, 0, tzinfo=CET),
    )
    sub = uur.sub_unit("PCBA", "SUB-9", "SUB-SN-77", "A")
    part = uur.sub_unit("Component", "REG-12", "R-1", parent_idx=sub, replaced_idx=None)
    uur.failure("Component", "Defective", com_ref="U7", comment="Output high", ref_step=4)
    uur.failure("Component", "Cracked", unit_idx=part)
    uur.misc_info("Repair station", "Bench 3")
    uur.attach(b"\x89PNG", name="photo.png", content_type="image/png", fail_idx=0)
    with pytest.raises(ReportBuildError, match="no unit with idx 9"):
        uur.failure("Component", "Defective", unit_idx=9)
    with pytest.raises(ReportBuildError, match="no unit with idx 7"):
        uur.sub_unit("PCBA", "X", "Y", parent_idx=7)
    report = uur.build()
    data = report.to_wsjf()
    assert (data["type"], data["processCode"], data["result"]) == ("R", 500, "P")
    assert data["uur"] == {
        "user": "tech2",
        "comment": "Replaced 12V regulator",
        "execTime": 900.0,
        "processCode": 50,
        "processName": "PCBA test",
        "refUUT": "5f0c2a8e-3b1d-4c7e-9a55-0d2b6c9e1f01",
        "confirmDate": "2026-02-10T12:00:00Z",
        "finalizeDate": "2026-02-10T12:00:00Z",
        "active": True,
    }
    units = data["subUnits"]
    assert [(u["idx"], u.get("parentIdx")) for u in units] == [(0, None), (1, 0), (2, 1)]
    assert units[0]["partType"] == "Main"
    assert units[0]["failures"] == [
        {
            "category": "Component",
            "code": "Defective",
            "comment": "Output high",
            "comRef": "U7",
            "refStepId": 4,
        }
    ]
    assert units[2]["failures"][0]["code"] == "Cracked"
    assert data["binaryData"] == [
        {"contentType": "image/png", "data": "iVBORw==", "name": "photo.png", "failIdx": 0}
    ]
    reloaded = parse_report(report.to_wsjf_json())
    assert isinstance(reloaded, UURReport)
    assert reloaded == report


def test_uur_for_failed_uut() -> None:
    uut = build_full_uut()
    assert uut.result is ReportResult.FAILED
    cause = next(step for step in uut.iter_steps() if step.caused_uut_failure)
    uur = ReportBuilder.uur_for(uut, operator="tech")
    uur.failure("Component", "Defective", ref_step=cause)
    report = uur.build()
    assert report.part_number == uut.part_number
    assert report.serial_number == uut.serial_number
    assert report.process_code == 500
    assert report.uur is not None
    assert report.uur.ref_uut == uut.id
    assert report.uur.process_code == 50
    assert report.uur.process_name == "PCBA test"
    assert report.sub_units is not None
    assert [(u.idx, u.parent_idx, u.serial_number) for u in report.sub_units] == [
        (0, None, "SN-000123"),
        (1, 0, "SUB-SN-77"),
    ]
    assert report.sub_units[0].failures is not None
    assert report.sub_units[0].failures[0].ref_step_id == cause.id
