"""TestStand XML converter: both real report flavours, our samples (golden, emulator), step
mapping, arguments and bad input."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixture_paths import shared_fixture
from pywats.domains.report.models import CompOp, ReportResult, Step, StepGroup, UUTReport
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterSource,
    ConverterStatus,
)
from pywats_client.converters.builtin.teststand import TestStandXmlConverter
from pywats_client.converters.testing import assert_matches_golden, convert_file
from pywats_emulator.testing import EmulatorServer

REPO = Path(__file__).resolve().parents[4]
SAMPLES = REPO / "examples" / "converters" / "teststand"
WATS_SAMPLE = SAMPLES / "CTL-2203-0098_wats_addon.xml"
PLAIN_SAMPLE = SAMPLES / "LDO_sorter_batch_2026-03-11.xml"
GOLDEN = REPO / "tests" / "golden" / "converters" / "teststand"
STATION = {"machineName": "STATION-07", "location": "Line 2", "purpose": "Production"}
CET = timezone(timedelta(hours=1))


def _reports(path: Path, **arguments: Any) -> list[UUTReport]:
    reports = list(convert_file(TestStandXmlConverter(**arguments), path).reports)
    assert all(isinstance(report, UUTReport) for report in reports)
    return reports  # type: ignore[return-value]


def _steps(report: UUTReport) -> list[Step]:
    return list(report.iter_steps())[1:]


def _by_name(report: UUTReport) -> dict[str, Step]:
    return {step.name: step for step in report.iter_steps()}


def _write(tmp_path: Path, content: str | bytes, name: str = "report.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _error(tmp_path: Path, content: str | bytes, **arguments: Any) -> str:
    with pytest.raises(ConverterError) as info:
        convert_file(TestStandXmlConverter(**arguments), _write(tmp_path, content))
    return str(info.value)


def test_real_wats_addon_report() -> None:
    path = shared_fixture("tester-files", "teststand-xml", "TSWithWats.xml")

    (report,) = _reports(path)

    assert (report.serial_number, report.part_number, report.revision) == ("12345", "PN1", "1.0")
    assert (report.process_code, report.result) == (60, ReportResult.PASSED)
    assert report.start == datetime(
        2022, 6, 23, 10, 55, 4, 370000, tzinfo=timezone(timedelta(hours=2))
    )
    assert (report.machine_name, report.location, report.purpose) == (
        "VIC-PCBA-003", "Norautron Horten", "PCBA Test",
    )  # fmt: skip
    assert report.uut is not None and report.uut.user == "administrator"
    assert report.root is not None and report.root.seq_call is not None
    assert report.root.seq_call.path == r"C:\Users\Vicotee\Desktop\Sequence File 1.seq"
    assert report.root.seq_call.name == "MainSequence"
    assert [(s.name, s.step_type, s.status.value) for s in _steps(report)] == [
        ("Pass/Fail Test", "ET_PFT", "P"),
    ]


def test_real_plain_report() -> None:
    path = shared_fixture("tester-files", "teststand-xml", "TsWithoutWats.xml")

    (report,) = _reports(path, part_number="MOBO-1", timezone="+02:00")

    assert (report.serial_number, report.part_number, report.revision) == ("2342343", "MOBO-1", "1")
    assert (report.process_code, report.result, report.machine_name) == (
        10, ReportResult.PASSED, "TS-2021-BETA",
    )  # fmt: skip
    assert report.start == datetime(
        2022, 7, 1, 15, 47, 48, 927000, tzinfo=timezone(timedelta(hours=2))
    )
    steps = _steps(report)
    assert len(steps) == 17  # the report's StepCount
    assert Counter(s.step_type for s in [report.root, *steps] if s is not None) >= Counter(
        {"SequenceCall": 2, "Action": 3, "NumericLimitTest": 2, "PassFailTest": 7}
    )
    named = _by_name(report)
    (video,) = named["Video Test"].numeric_meas or ()
    assert (video.value, video.comp_op, video.low_limit, video.high_limit, video.unit) == (
        5, CompOp.GTLT, 0, 10, "microseconds",
    )  # fmt: skip
    (keyboard,) = named["Keyboard Test"].numeric_meas or ()
    assert (keyboard.comp_op, keyboard.low_limit, keyboard.high_limit) == (CompOp.GT, 5, None)
    assert [s.name for s in named["CPU Test"].steps or ()] == [
        "Register Test", "Instruction Set Test", "Cache Test", "FPU Test",
    ]  # fmt: skip
    assert named["Simulation Dialog"].group is StepGroup.SETUP
    assert named["Turn Vacuum Table Off"].group is StepGroup.CLEANUP
    assert named["Simulation Dialog"].status.value == "D"


def test_plain_report_part_number_defaults_to_the_sequence_file() -> None:
    path = shared_fixture("tester-files", "teststand-xml", "TsWithoutWats.xml")

    (report,) = _reports(path)

    assert report.part_number == "Computer Motherboard Test Sequence"


def test_wats_sample_matches_golden() -> None:
    result = convert_file(TestStandXmlConverter(), WATS_SAMPLE)

    assert_matches_golden(result, GOLDEN / "CTL-2203-0098_wats_addon.json")


def test_plain_sample_matches_golden() -> None:
    result = convert_file(
        TestStandXmlConverter(part_number="LDO-3V3", timezone="+01:00"), PLAIN_SAMPLE
    )

    assert_matches_golden(result, GOLDEN / "LDO_sorter_batch_2026-03-11.json")


def test_wats_sample_header_and_steps() -> None:
    (report,) = _reports(WATS_SAMPLE)

    assert (report.part_number, report.revision, report.process_code) == ("CTL-2203", "B", 50)
    assert report.start == datetime(2026, 3, 16, 14, 2, 11, 523000, tzinfo=CET)
    assert report.result is ReportResult.ERROR
    assert report.uut is not None
    uut = report.uut
    assert (uut.batch_serial_number, uut.fixture_id, uut.test_socket_index) == (
        "LOT-7781",
        "FX-12",
        0,
    )
    assert (uut.comment, uut.exec_time_s) == ("Rework of U12 done before test", 7.4125)
    named = _by_name(report)
    (rail,) = named["1V8 rail"].numeric_meas or ()
    assert (rail.comp_op, rail.low_limit, rail.high_limit, rail.status.value) == (
        CompOp.LE, 1.9, None, "F",
    )  # fmt: skip
    ripple = named["Rail ripple"]
    assert [(m.name, m.comp_op, m.value, m.unit) for m in ripple.numeric_meas or ()] == [
        ("3V3 ripple", CompOp.GELT, 12.4, "mV"), ("1V8 ripple", CompOp.GELT, 8.9, "mV"),
    ]  # fmt: skip
    (firmware,) = named["Firmware version"].string_meas or ()
    assert (firmware.comp_op, firmware.limit) == (CompOp.IGNORECASE, "4.2.0")
    config = named["Write configuration"]
    assert (config.status.value, config.error_code, config.error_message) == (
        "E", -17502, "Flash programmer did not respond on COM4",
    )  # fmt: skip
    assert named["Supply current"].ts_guid == "ID#:S0cTlq0x9Eq3vQwM2kPz1A"
    assert named["Rail checks"].status.value == "F"
    assert named["1V8 rail"].caused_uut_failure is True


def test_plain_batch_sample_gives_one_report_per_uut() -> None:
    first, second = _reports(PLAIN_SAMPLE, part_number="LDO-3V3", timezone="+01:00")

    assert [r.serial_number for r in (first, second)] == ["LDO-55120", "LDO-55121"]
    assert [r.result.value for r in (first, second)] == ["P", "F"]
    assert second.start == datetime(2026, 3, 11, 8, 41, 17, 251000, tzinfo=CET)
    assert second.uut is not None and second.uut.test_socket_index == 1
    (current,) = _by_name(second)["Quiescent current"].numeric_meas or ()
    assert (current.unit, current.comp_op, current.low_limit) == ("µA", CompOp.LT, 60)


def test_samples_are_accepted_by_the_emulator(wats_emulator: EmulatorServer) -> None:
    reports = _reports(WATS_SAMPLE) + _reports(PLAIN_SAMPLE, part_number="LDO-3V3")

    for report in reports:
        response = httpx.post(
            f"{wats_emulator.url}/api/Report/WSJF",
            json={**STATION, **report.to_wsjf()},
            headers=wats_emulator.auth_headers,
            timeout=10.0,
        )
        assert response.status_code == 200, response.text


def test_process_codes_map_the_files_code(tmp_path: Path) -> None:
    (report,) = _reports(WATS_SAMPLE, process_codes={"50": 100})

    assert report.process_code == 100


def test_batch_only_file_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "<Reports><Report Type='Batch' Title='b'/></Reports>")

    result = convert_file(TestStandXmlConverter(), path)

    assert result.status is ConverterStatus.SKIPPED
    assert "no UUT report (report types: Batch)" in (result.reason or "")


def test_validate_sniffs_both_flavours(tmp_path: Path) -> None:
    converter, context = TestStandXmlConverter(), ConverterContext("ts")

    assert converter.validate(ConverterSource(WATS_SAMPLE), context) == 0.95
    assert converter.validate(ConverterSource(PLAIN_SAMPLE), context) == 0.95
    junit = _write(tmp_path, "<testsuites><testsuite name='a'/></testsuites>", "junit.xml")
    assert converter.validate(ConverterSource(junit), context) == 0.0


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="converter 'teststand-xml': unknown argument"):
        TestStandXmlConverter(station="x")
    with pytest.raises(ValueError, match="part_number must be a non-empty string"):
        TestStandXmlConverter(part_number=" ")


STEP = (
    "<Prop Type='TEResult'><Prop Name='Status' Type='String'><Value>{status}</Value></Prop>"
    "<Prop Name='Numeric' Type='Number'><Value>1</Value></Prop>"
    "<Prop Name='Comp' Type='String'><Value>{comp}</Value></Prop>"
    "<Prop Name='TS' Type='Obj'><Prop Name='StepName' Type='String'><Value>s</Value></Prop></Prop>"
    "</Prop>"
)


def _report_with(step: str, result: str = "Passed") -> str:
    return (
        "<?xml version='1.0' encoding='utf-8'?><TSReport>"
        "<ReportInfo key='Start' value='2026-01-02T03:04:05.1234567Z'/>"
        "<ReportInfo key='SN' value='S1'/><ReportInfo key='PN' value='P1'/>"
        "<Prop Name='MainSequenceResults' Type='TEResult'>"
        f"<Prop Name='Status' Type='String'><Value>{result}</Value></Prop>"
        "<Prop Name='TS' Type='Obj'><Prop Name='SequenceCall' Type='Obj'>"
        f"<Prop Name='ResultList' Type='Array'><Value ID='[0]'>{step}</Value></Prop>"
        "</Prop></Prop></Prop></TSReport>"
    )


def test_minimal_wats_report_times_with_seven_digits_and_z(tmp_path: Path) -> None:
    (report,) = _reports(_write(tmp_path, _report_with(STEP.format(status="Passed", comp="GE"))))

    assert report.start == datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc)
    (meas,) = _steps(report)[0].numeric_meas or ()
    assert (meas.comp_op, meas.low_limit) == (CompOp.GE, None)


LATIN1_IN_UTF8 = (
    "<?xml version='1.0' encoding='utf-8'?><TSReport><ReportInfo key='SN' value='caf\xe9'/>"
    "</TSReport>"
).encode("latin-1")
PASSING = STEP.format(status="Passed", comp="GE")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<TSReport><ReportInfo key='SN' value='1'/>",
         "malformed XML at line 1, column 43: no element found"),
        ("<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaa'>]><Reports/>",
         "DOCTYPE and entity declarations are not allowed"),
        (b"\x00\x01\x02\x03binary", "malformed XML at line 1, column 1: not well-formed"),
        (LATIN1_IN_UTF8, "malformed XML at line 1, column 80: not well-formed (invalid token)"),
        ("<html><body/></html>", "root element is <html>, expected <TSReport>"),
        ("", "file is empty"),
        (_report_with(STEP.format(status="Passed", comp="ABOUT")),
         "unknown numeric comparison 'ABOUT'"),
        (_report_with(PASSING, result="Meh"), "unknown UUT result 'Meh'"),
        (_report_with(PASSING).replace("2026-01-02T", "yesterday "),
         "ReportInfo Start 'yesterday 03:04:05.1234567Z' is not an ISO 8601 time"),
        ("<TSReport><ReportInfo key='SN' value='1'/></TSReport>", "no step results"),
    ],
)  # fmt: skip
def test_bad_input_is_a_converter_error(tmp_path: Path, content: str | bytes, message: str) -> None:
    assert message in _error(tmp_path, content)


def test_truncated_report_is_a_converter_error(tmp_path: Path) -> None:
    data = WATS_SAMPLE.read_bytes()

    message = _error(tmp_path, data[: len(data) // 3])

    assert "report.xml: malformed XML at line" in message


def test_unknown_step_status_is_kept_as_done_with_a_note(tmp_path: Path) -> None:
    (report,) = _reports(_write(tmp_path, _report_with(STEP.format(status="Waived", comp="LOG"))))

    step = _steps(report)[0]
    assert (step.status.value, step.report_text) == ("D", "TestStand status: Waived")
