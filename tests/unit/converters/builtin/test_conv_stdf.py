"""STDF converter: every real file of the shared set, our generated sample (golden, emulator),
header rules, arguments and damaged files."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixture_paths import shared_fixture
from pywats.domains.report.models import CompOp, ReportResult, Step, UUTReport
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterSource,
    ConverterStatus,
)
from pywats_client.converters.builtin.stdf import StdfConverter
from pywats_client.converters.testing import assert_matches_golden, convert_file
from pywats_emulator.testing import EmulatorServer

REPO = Path(__file__).resolve().parents[4]
SAMPLE_DIR = REPO / "examples" / "converters" / "stdf"
SAMPLE = SAMPLE_DIR / "LQ2417_FT1_sample.stdf"
GOLDEN = REPO / "tests" / "golden" / "converters" / "stdf"
STATION = {"location": "Line 2", "purpose": "Production"}
TAIPEI = timezone(timedelta(hours=8))

# (file, parts, failed parts, PTR, MPR + FTR, first serial) from SOURCES.md
REAL_FILES = [
    ("9l51_001S1_25C.stdf", 1, 0, 7, 5, "1"),
    ("AD7827BR_E1_25c_Sep_06_13h49m46s.stdf", 1, 1, 4, 0, "1"),
    ("523X3008_datalog_20200417221044.stdf", 96, 31, 10_112, 0, "1"),
    ("Wafer_TX_WM19784-13B1_20181113_180615.stdf", 16, 1, 3_903, 64, "1"),
    ("M25P64_RevC_194479_115c.std", 131, 19, 4_650, 676, "1"),
    ("TEST_FT_GX36_A2_FT_E_02032013_0230.stdf", 3, 0, 0, 147,
     "TEST_FT_GX36_A2_FT_E_02032013_0230-1"),
    ("11_2014_07_18_11.38.42.stdf", 7, 7, 6_440, 0, "1.1"),
]  # fmt: skip


def _reports(path: Path, **arguments: Any) -> list[UUTReport]:
    reports = list(convert_file(StdfConverter(**arguments), path).reports)
    assert all(isinstance(report, UUTReport) for report in reports)
    return reports  # type: ignore[return-value]


def _steps(report: UUTReport) -> list[Step]:
    return list(report.iter_steps())[1:]


def _by_name(report: UUTReport) -> dict[str, Step]:
    return {step.name: step for step in _steps(report)}


def _misc(report: UUTReport) -> dict[str, str | None]:
    return {m.description: m.text for m in report.misc_infos or ()}


def _write(tmp_path: Path, content: bytes, name: str = "lot.stdf") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _error(tmp_path: Path, content: bytes, **arguments: Any) -> str:
    with pytest.raises(ConverterError) as info:
        convert_file(StdfConverter(**arguments), _write(tmp_path, content))
    return str(info.value)


@pytest.mark.parametrize(("name", "parts", "failed", "ptr", "others", "serial"), REAL_FILES)
def test_real_files(name: str, parts: int, failed: int, ptr: int, others: int, serial: str) -> None:
    path = shared_fixture("tester-files", "stdf", name)

    reports = _reports(path, timezone="UTC")

    assert len(reports) == parts
    assert sum(r.result is ReportResult.FAILED for r in reports) == failed
    kinds = Counter(s.step_type for r in reports for s in _steps(r))
    assert kinds["ET_NLT"] == ptr
    assert kinds["ET_MNLT"] + kinds["ET_PFT"] == others
    assert reports[0].serial_number == serial
    assert all(r.machine_name for r in reports)


def test_real_file_header_and_misc_info() -> None:
    path = shared_fixture("tester-files", "stdf", "AD7827BR_E1_25c_Sep_06_13h49m46s.stdf")

    (report,) = _reports(path, timezone="-07:00")

    assert (report.part_number, report.revision, report.machine_name) == (
        "AD7827_RevA", "1", "d10-1",
    )  # fmt: skip
    assert report.start == datetime(2012, 9, 6, 20, 49, 56, tzinfo=timezone(timedelta(hours=-7)))
    assert report.uut is not None
    assert (report.uut.batch_serial_number, report.uut.exec_time_s) == ("Default", 10.465)
    assert _misc(report)["Tester type"] == "D-10"
    assert report.uut.step_id_caused_uut_failure == 2


def test_real_wafer_dies_keep_coordinates_and_bins() -> None:
    path = shared_fixture("tester-files", "stdf", "Wafer_TX_WM19784-13B1_20181113_180615.stdf")

    reports = _reports(path)

    failed = [r for r in reports if r.result is ReportResult.FAILED]
    assert len(failed) == 1
    info = _misc(failed[0])
    assert (info["Die X"], info["Die Y"], info["Hard bin"]) == ("22", "8", "12")
    assert reports[0].part_number == "KCP_TX_PLL_C_WS"  # JOB_NAM without its extension


def test_real_big_endian_file_and_die_serial_template() -> None:
    path = shared_fixture("tester-files", "stdf", "TEST_FT_GX36_A2_FT_E_02032013_0230.stdf")

    reports = _reports(path, serial_number="GX36-{sequence:03d}", part_number="GX36-A2")

    assert [r.serial_number for r in reports] == ["GX36-001", "GX36-002", "GX36-003"]
    assert reports[0].part_number == "GX36-A2"
    assert reports[0].revision == "WorkorderNotdefined"
    assert reports[0].root is not None and reports[0].root.status.value == "P"
    assert _by_name(reports[0])["98 D_FUNC"].status.value == "F"  # a test that did not bin


def test_sample_is_what_the_generator_writes(tmp_path: Path) -> None:
    copy = tmp_path / "make_sample.py"
    copy.write_text((SAMPLE_DIR / "make_sample.py").read_text(encoding="utf-8"))

    subprocess.run([sys.executable, str(copy)], check=True, capture_output=True, timeout=60)

    assert (tmp_path / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()


def test_sample_matches_golden() -> None:
    result = convert_file(StdfConverter(timezone="+08:00"), SAMPLE)

    assert_matches_golden(result, GOLDEN / "LQ2417_FT1_sample.json")


def test_sample_parts() -> None:
    first, second, third, retest = _reports(SAMPLE, timezone="+08:00", process_codes={"FT1": 50})

    assert [r.serial_number for r in (first, second, third, retest)] == [
        "1", "2", "LQ2417-3", "2",
    ]  # fmt: skip
    assert [r.result.value for r in (first, second, third, retest)] == ["P", "F", "P", "P"]
    assert (first.part_number, first.revision, first.process_code) == ("TPS7A-QFN20", "B3", 50)
    assert first.start == datetime(2026, 3, 12, 9, 14, 5, tzinfo=TAIPEI)
    assert retest.start == first.start + timedelta(milliseconds=3)
    assert first.uut is not None and second.uut is not None
    assert (first.uut.user, first.uut.test_socket_index, first.uut.exec_time_s) == (
        "kchen", 1, 0.412,
    )  # fmt: skip
    assert second.uut.test_socket_index == 2
    assert _misc(second)["Soft bin"] == "52" and _misc(retest)["Retest"] == "yes"


def test_sample_limits_operators_and_units() -> None:
    first, second, third, _ = _reports(SAMPLE)

    steps = _by_name(first)
    (continuity,) = steps["100 Continuity VIN"].numeric_meas or ()
    assert (continuity.comp_op, continuity.low_limit, continuity.high_limit) == (
        CompOp.GELE, -0.9, -0.2,
    )  # fmt: skip
    (iq,) = steps["200 IQ no load"].numeric_meas or ()
    assert (iq.comp_op, iq.low_limit, iq.high_limit, iq.value, iq.unit) == (
        CompOp.LE, 6e-05, None, 3.85e-05, "A",
    )  # fmt: skip
    (vout,) = _by_name(second)["300 VOUT 3V3 100mA"].numeric_meas or ()
    assert (vout.comp_op, vout.value, vout.status.value) == (CompOp.GTLT, 3.372, "F")
    assert len(_steps(second)) == 3  # the tester stopped after the failure
    leakage = _by_name(third)["400 Leakage"]
    assert [(m.name, m.status.value) for m in leakage.numeric_meas or ()] == [
        ("VIN", "P"), ("EN", "F"),
    ]  # fmt: skip
    (third_iq,) = _by_name(third)["200 IQ no load"].numeric_meas or ()
    assert (third_iq.comp_op, third_iq.low_limit, third_iq.unit) == (CompOp.LE, 6e-05, "A")
    assert third.root is not None and third.root.status.value == "P"
    assert _by_name(first)["500 Scan"].report_text == "vector scan_chain_a"


def test_sample_is_accepted_by_the_emulator(wats_emulator: EmulatorServer) -> None:
    for report in _reports(SAMPLE):
        response = httpx.post(
            f"{wats_emulator.url}/api/Report/WSJF",
            json={**report.to_wsjf(), **STATION},
            headers=wats_emulator.auth_headers,
            timeout=10.0,
        )
        assert response.status_code == 200, response.text


def test_validate_sniffs_the_far_record(tmp_path: Path) -> None:
    converter, context = StdfConverter(), ConverterContext("stdf")

    assert converter.validate(ConverterSource(SAMPLE), context) == 0.99
    text = _write(tmp_path, b"LOT,PART\n1,2\n", "lot.csv")
    assert converter.validate(ConverterSource(text), context) == 0.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"serial_number": "{lot}-{die}"}, "unknown: die"),
        ({"serial_number": "fixed"}, "must use fields of"),
        ({"serial_number": "{lot"}, "serial_number template '{lot'"),
        ({"require_mrr": "yes"}, "require_mrr must be true or false"),
        ({"wafer": 3}, "unknown argument(s) wafer"),
    ],
)
def test_bad_arguments_are_named(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match="converter 'stdf'") as info:
        StdfConverter(**arguments)
    assert message in str(info.value)


def _records(data: bytes) -> list[tuple[int, int]]:
    """(offset, end) of every record of a little-endian STDF byte string."""
    spans, offset = [], 0
    while offset < len(data):
        end = offset + 4 + int.from_bytes(data[offset : offset + 2], "little")
        spans.append((offset, end))
        offset = end
    return spans


def test_truncated_last_record_fails_the_whole_file(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    mrr_offset = _records(data)[-1][0]

    message = _error(tmp_path, data[:-3])

    assert f"at byte offset {mrr_offset} (MRR record)" in message
    assert "no report was made from this file" in message


def test_file_without_mrr_is_refused_unless_allowed(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    without_mrr = data[: _records(data)[-1][0]]

    assert "no MRR (master results) record" in _error(tmp_path, without_mrr)
    result = convert_file(StdfConverter(require_mrr=False), _write(tmp_path, without_mrr, "b.stdf"))
    assert len(result.reports) == 4


def test_parts_without_their_prr_fail_the_file(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    cut = next(start for start, _ in _records(data) if data[start + 2 : start + 4] == b"\x05\x14")

    message = _error(tmp_path, data[:cut], require_mrr=False)

    assert "2 part(s) have test results but no PRR" in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file: no FAR record at byte offset 0"),
        (b"<?xml version='1.0'?><Reports/>", "not an STDF file"),
        (b"\x02\x00\x00\x0a\x02\x03", "unsupported STDF version 3"),
        (b"\x02\x00\x00\x0a\x02\x04" + b"\x02\x00\x05\x14\x01\x01", "(PRR record)"),
    ],
)
def test_bad_input_is_a_converter_error(tmp_path: Path, content: bytes, message: str) -> None:
    assert message in _error(tmp_path, content)


def test_file_with_no_parts_is_skipped(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    spans = _records(data)
    header = data[: spans[1][1]]  # FAR and MIR
    path = _write(tmp_path, header + data[spans[-1][0] :])  # ... and the MRR

    result = convert_file(StdfConverter(), path)

    assert result.status is ConverterStatus.SKIPPED


def test_size_limit(tmp_path: Path) -> None:
    message = _error(tmp_path, SAMPLE.read_bytes(), max_size_bytes=100)

    assert "over the limit of 100" in message
