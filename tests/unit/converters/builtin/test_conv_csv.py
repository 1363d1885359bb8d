"""CSV mapping converter: example samples, golden output, emulator, the real FCT log, layouts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixture_paths import shared_fixture
from pywats.domains.report.models import ReportResult, Step, StepStatus, UUTReport
from pywats_client.converters.base import ConverterContext, ConverterSource
from pywats_client.converters.builtin.csv_mapping import CsvMappingConverter
from pywats_client.converters.testing import assert_matches_golden, convert_file
from pywats_emulator.testing import EmulatorServer

REPO = Path(__file__).resolve().parents[4]
SAMPLES = REPO / "examples" / "converters" / "csv"
GOLDEN = REPO / "tests" / "golden" / "converters" / "csv"
STATION = {"machineName": "STATION-07", "location": "Line 2", "purpose": "Production"}
CET = timezone(timedelta(hours=1))
EXAMPLES = [
    ("fct_psu200.template.json", "fct_psu200_SN4711.csv"),
    ("eol_speaker.template.json", "eol_speaker_2026-03-14.txt"),
]
BASE: dict[str, Any] = {
    "defaults": {"part_number": "PN-1", "revision": "A", "process_code": 50},
    "fields": {"serial_number": {"filename": True, "pattern": r"^([^_]+)_"}},
}


def _convert(template: dict[str, Any], path: Path, **arguments: Any) -> list[UUTReport]:
    reports = convert_file(CsvMappingConverter(mapping=template, **arguments), path).reports
    assert all(isinstance(report, UUTReport) for report in reports)
    return [report for report in reports if isinstance(report, UUTReport)]


def _leaves(report: UUTReport) -> list[Step]:
    return [step for step in report.iter_steps() if step.steps is None]


def _write(tmp_path: Path, text: str, name: str = "SN42_log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("template", "sample"), EXAMPLES)
def test_example_matches_golden(template: str, sample: str) -> None:
    converter = CsvMappingConverter(mapping=SAMPLES / template)

    result = convert_file(converter, SAMPLES / sample)

    assert_matches_golden(result, GOLDEN / (Path(sample).stem + ".json"))


@pytest.mark.parametrize(("template", "sample"), EXAMPLES)
def test_example_reports_are_accepted_by_the_emulator(
    wats_emulator: EmulatorServer, template: str, sample: str
) -> None:
    converter = CsvMappingConverter(mapping=SAMPLES / template)
    for report in convert_file(converter, SAMPLES / sample).reports:
        response = httpx.post(
            f"{wats_emulator.url}/api/Report/WSJF",
            json={**report.to_wsjf(), **STATION},
            headers=wats_emulator.auth_headers,
            timeout=10.0,
        )
        assert response.status_code == 200, response.text


def test_key_value_log_gives_header_sequences_and_forced_statuses() -> None:
    template = json.loads((SAMPLES / "fct_psu200.template.json").read_text(encoding="utf-8"))
    (report,) = _convert(template, SAMPLES / "fct_psu200_SN4711.csv")

    steps = {step.name: step for step in _leaves(report)}
    sections = [step.name for step in report.root.steps or ()] if report.root else []
    assert report.serial_number == "PSU200-0004711"
    assert (report.part_number, report.revision, report.process_code) == ("PSU-200", "C", 50)
    assert report.start == datetime(2026, 3, 14, 9, 41, 27, tzinfo=CET)
    assert report.uut is not None
    assert (report.uut.user, report.uut.fixture_id, report.uut.exec_time_s) == (
        "anna.k", "FX-07", 42.6,
    )  # fmt: skip
    assert report.result is ReportResult.FAILED
    assert sections == ["Setup", "Power", "Load", "Cooling"]
    assert len(steps) == 12
    efficiency = steps["Efficiency full load"]
    assert efficiency.status is StepStatus.FAILED
    assert efficiency.numeric_meas is not None
    assert (efficiency.numeric_meas[0].value, efficiency.numeric_meas[0].low_limit) == (86.4, 88)
    assert steps["Firmware version"].string_meas is not None
    assert steps["Firmware version"].string_meas[0].comp_op == "LOG"
    assert steps["Output disable"].boolean_meas is not None


def test_one_report_per_row_with_steps_from_columns() -> None:
    converter = CsvMappingConverter(mapping=SAMPLES / "eol_speaker.template.json")
    reports = list(convert_file(converter, SAMPLES / "eol_speaker_2026-03-14.txt").reports)

    assert [r.serial_number for r in reports] == ["SPK-1041", "SPK-1042", "SPK-1043", "SPK-1044"]
    assert [r.result.value for r in reports] == ["P", "P", "F", "F"]
    third = reports[2]
    assert isinstance(third, UUTReport)
    statuses = {step.name: step.status.value for step in _leaves(third)}
    assert statuses == {"Sensitivity": "F", "THD": "F", "Polarity": "P", "Rub & Buzz": "F"}
    assert third.uut is not None
    assert third.uut.batch_serial_number == "LOT-88"


def test_real_fct_log_with_a_template(tmp_path: Path) -> None:
    path = shared_fixture("tester-files", "csv", "FCT_fct_all_ok.csv")
    template = {
        "table": {"header_starts_with": "StepName"},
        "fields": {
            "serial_number": {"key": "SerialNumber"},
            "part_number": {"key": "Part Number"},
            "start": {"key": "Start Time", "format": "%Y.%m.%d. %H:%M"},
            "exec_time_s": {"key": "Testing time(sec)"},
            "result": {"key": "Result"},
            "error_code": {"key": "Error Code"},
        },
        "defaults": {"revision": "A", "process_code": 50},
        "misc_infos": {"Main serial": {"key": "MainSerial"}},
        "status_words": {"pass": ["Passed"], "fail": ["Failed"], "log": ["Info"]},
        "step_rows": {
            "name_column": "StepName", "value_column": "Value", "low_column": "Min",
            "high_column": "Max", "unit_column": "Unit", "status_column": "Status",
        },
    }  # fmt: skip

    (report,) = _convert(template, path, encoding="latin-1", timezone="+01:00")

    leaves = _leaves(report)
    assert report.serial_number == "V102431800038DB828853020"
    assert report.part_number == "B828853_02_F-5296"
    assert report.start == datetime(2024, 11, 29, 15, 29, tzinfo=CET)
    assert report.result is ReportResult.PASSED
    assert len(leaves) == 276
    assert all(step.status is StepStatus.PASSED for step in leaves)
    degrees = next(step for step in leaves if step.name == "ME Resolver RAW pos")
    assert degrees.numeric_meas is not None
    assert degrees.numeric_meas[0].unit == "°"
    assert report.misc_infos is not None
    assert report.misc_infos[0].text == "VES/SN0012260367"


SOUNDCHECK_LIKE = (
    "Serial #:\tOperator:\tTime:\tName\tValue\tUnit\tResult\n"
    "S/N 13\tRick\t7/22/2020 10:22:14 AM\tSensitivity\t95.50\tdB\tPASS\n"
    "S/N 13\tRick\t7/22/2020 10:22:14 AM\tTHD\t2.00\t%\tPASS\n"
    "S/N 14\tRick\t7/22/2020 10:22:16 AM\tSensitivity\t88.10\tdB\tFAIL\n"
    "S/N 14\tRick\t7/22/2020 10:22:16 AM\tTHD\t1.50\t%\tPASS\n"
)


def test_group_mode_makes_one_report_per_serial(tmp_path: Path) -> None:
    template = {
        "mode": "group",
        "group_by": "Serial #:",
        "fields": {
            "serial_number": {"column": "Serial #:", "pattern": r"S/N (\d+)"},
            "operator": {"column": "Operator:"},
            "start": {"column": "Time:", "format": "%m/%d/%Y %I:%M:%S %p"},
        },
        "defaults": {"part_number": "SPK-9", "revision": "A", "process_code": 100},
        "step_rows": {"name_column": "Name", "value_column": "Value", "unit_column": "Unit",
                      "status_column": "Result"},
    }  # fmt: skip

    reports = _convert(template, _write(tmp_path, SOUNDCHECK_LIKE, "export.txt"), timezone="UTC")

    assert [r.serial_number for r in reports] == ["13", "14"]
    assert [r.result.value for r in reports] == ["P", "F"]
    assert [len(_leaves(r)) for r in reports] == [2, 2]
    assert reports[1].start == datetime(2020, 7, 22, 10, 22, 16, tzinfo=timezone.utc)


def test_delimiter_is_detected_and_an_argument_wins(tmp_path: Path) -> None:
    text = "Step,Value,Low,High\nVCC,3.31,3.2,3.4\nICC,0.9,,0.5\n"
    template = {**BASE, "step_rows": {"name_column": "Step", "value_column": "Value",
                                      "low_column": "Low", "high_column": "High"}}  # fmt: skip
    path = _write(tmp_path, text)

    (detected,) = _convert(template, path)
    (report,) = _convert({**template, "delimiter": ";"}, path, delimiter=",")

    assert [s.status.value for s in _leaves(detected)] == ["P", "F"]
    assert report.to_wsjf()["root"] == detected.to_wsjf()["root"]
    assert detected.serial_number == "SN42"


def test_skip_rows_no_header_positions_and_cells(tmp_path: Path) -> None:
    text = "TESTER XR-5 export\nlot;L-77;unit;PCB-9\n\n1;R1;1000;990;1010\n2;R2;2200;;\n"
    template = {
        **BASE,
        "skip_rows": 1,
        "table": {"has_header": False, "header_line": 4},
        "fields": {**BASE["fields"], "batch_serial_number": {"cell": [2, 2]},
                   "part_number": {"cell": [2, 4]}},
        "step_rows": {"name_column": 2, "value_column": 3, "low_column": 4, "high_column": 5},
    }  # fmt: skip

    (report,) = _convert(template, _write(tmp_path, text))

    assert report.part_number == "PCB-9"
    assert report.uut is not None and report.uut.batch_serial_number == "L-77"
    meas = [step.numeric_meas[0] for step in _leaves(report) if step.numeric_meas]
    assert [(m.comp_op, m.value) for m in meas] == [("GELE", 1000), ("LOG", 2200)]


def test_comp_op_from_a_column_or_fixed(tmp_path: Path) -> None:
    text = "Step;Value;Limit;Op\nA;5;5;EQ\nB;7;5;\n"
    template = {**BASE, "step_rows": {"name_column": "Step", "value_column": "Value",
                                      "low_column": "Limit", "comp_op_column": "Op",
                                      "comp_op": "GT"}}  # fmt: skip

    (report,) = _convert(template, _write(tmp_path, text))

    meas = [step.numeric_meas[0] for step in _leaves(report) if step.numeric_meas]
    assert [(m.comp_op, m.status.value) for m in meas] == [("EQ", "P"), ("GT", "P")]


def test_string_steps_compare_with_the_limit_column(tmp_path: Path) -> None:
    text = "Step;Value;Expected\nFW;1.4.2;1.4.2\nHW;B;C\n"
    template = {**BASE, "step_rows": {"name_column": "Step", "value_column": "Value",
                                      "limit_column": "Expected"}}  # fmt: skip

    (report,) = _convert(template, _write(tmp_path, text))

    assert [(s.name, s.status.value) for s in _leaves(report)] == [("FW", "P"), ("HW", "F")]


def test_validate_scores_by_the_template_markers(tmp_path: Path) -> None:
    converter = CsvMappingConverter(mapping=SAMPLES / "fct_psu200.template.json")
    context = ConverterContext("csv")
    sample = ConverterSource(SAMPLES / "fct_psu200_SN4711.csv")
    other = ConverterSource(_write(tmp_path, "a,b,c\n1,2,3\n"))
    binary = ConverterSource(tmp_path / "b.csv")
    binary.path.write_bytes(b"\x00\x01\x02")

    assert converter.validate(sample, context) == 0.95
    assert converter.validate(other, context) == 0.3
    assert converter.validate(binary, context) == 0.0
