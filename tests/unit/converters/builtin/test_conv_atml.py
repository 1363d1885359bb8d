"""ATML converter: every real file of the shared set (2.02, 5.00, 6.01, batch, a large
factory-acceptance report), our sample (golden, emulator), limits, arguments and bad input."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixture_paths import shared_fixture
from pywats.domains.report.models import CompOp, ReportResult, Step, StepGroup, UUTReport
from pywats_client.converters.base import ConverterContext, ConverterError, ConverterSource
from pywats_client.converters.builtin.atml import AtmlConverter
from pywats_client.converters.testing import assert_matches_golden, convert_file
from pywats_emulator.testing import EmulatorServer

REPO = Path(__file__).resolve().parents[4]
SAMPLE = REPO / "examples" / "converters" / "atml" / "RFA-900_SN-A4471_2026-03-17.xml"
GOLDEN = REPO / "tests" / "golden" / "converters" / "atml"
STATION = {"location": "Line 2", "purpose": "Production"}
SAME_RUN = ["ATML_2.02_123456789_2019-05-15.xml", "ATML_5.00_2019-05-15.xml",
            "ATML_6.01_2019-05-15.xml"]  # fmt: skip
CET = timezone(timedelta(hours=1))


def _reports(path: Path, **arguments: Any) -> list[UUTReport]:
    reports = list(convert_file(AtmlConverter(**arguments), path).reports)
    assert all(isinstance(report, UUTReport) for report in reports)
    return reports  # type: ignore[return-value]


def _steps(report: UUTReport) -> list[Step]:
    return list(report.iter_steps())[1:]


def _by_name(report: UUTReport) -> dict[str, Step]:
    """Steps by name; the first of equally named steps."""
    named: dict[str, Step] = {}
    for step in report.iter_steps():
        named.setdefault(step.name, step)
    return named


def _tree(report: UUTReport) -> list[tuple[str, str | None, str]]:
    return [(s.name, s.step_type, s.status.value) for s in report.iter_steps()]


def _write(tmp_path: Path, content: str | bytes, name: str = "results.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _error(tmp_path: Path, content: str | bytes, **arguments: Any) -> str:
    with pytest.raises(ConverterError) as info:
        convert_file(AtmlConverter(**arguments), _write(tmp_path, content))
    return str(info.value)


@pytest.mark.parametrize("name", SAME_RUN)
def test_real_versions_of_the_same_run(name: str) -> None:
    path = shared_fixture("tester-files", "atml", name)

    (report,) = _reports(path, timezone="UTC")

    assert (report.serial_number, report.part_number, report.result) == (
        "123456789", "Ragnar123", ReportResult.FAILED,
    )  # fmt: skip
    assert (report.machine_name, report.process_code) == ("TS-2016-BETA", 10)
    assert report.uut is not None and report.uut.user == "administrator"
    assert len(_steps(report)) == 23  # TestStand's NumOfResults
    named = _by_name(report)
    (keyboard,) = named["Keyboard Test"].numeric_meas or ()
    assert (keyboard.value, keyboard.comp_op, keyboard.low_limit, keyboard.status.value) == (
        4, CompOp.GT, 5, "F",
    )  # fmt: skip
    (video,) = named["Video Test"].numeric_meas or ()
    assert (video.comp_op, video.low_limit, video.high_limit, video.unit) == (
        CompOp.GTLT, 0, 10, "microseconds",
    )  # fmt: skip
    assert named["ROM Diagnostics"].status.value == "S"  # Aborted/UserDefined + "Skipped"
    assert named["Keyboard Test"].caused_uut_failure is True
    assert named["Add Partnumber"].group is StepGroup.SETUP


def test_real_versions_give_the_same_step_tree() -> None:
    trees = [_tree(_reports(shared_fixture("tester-files", "atml", n))[0]) for n in SAME_RUN]

    assert trees[0] == trees[1] == trees[2]


def test_real_2_02_start_and_execution_time() -> None:
    path = shared_fixture("tester-files", "atml", SAME_RUN[0])

    (report,) = _reports(path, timezone="+02:00")

    assert report.start == datetime(
        2019, 5, 15, 14, 30, 27, 58000, tzinfo=timezone(timedelta(hours=2))
    )
    assert report.uut is not None and report.uut.exec_time_s == 2.17


def test_real_factory_acceptance_report() -> None:
    path = shared_fixture("tester-files", "atml", "TS2021-FATv1_Report_1498.2141822_2022-08-09.xml")

    (report,) = _reports(path)

    assert (report.serial_number, report.result) == ("1498.2141822", ReportResult.FAILED)
    steps = _steps(report)
    assert len(steps) == 22 + 165 + 43  # TestGroup + Test + SessionAction elements
    assert Counter(s.step_type for s in steps)["SequenceCall"] >= 22
    statuses = Counter(s.status.value for s in steps)
    assert set(statuses) == {"P", "F", "S", "D", "T"}
    named = _by_name(report)
    ops = {m.name: m.comp_op for m in named["All Comp Operators"].numeric_meas or ()}
    assert ops["Measurement EQ"] is CompOp.EQ
    assert ops["Measurement EQT - PRECENTAGE"] is CompOp.GELE
    for op in ("NE", "GT", "LT", "GE", "LE", "GTLT", "GELE", "GELT", "GTLE", "LTGT", "LEGE",
               "LEGT", "LTGE", "LOG"):  # fmt: skip
        (meas,) = named[op].numeric_meas or ()
        assert meas.comp_op == op
    (tolerance,) = named["EQT - PERCENTAGE"].numeric_meas or ()
    assert (tolerance.low_limit, tolerance.high_limit) == (4.5, 5.5)
    (text,) = named["String Value Test"].string_meas or ()
    assert (text.comp_op, text.limit, text.status.value) == (
        CompOp.IGNORECASE, "this is a string limit", "F",
    )  # fmt: skip
    booleans = named["Multiple Pass/Fail test"].boolean_meas or ()
    assert [(m.name, m.status.value) for m in booleans] == [
        ("Meas TRUE", "P"), ("Meas FALSE", "F"), ("Meas TRUE (2)", "P"),
    ]  # fmt: skip
    assert named["NLT with unvalid step status"].status.value == "T"
    assert "NumericArray = 0;1;2;3;4;5;6;7;8;9" in (
        named["AdditionalResult - 1 NumericArray"].report_text or ""
    )
    assert all(len(s.name) <= 100 for s in report.iter_steps())


def test_real_batch_report_gives_one_report_per_socket() -> None:
    path = shared_fixture(
        "tester-files", "atml", "Parallel_Testing_Strategies_BatchReport_2022-09-13.xml"
    )

    reports = _reports(path)

    assert len(reports) == 4
    assert [r.uut.test_socket_index for r in reports if r.uut] == [0, 1, 2, 3]
    assert {r.result for r in reports} == {ReportResult.PASSED}
    assert [r.serial_number for r in reports] == [
        "baaa055f-332f-11ed-8520-6045bd92de90", "baaa055c-332f-11ed-8520-6045bd92de90",
        "baaa055d-332f-11ed-8520-6045bd92de90", "baaa055e-332f-11ed-8520-6045bd92de90",
    ]  # fmt: skip
    infos = {m.description: m.text for m in reports[0].misc_infos or ()}
    assert infos == {"Serial number": "missing in file; TestResults uuid used"}
    assert reports[3].uut is not None and reports[3].uut.batch_serial_number == "BatchSerialNumber"
    assert {r.machine_name for r in reports} == {"TestStandDebug"}
    assert reports[0].part_number == "Parallel Testing Strategies"


def test_sample_matches_golden() -> None:
    result = convert_file(AtmlConverter(timezone="+01:00"), SAMPLE)

    assert_matches_golden(result, GOLDEN / "RFA-900_SN-A4471_2026-03-17.json")


def test_sample_header_and_limits() -> None:
    (report,) = _reports(SAMPLE, timezone="+01:00", process_codes={"RFA-900 Final": 50})

    assert (report.serial_number, report.part_number, report.process_code) == (
        "SN-A4471", "RFA-900-C", 50,
    )  # fmt: skip
    assert report.start == datetime(2026, 3, 17, 10, 21, 7, 412000, tzinfo=CET)
    assert report.uut is not None and report.uut.exec_time_s == 101.626
    assert (report.machine_name, report.uut.user) == ("RF-ATE-07", "Ingrid Solberg")
    named = _by_name(report)
    gain = {m.name: m for m in named["Gain 900 MHz"].numeric_meas or ()}
    assert (gain["Gain"].comp_op, gain["Gain"].low_limit, gain["Gain"].high_limit) == (
        CompOp.GELE, 21.5, 22.5,
    )  # fmt: skip
    assert (gain["Input return loss"].comp_op, gain["Input return loss"].status.value) == (
        CompOp.LE, "F",
    )  # fmt: skip
    (spurious,) = named["Spurious emission band"].numeric_meas or ()
    assert (spurious.comp_op, spurious.low_limit, spurious.high_limit) == (CompOp.LTGT, -55, -20)
    (temperature,) = named["Case temperature"].numeric_meas or ()
    assert (temperature.comp_op, temperature.low_limit, temperature.unit) == (CompOp.LT, 60, "degC")
    (dac,) = named["Bias DAC setting"].numeric_meas or ()
    assert (dac.comp_op, dac.value) == (CompOp.LOG, 1372)
    assert named["PA enable line"].step_type == "ET_PFT"
    assert named["Burn-in check"].status.value == "S"
    assert named["Disconnect RF cables"].group is StepGroup.CLEANUP
    assert named["Disconnect RF cables"].report_text == "Operator confirmed cables removed"


def test_sample_is_accepted_by_the_emulator(wats_emulator: EmulatorServer) -> None:
    (report,) = _reports(SAMPLE)

    response = httpx.post(
        f"{wats_emulator.url}/api/Report/WSJF",
        json={**report.to_wsjf(), **STATION},
        headers=wats_emulator.auth_headers,
        timeout=10.0,
    )

    assert response.status_code == 200, response.text


def test_validate_sniffs_atml(tmp_path: Path) -> None:
    converter, context = AtmlConverter(), ConverterContext("atml")

    assert converter.validate(ConverterSource(SAMPLE), context) == 0.95
    other = _write(tmp_path, "<TSReport><ReportInfo key='SN' value='1'/></TSReport>")
    assert converter.validate(ConverterSource(other), context) == 0.0


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match=r"converter 'atml': unknown argument\(s\) serial"):
        AtmlConverter(serial="1")
    with pytest.raises(ValueError, match="process_codes keys must be non-empty strings"):
        AtmlConverter(process_codes={"": 10})


NS = 'xmlns:tr="urn:IEEE-1636.1:2013:TestResults" xmlns:c="urn:IEEE-1671:2010:Common"'


def _results(test: str, outcome: str = "Passed") -> str:
    return (
        f'<tr:TestResults {NS} uuid="u-1"><tr:ResultSet ID="1" name="x.seq#Main"'
        f' startDateTime="2026-01-02T03:04:05.5">'
        f'<tr:Outcome value="{outcome}"/>{test}</tr:ResultSet>'
        "<tr:UUT><c:SerialNumber>S-1</c:SerialNumber></tr:UUT></tr:TestResults>"
    )


LIMITED = (
    '<tr:Test ID="2" name="t"><tr:Outcome value="Passed"/><tr:TestResult ID="r" name="Numeric">'
    '<tr:TestData><c:Datum xsi:type="c:double" value="{value}"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></tr:TestData>'
    "<tr:TestLimits><tr:Limits>{limits}</tr:Limits></tr:TestLimits></tr:TestResult></tr:Test>"
)
PAIR = '<c:LimitPair operator="{op}"><c:Limit comparator="{a}"><c:Datum value="{x}"/></c:Limit>' \
       '<c:Limit comparator="{b}"><c:Datum value="{y}"/></c:Limit></c:LimitPair>'  # fmt: skip


@pytest.mark.parametrize(
    ("op", "a", "x", "b", "y", "expected"),
    [
        ("AND", "GE", 1, "LE", 2, (CompOp.GELE, 1, 2)),
        ("AND", "GT", 1, "LT", 2, (CompOp.GTLT, 1, 2)),
        ("AND", "LE", 2, "GE", 1, (CompOp.GELE, 1, 2)),  # upper bound written first
        ("OR", "LE", 1, "GE", 2, (CompOp.LEGE, 1, 2)),
        ("OR", "LT", 1, "GE", 2, (CompOp.LTGE, 1, 2)),
    ],
)
def test_limit_pairs(
    tmp_path: Path, op: str, a: str, x: int, b: str, y: int, expected: tuple[CompOp, int, int]
) -> None:
    limits = PAIR.format(op=op, a=a, x=x, b=b, y=y)
    path = _write(tmp_path, _results(LIMITED.format(value=1.5, limits=limits)))

    (report,) = _reports(path, part_number="P-1")

    (meas,) = _steps(report)[0].numeric_meas or ()
    assert (meas.comp_op, meas.low_limit, meas.high_limit) == expected
    assert report.part_number == "P-1"  # no Part identification, no model: the argument


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (f"<tr:TestResults {NS}><tr:ResultSet>", "malformed XML at line 1, column"),
        ('<!DOCTYPE x SYSTEM "http://example.com/x.dtd"><x/>',
         "DOCTYPE and entity declarations are not allowed"),
        (b"\xff\xfe\x00\x00garbage\x00\x01", "malformed XML at line 1"),
        ('<?xml version="1.0" encoding="utf-8"?><x a="\xe9"/>'.encode("latin-1"),
         "not well-formed (invalid token)"),
        ("<TestResults/>", "root element is <TestResults> in namespace ''"),
        ("", "file is empty"),
        (_results("", outcome="Meh"), "unknown or missing ResultSet outcome 'Meh'"),
        (_results("").replace("2026-01-02T03:04:05.5", "soon"),
         "ResultSet startDateTime 'soon' is not a time"),
        (_results(LIMITED.format(value="abc", limits="")),
         "result 'Numeric': 'abc' is not a number"),
        (_results(LIMITED.format(value=1, limits=PAIR.format(op="AND", a="LT", x=1, b="GT", y=2))),
         "unsupported limit pair LT AND GT"),
        ('<trc:TestResultsCollection xmlns:trc="urn:IEEE-1636.1:2013:TestResultsCollection"/>',
         "the collection holds no TestResults"),
    ],
)  # fmt: skip
def test_bad_input_is_a_converter_error(tmp_path: Path, content: str | bytes, message: str) -> None:
    assert message in _error(tmp_path, content, part_number="P-1")


def test_truncated_file_is_a_converter_error(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()

    message = _error(tmp_path, data[: len(data) // 2])

    assert "results.xml: malformed XML at line" in message


def test_unknown_step_outcome_reads_as_done_with_a_note(tmp_path: Path) -> None:
    outcome = '<tr:Outcome value="UserDefined" qualifier="Waived"/>'
    test = f'<tr:Test ID="2" name="custom">{outcome}</tr:Test>'

    (report,) = _reports(_write(tmp_path, _results(test)), part_number="P-1")

    (step,) = _steps(report)
    assert (step.status.value, step.report_text) == ("D", "ATML outcome: Waived")
