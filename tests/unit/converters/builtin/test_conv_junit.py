"""JUnit XML converter: every real file of the shared set, our sample (golden, emulator),
header arguments and properties, bad input."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixture_paths import shared_fixture
from pywats.domains.report.models import ReportResult, Step, UUTReport
from pywats_client.converters.base import ConverterContext, ConverterError, ConverterSource
from pywats_client.converters.builtin.junit import JUnitConverter
from pywats_client.converters.testing import assert_matches_golden, convert_file
from pywats_emulator.testing import EmulatorServer

REPO = Path(__file__).resolve().parents[4]
SAMPLE = REPO / "examples" / "converters" / "junit" / "TEST-ctrl310-firmware.xml"
GOLDEN = REPO / "tests" / "golden" / "converters" / "junit"
STATION = {"machineName": "STATION-07", "location": "Line 2", "purpose": "Production"}

# (file, {status letter: test cases}, report result, suite sequences) from SOURCES.md
REAL_FILES = [
    ("pytest_junit.fail.xml", {"P": 3, "F": 1, "S": 1}, "F", 1),
    ("pytest_junit.gloo.standalone.xml", {"P": 80, "S": 17}, "P", 1),
    ("mocha_latex-utensils.xml", {"P": 109}, "P", 1),
    ("scalatest_TEST-uk.co.gresearch.spark.diff.DiffOptionsSuite.xml", {"P": 5}, "P", 1),
    ("bazel_suite-logs.xml", {"E": 1}, "E", 1),
    ("xunit.net_xunit.xml", {"P": 2}, "P", 1),
    ("testng_TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml", {"F": 1, "S": 1}, "F", 1),
    ("phpunit_phpcheckstyle.xml", {"P": 28, "F": 2}, "F", 14),
]


def _convert(path: Path, **arguments: Any) -> UUTReport:
    (report,) = convert_file(JUnitConverter(**arguments), path).reports
    assert isinstance(report, UUTReport)
    return report


def _cases(report: UUTReport) -> list[Step]:
    return [step for step in report.iter_steps() if step.step_type in ("ET_PFT", "ET_MNLT")
            and step.name != "Properties"]  # fmt: skip


def _sequences(report: UUTReport) -> list[Step]:
    return [step for step in report.iter_steps() if step.step_type == "SequenceCall"][1:]


def _write(tmp_path: Path, content: str | bytes, name: str = "results.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _error(tmp_path: Path, content: str | bytes, **arguments: Any) -> str:
    with pytest.raises(ConverterError) as info:
        convert_file(JUnitConverter(**arguments), _write(tmp_path, content))
    return str(info.value)


@pytest.mark.parametrize(("name", "statuses", "result", "suites"), REAL_FILES)
def test_real_file_cases_and_statuses(
    name: str, statuses: dict[str, int], result: str, suites: int
) -> None:
    path = shared_fixture("tester-files", "junit-xml", name)

    report = _convert(path, timezone="UTC")

    assert Counter(step.status.value for step in _cases(report)) == statuses
    assert report.result.value == result
    assert len(_sequences(report)) == suites
    assert report.serial_number == path.stem


def test_real_failure_message_goes_to_report_text() -> None:
    name = "testng_TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml"
    path = shared_fixture("tester-files", "junit-xml", name)

    report = _convert(path, timezone="UTC")

    skipped, failed = _cases(report)
    assert failed.report_text == ("java.lang.AssertionError: expected [1.2.1] but found [1.2.0]")
    assert skipped.report_text is None
    assert failed.tot_time_s == 0.017
    assert report.start == datetime(2021, 3, 7, 10, 36, 56, tzinfo=timezone.utc)


def test_real_bom_file_with_duplicate_property() -> None:
    path = shared_fixture("tester-files", "junit-xml", "xunit.net_xunit.xml")

    report = _convert(path, timezone="UTC")

    infos = [(m.description, m.text) for m in report.misc_infos or ()]
    assert infos.count(("date", "2021-03-05")) == 1
    assert ("nunit-version", "xUnit.net 2.4.1.0") in infos
    assert report.uut is not None and report.uut.exec_time_s == 4.26
    properties = next(step for step in report.iter_steps() if step.name == "Properties")
    assert [(m.name, m.value, m.comp_op) for m in properties.numeric_meas or ()] == [
        ("skipped", 1, "LOG")
    ]


def test_real_scalatest_properties_become_log_measurements_and_misc_info() -> None:
    path = shared_fixture(
        "tester-files", "junit-xml",
        "scalatest_TEST-uk.co.gresearch.spark.diff.DiffOptionsSuite.xml",
    )  # fmt: skip

    report = _convert(path, timezone="UTC")

    properties = next(step for step in report.iter_steps() if step.name == "Properties")
    numbers = {m.name: m.value for m in properties.numeric_meas or ()}
    infos = {m.description: m.text for m in report.misc_infos or ()}
    assert numbers["sun.arch.data.model"] == 64
    assert infos["java.vm.vendor"] == "Azul Systems, Inc."
    assert all(len(text or "") <= 100 for text in infos.values())


def test_real_mocha_rfc_2822_timestamp() -> None:
    path = shared_fixture("tester-files", "junit-xml", "mocha_latex-utensils.xml")

    report = _convert(path)

    assert report.start == datetime(2022, 12, 3, 23, 10, 7, tzinfo=timezone.utc)
    assert report.part_number == "Mocha Tests"


def test_real_nested_phpunit_suites_nest_sequences() -> None:
    path = shared_fixture("tester-files", "junit-xml", "phpunit_phpcheckstyle.xml")

    report = _convert(path, timezone="UTC")

    assert report.root is not None
    (outer,) = report.root.steps or ()
    (inner,) = outer.steps or ()
    assert (outer.name, inner.name) == ("/workspace/phpcheckstyle/phpunit.xml", "PHPUnitTestSuite")
    assert len(inner.steps or ()) == 12
    assert inner.tot_time_s == 0.041478


def test_sample_matches_golden() -> None:
    result = convert_file(JUnitConverter(timezone="+01:00"), SAMPLE)

    assert_matches_golden(result, GOLDEN / "TEST-ctrl310-firmware.json")


def test_sample_header_from_properties_and_outcomes() -> None:
    report = _convert(SAMPLE, timezone="+01:00")

    cases = {step.name: step for step in _cases(report)}
    assert (report.part_number, report.serial_number, report.revision) == (
        "CTRL-310", "SN-88231", "D",
    )  # fmt: skip
    assert report.start == datetime(2026, 3, 16, 13, 5, 44, tzinfo=timezone(timedelta(hours=1)))
    assert report.result is ReportResult.ERROR
    assert cases["test_analog_inputs"].report_text == "TimeoutError: ADC did not answer within 3 s"
    assert cases["test_rs485"].status.value == "S"
    boot = cases["test_boot_time"]
    assert boot.step_type == "ET_MNLT"
    assert [(m.name, m.value) for m in boot.numeric_meas or ()] == [("boot_time_ms", 2480)]
    infos = {m.description: m.text for m in report.misc_infos or ()}
    assert infos == {"Hostname": "rig-07", "firmware": "5.2.0"}
    assert report.machine_name is None


def test_sample_is_accepted_by_the_emulator(wats_emulator: EmulatorServer) -> None:
    report = _convert(SAMPLE, timezone="+01:00")

    response = httpx.post(
        f"{wats_emulator.url}/api/Report/WSJF",
        json={**report.to_wsjf(), **STATION},
        headers=wats_emulator.auth_headers,
        timeout=10.0,
    )

    assert response.status_code == 200, response.text


MINIMAL = '<testsuite name="unit" timestamp="2026-01-02T03:04:05Z"><testcase name="a"/></testsuite>'


def test_header_arguments_and_file_name_pattern(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL, "run_SN-77_2026.xml")

    report = _convert(
        path, part_number="APP-1", revision="3", process_code=90,
        serial_number_pattern=r"_(SN-\d+)_", station_from_hostname=True,
    )  # fmt: skip

    assert (report.part_number, report.serial_number, report.revision) == ("APP-1", "SN-77", "3")
    assert report.process_code == 90
    assert report.start == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_hostname_can_be_the_station(tmp_path: Path) -> None:
    xml = MINIMAL.replace('name="unit"', 'name="unit" hostname="rig-3"')

    report = _convert(_write(tmp_path, xml), station_from_hostname=True)

    assert report.machine_name == "rig-3"
    assert not report.misc_infos


def test_without_timestamp_the_conversion_time_is_used(tmp_path: Path) -> None:
    before = datetime.now(timezone.utc)

    report = _convert(_write(tmp_path, '<testsuite><testcase name="a"/></testsuite>'))

    assert report.start >= before.replace(microsecond=0)
    assert report.part_number == "JUnit"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '<testsuite name="s"><testcase name="a">',
            "malformed XML at line 1, column 40: no element found",
        ),
        ("<project/>", "root element is <project>, expected <testsuites> or <testsuite>"),
        (
            '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><testsuite name="&e;"/>',
            "DOCTYPE and entity declarations are not allowed",
        ),
        (
            '<testsuites><testsuite name="s"><testcase classname="c"/></testsuite></testsuites>',
            "/testsuites/testsuite[1]/testcase[1]: <testcase> has no name",
        ),
        (
            '<testsuite name="s"><testcase name="a" time="slow"/></testsuite>',
            "/testsuite/testcase[1]: time 'slow' is not a number of seconds",
        ),
        (
            '<testsuite name="s" timestamp="yesterday"><testcase name="a"/></testsuite>',
            "timestamp 'yesterday' is neither ISO 8601 nor RFC 2822",
        ),
        ("<testsuite>" * 60 + "</testsuite>" * 60, "nested deeper than 50 levels"),
    ],
    ids=["truncated", "wrong-root", "doctype", "no-name", "bad-time", "bad-timestamp", "deep"],
)
def test_bad_input_is_refused_precisely(tmp_path: Path, content: str, expected: str) -> None:
    assert expected in _error(tmp_path, content)


def test_binary_input_is_refused(tmp_path: Path) -> None:
    assert "malformed XML at line 1" in _error(tmp_path, b"\x1f\x8b\x08\x00" + bytes(64))


def test_wrongly_encoded_input_is_refused(tmp_path: Path) -> None:
    xml = '<?xml version="1.0" encoding="utf-8"?><testsuite name="Prüfung"/>'

    message = _error(tmp_path, xml.encode("latin-1"))

    assert "malformed XML at line 1, column 58: not well-formed" in message


def test_huge_input_is_refused(tmp_path: Path) -> None:
    assert "over the limit of 16" in _error(tmp_path, MINIMAL, max_size_bytes=16)


def test_long_names_are_shortened_to_the_wats_limit(tmp_path: Path) -> None:
    xml = f'<testsuite name="s"><testcase name="{"x" * 150}"/></testsuite>'

    (case,) = _cases(_convert(_write(tmp_path, xml)))

    assert len(case.name) == 100
    assert case.name.endswith("…")


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"serial": "SN-1"}, "unknown argument(s) serial"),
        ({"process_code": "50"}, "process_code must be an integer"),
        ({"revision": ""}, "revision must be a non-empty string"),
        ({"serial_number_pattern": "("}, "serial_number_pattern"),
        ({"timezone": "+25"}, "timezone '+25'"),
    ],
)
def test_bad_arguments_are_named(arguments: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        JUnitConverter(**arguments)


@pytest.mark.parametrize(
    ("content", "expected"),
    [('<?xml version="1.0"?>\n<testsuites>', 0.95), ("<testsuite/>", 0.95), ("<Report/>", 0.0)],
)
def test_validate_sniffs_the_root(tmp_path: Path, content: str, expected: float) -> None:
    source = ConverterSource(_write(tmp_path, content))

    assert JUnitConverter().validate(source, ConverterContext("junit")) == expected
