"""OpenHTF JSON converter: every real record of the shared set, our sample (golden, emulator),
validator parsing, arguments and bad input."""

from __future__ import annotations

import base64
import doctest
import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixture_paths import shared_fixture
from pywats.domains.report.models import CompOp, ReportResult, Step, UUTReport
from pywats_client.converters.base import ConverterContext, ConverterError, ConverterSource
from pywats_client.converters.builtin import _openhtf_validators
from pywats_client.converters.builtin._openhtf_validators import (
    Limits,
    StringLimit,
    parse_string_validator,
    parse_validator,
)
from pywats_client.converters.builtin.openhtf import OpenHtfConverter
from pywats_client.converters.testing import assert_matches_golden, convert_file
from pywats_emulator.testing import EmulatorServer

REPO = Path(__file__).resolve().parents[4]
SAMPLE = REPO / "examples" / "converters" / "openhtf" / "psu24_fvt_PSU24-004711.json"
GOLDEN = REPO / "tests" / "golden" / "converters" / "openhtf"
STATION = {"location": "Line 2", "purpose": "Production"}

# (file, serial, part number, result, phases, measurement steps) from SOURCES.md
REAL_FILES = [
    ("tofupilot-examples_PCB01A69658.openhtf_test.2025-01-20_15-32-06-058.json",
     "PCB01A69658", "BAT1", "P", 11, 11),
    ("openhtf-docs_test_result2_fail.json", "DeviceUnderTest123", "openhtf_test", "F", 2, 2),
    ("openhtf-docs_output_files_test_results.json", "DeviceUnderTest456", "openhtf_test", "P",
     2, 1),
    ("jonasclaes_123.json", "123", "TS3Test", "P", 5, 6),
]  # fmt: skip


def _convert(path: Path, **arguments: Any) -> UUTReport:
    (report,) = convert_file(OpenHtfConverter(**arguments), path).reports
    assert isinstance(report, UUTReport)
    return report


def _phases(report: UUTReport) -> list[Step]:
    assert report.root is not None
    return list(report.root.steps or ())


def _measurements(report: UUTReport) -> list[Step]:
    return [s for p in _phases(report) for s in p.steps or () if s.attachment is None]


def _by_name(report: UUTReport) -> dict[str, Step]:
    return {step.name: step for step in report.iter_steps()}


def _write(tmp_path: Path, content: str | bytes, name: str = "record.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _error(tmp_path: Path, content: str | bytes, **arguments: Any) -> str:
    with pytest.raises(ConverterError) as info:
        convert_file(OpenHtfConverter(**arguments), _write(tmp_path, content))
    return str(info.value)


@pytest.mark.parametrize(("name", "serial", "part", "result", "phases", "steps"), REAL_FILES)
def test_real_records(
    name: str, serial: str, part: str, result: str, phases: int, steps: int
) -> None:
    path = shared_fixture("tester-files", "openhtf-json", name)

    report = _convert(path, timezone="UTC")

    assert (report.serial_number, report.part_number, report.result.value) == (
        serial, part, result,
    )  # fmt: skip
    assert len(_phases(report)) == phases
    assert len(_measurements(report)) == steps
    assert report.process_code == 10
    assert report.machine_name is not None


def test_real_failing_record_keeps_the_failed_validator() -> None:
    path = shared_fixture("tester-files", "openhtf-json", "openhtf-docs_test_result2_fail.json")

    report = _convert(path, timezone="UTC")

    steps = _by_name(report)
    (frequency,) = steps["frequency"].numeric_meas or ()
    assert (frequency.comp_op, frequency.low_limit, frequency.high_limit) == (CompOp.GELE, 0, 10)
    assert (frequency.value, frequency.unit, frequency.status.value) == (15, "Hz", "F")
    assert steps["frequency"].caused_uut_failure is True
    assert steps["status"].string_meas[0].value == "This one is unvalidated."  # type: ignore[index]
    assert report.start == datetime(2024, 9, 6, 8, 55, 23, 657000, tzinfo=timezone.utc)
    assert report.uut is not None and report.uut.exec_time_s == 2.043
    assert report.machine_name == "Felixs-Laptop.local"


def test_real_record_attachment_is_kept_byte_for_byte() -> None:
    path = shared_fixture(
        "tester-files", "openhtf-json", "openhtf-docs_output_files_test_results.json"
    )
    source = json.loads(path.read_text())["phases"][1]["attachments"]["temperature_curve_image"]

    report = _convert(path)

    (step,) = [s for s in report.iter_steps() if s.attachment is not None]
    assert step.attachment is not None
    assert step.attachment.content_type == "image/png"
    assert base64.b64decode(step.attachment.data or "") == base64.b64decode(source["data"])


def test_real_tofupilot_metadata_and_validators() -> None:
    path = shared_fixture("tester-files", "openhtf-json", REAL_FILES[0][0])

    report = _convert(path, process_codes={"FVT4": 50})

    assert (report.revision, report.process_code) == ("3.2", 50)
    assert report.uut is not None and report.uut.batch_serial_number == "11-24"
    steps = _by_name(report)
    (current,) = steps["current_protection_triggered"].numeric_meas or ()
    assert (current.comp_op, current.low_limit, current.high_limit) == (CompOp.LE, 1.5, None)
    (above,) = steps["numeric2"].numeric_meas or ()
    assert (above.comp_op, above.low_limit) == (CompOp.GE, 95)
    (firmware,) = steps["firmware_version"].string_meas or ()
    assert (firmware.comp_op, firmware.limit) == (CompOp.CASESENSIT, "1.4.3")
    assert steps["led_status"].step_type == "ET_PFT"
    assert Counter(s.step_type for s in _measurements(report)) == {
        "ET_NLT": 6, "ET_SVT": 3, "ET_PFT": 2,
    }  # fmt: skip


def test_sample_matches_golden() -> None:
    result = convert_file(OpenHtfConverter(timezone="+01:00", process_codes={"FVT": 50}), SAMPLE)

    assert_matches_golden(result, GOLDEN / "psu24_fvt_PSU24-004711.json")


def test_sample_header_statuses_and_notes() -> None:
    report = _convert(SAMPLE, timezone="+01:00", process_codes={"fvt": 50})

    assert (report.part_number, report.revision, report.process_code) == ("PSU24-B", "C", 50)
    assert report.start == datetime(
        2026, 3, 13, 10, 14, 5, 120000, tzinfo=timezone(timedelta(hours=1))
    )
    assert report.result is ReportResult.ERROR
    assert report.uut is not None
    assert report.uut.user == "mlarsen"
    assert report.uut.error_message == (
        "TimeoutError: thermal chamber did not reach 110 C in 180 s"
    )
    steps = _by_name(report)
    assert steps["thermal_shutdown"].error_message == (
        "TimeoutError: thermal chamber did not reach 110 C in 180 s"
    )
    assert steps["trip_temp_c"].status.value == "S"
    assert steps["vout_full_load"].report_text == "marginal"
    (full_load,) = steps["vout_full_load"].numeric_meas or ()
    assert (full_load.low_limit, full_load.high_limit) == (3.234, 3.366)
    (ripple,) = steps["ripple_mv"].numeric_meas or ()
    assert (ripple.comp_op, ripple.status.value) == (CompOp.GTLT, "F")
    assert [p.status.value for p in _phases(report)] == ["P", "P", "F", "P", "E"]
    assert [p.tot_time_s for p in _phases(report)][:2] == [0.003, 1.506]
    infos = {m.description: m.text for m in report.misc_infos or ()}
    assert infos["test_version"] == "2.4.1" and "config" not in infos


def test_sample_is_accepted_by_the_emulator(wats_emulator: EmulatorServer) -> None:
    report = _convert(SAMPLE, process_codes={"FVT": 50})

    response = httpx.post(
        f"{wats_emulator.url}/api/Report/WSJF",
        json={**report.to_wsjf(), **STATION},
        headers=wats_emulator.auth_headers,
        timeout=10.0,
    )

    assert response.status_code == 200, response.text


def test_validator_docstring_examples_run() -> None:
    outcome = doctest.testmod(_openhtf_validators)

    assert (outcome.attempted, outcome.failed) == (2, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0 <= x <= 10", Limits(CompOp.GELE, 0, 10)),
        ("0 < x < 10", Limits(CompOp.GTLT, 0, 10)),
        ("0 <= x < 10", Limits(CompOp.GELT, 0, 10)),
        ("x <= 5", Limits(CompOp.LE, 5)),
        ("x < 5", Limits(CompOp.LT, 5)),
        ("x >= 2.5", Limits(CompOp.GE, 2.5)),
        ("95 <= x", Limits(CompOp.GE, 95)),
        ("-1e-3 < x", Limits(CompOp.GT, -0.001)),
        ("x == 7", Limits(CompOp.EQ, 7)),
        ("x != 0", Limits(CompOp.NE, 0)),
        ("1 <= 2 <= x <= 8 <= 9", Limits(CompOp.GELE, 1, 9)),
        ("'x' is within 10% of 50", Limits(CompOp.GELE, 45, 55)),
        ("x == True", None),
        ("'x' matches /^on$/", None),
        ("custom check", None),
    ],
)
def test_numeric_validators(text: str, expected: Limits | None) -> None:
    assert parse_validator(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'x' matches /^1\\.4\\.3$/", StringLimit(CompOp.CASESENSIT, "1.4.3")),
        ("'x' matches /^v[0-9]+$/", StringLimit(CompOp.LOG, None)),
        ("'x' matches /1\\.4/", StringLimit(CompOp.LOG, None)),
        ("x == 'abc'", StringLimit(CompOp.CASESENSIT, "abc")),
        ("0 <= x <= 1", None),
    ],
)
def test_string_validators(text: str, expected: StringLimit | None) -> None:
    assert parse_string_validator(text) == expected


RECORD = {
    "dut_id": "D-1",
    "start_time_millis": 1767225600000,
    "end_time_millis": 1767225601500,
    "outcome": "PASS",
    "metadata": {"test_name": "bench"},
    "phases": [
        {
            "name": "p1",
            "outcome": "PASS",
            "start_time_millis": 1767225600000,
            "end_time_millis": 1767225601000,
            "measurements": {
                "curve": {"name": "curve", "outcome": "PASS",
                          "measured_value": [[0, 1.5], [1, 2.5]]},
                "blob": {"name": "blob", "outcome": "PASS", "measured_value": {"a": 1}},
                "odd": {"name": "odd", "outcome": "PASS", "validators": ["custom check"],
                        "measured_value": 4},
            },
            "attachments": {"note.txt": {"mimetype": "text/plain", "data": "not base64!"}},
        }
    ],
}  # fmt: skip


def test_dimensioned_values_unknown_validators_and_text_attachments(tmp_path: Path) -> None:
    report = _convert(_write(tmp_path, json.dumps(RECORD)), part_number="BENCH-1")

    steps = _by_name(report)
    assert report.part_number == "BENCH-1"
    chart = steps["curve"].chart
    assert chart is not None and chart.series is not None
    assert (chart.series[0].xdata, chart.series[0].ydata) == ("0;1", "1.5;2.5")
    assert steps["blob"].string_meas[0].value == '{"a": 1}'  # type: ignore[index]
    (odd,) = steps["odd"].numeric_meas or ()
    assert odd.comp_op is CompOp.LOG and steps["odd"].report_text == "custom check"
    attachment = steps["note.txt"].attachment
    assert attachment is not None and base64.b64decode(attachment.data or "") == b"not base64!"
    assert report.start == datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_part_number_falls_back_to_the_test_name(tmp_path: Path) -> None:
    report = _convert(_write(tmp_path, json.dumps(RECORD)), revision="7", process_code=90)

    assert (report.part_number, report.revision, report.process_code) == ("bench", "7", 90)
    assert report.machine_name is None and report.location is None and report.purpose is None


def test_validate_sniffs_openhtf_records(tmp_path: Path) -> None:
    converter, context = OpenHtfConverter(), ConverterContext("openhtf")

    assert converter.validate(ConverterSource(SAMPLE), context) == 0.95
    other = _write(tmp_path, '{"pn": "X", "sn": "1", "processCode": 10}', "wsjf.json")
    assert converter.validate(ConverterSource(other), context) == 0.0
    xml = _write(tmp_path, "<TSReport/>", "report.xml")
    assert converter.validate(ConverterSource(xml), context) == 0.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"part_numbr": "X"}, "unknown argument(s) part_numbr"),
        ({"process_code": "10"}, "process_code must be a non-negative integer"),
        ({"process_codes": ["FVT"]}, "process_codes must be a mapping"),
        ({"process_codes": {"FVT": -1}}, "process_codes['FVT'] must be a non-negative integer"),
        ({"revision": ""}, "revision must be a non-empty string"),
        ({"timezone": "Mars/Olympus"}, "timezone 'Mars/Olympus'"),
        ({"max_size_bytes": 0}, "max_size_bytes must be a positive integer"),
    ],
)
def test_bad_arguments_are_named(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match="converter 'openhtf'") as info:
        OpenHtfConverter(**arguments)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"dut_id": "1", "phases": [', "malformed JSON at line 1"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not text"),
        ('{"dut_id": "1", "phases": []}'.encode("utf-16"), "binary data"),
        (b'{"dut_id": "caf\xe9", "phases": []}', "not valid utf-8-sig text at byte 15"),
        ("[1, 2]", "not an OpenHTF test record"),
        ("", "file is empty"),
        ('{"phases": [], "outcome": "PASS", "start_time_millis": 1}', "no device serial"),
        (
            '{"dut_id": "1", "phases": [], "outcome": "PASS", "metadata": {"test_name": "t"}}',
            "no start time",
        ),
        (
            '{"dut_id": "1", "phases": [], "outcome": "MAYBE", "start_time_millis": 1,'
            ' "metadata": {"test_name": "t"}}',
            "unknown test outcome 'MAYBE'",
        ),
        (
            '{"dut_id": "1", "phases": [5], "outcome": "PASS", "start_time_millis": 1,'
            ' "metadata": {"test_name": "t"}}',
            "phases[0]: a phase must be a JSON object",
        ),
        (
            '{"dut_id": "1", "phases": [], "outcome": "PASS", "start_time_millis": "soon",'
            ' "metadata": {"test_name": "t"}}',
            "start_time_millis is 'soon'",
        ),
    ],
)
def test_bad_input_is_a_converter_error(tmp_path: Path, content: str | bytes, message: str) -> None:
    assert message in _error(tmp_path, content)


def test_deeply_nested_json_is_a_converter_error(tmp_path: Path) -> None:
    assert "JSON nested too deeply" in _error(tmp_path, "[" * 100_000 + "]" * 100_000)


def test_truncated_record_is_a_converter_error(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")

    message = _error(tmp_path, text[: len(text) // 2])

    assert "record.json: malformed JSON at line" in message


def test_bad_measurement_outcome_names_the_phase(tmp_path: Path) -> None:
    record = json.loads(json.dumps(RECORD))
    record["phases"][0]["measurements"]["odd"]["outcome"] = "MEH"

    message = _error(tmp_path, json.dumps(record))

    assert "phases[0]: measurement 'odd': unknown measurement outcome 'MEH'" in message


def test_subtest_phases_are_grouped_with_the_subtests_outcome(tmp_path: Path) -> None:
    record = json.loads(json.dumps(RECORD))
    phase = dict(record["phases"][0], measurements={}, attachments={}, marginal=True)
    record["phases"] = [
        dict(phase, name="a", subtest_name="rf"),
        dict(phase, name="b", subtest_name="rf", outcome="FAIL"),
        dict(phase, name="c"),
    ]
    record["subtests"] = [{"name": "rf", "outcome": "FAIL"}]
    record["outcome"] = "FAIL"

    report = _convert(_write(tmp_path, json.dumps(record)))

    rf, c = _phases(report)
    assert (rf.name, rf.status.value, [p.name for p in rf.steps or ()]) == ("rf", "F", ["a", "b"])
    assert (c.name, c.report_text) == ("c", "marginal")
    assert report.result is ReportResult.FAILED
