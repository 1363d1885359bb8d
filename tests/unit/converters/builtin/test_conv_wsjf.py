"""WSJF pass-through converter: samples, golden output, emulator acceptance, bad input."""

from __future__ import annotations

import doctest
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from pywats.domains.report.models import ReportResult, UURReport, UUTReport
from pywats_client.converters.base import ConverterContext, ConverterError, ConverterSource
from pywats_client.converters.builtin import wsjf
from pywats_client.converters.builtin.wsjf import WsjfConverter
from pywats_client.converters.testing import assert_matches_golden, convert_file
from pywats_emulator.testing import EmulatorServer

REPO = Path(__file__).resolve().parents[4]
SAMPLES = REPO / "examples" / "converters" / "wsjf"
GOLDEN = REPO / "tests" / "golden" / "converters" / "wsjf"
STATION = {"machineName": "STATION-07", "location": "Line 2", "purpose": "Production"}

MINIMAL = {
    "type": "T", "pn": "PCB-1", "sn": "SN-1", "rev": "A", "processCode": 50, "result": "P",
    "start": "2026-01-05T08:00:00+01:00",
}  # fmt: skip


def _write(tmp_path: Path, content: str | bytes, name: str = "report.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _convert_error(path: Path, **arguments: Any) -> str:
    with pytest.raises(ConverterError) as info:
        convert_file(WsjfConverter(**arguments), path)
    return str(info.value)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_sample_matches_golden(sample: str) -> None:
    result = convert_file(WsjfConverter(), SAMPLES / sample)

    assert_matches_golden(result, GOLDEN / sample)


def test_single_report_is_passed_through_unchanged() -> None:
    path = SAMPLES / "ict_board_SN-88231.json"
    (report,) = convert_file(WsjfConverter(), path).reports

    original = json.loads(path.read_text(encoding="utf-8"))
    output = report.to_wsjf()

    assert isinstance(report, UUTReport)
    assert datetime.fromisoformat(output.pop("start")) == datetime.fromisoformat(
        original.pop("start")
    )
    assert output == original


def test_array_gives_one_report_per_item_of_either_kind() -> None:
    uut, uur = convert_file(WsjfConverter(), SAMPLES / "repair_batch_2026-03-16.json").reports

    assert isinstance(uut, UUTReport)
    assert uut.result is ReportResult.FAILED
    assert isinstance(uur, UURReport)
    assert uur.uur is not None
    assert str(uur.uur.ref_uut) == str(uut.id)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_sample_reports_are_accepted_by_the_emulator(
    wats_emulator: EmulatorServer, sample: str
) -> None:
    reports = convert_file(WsjfConverter(), SAMPLES / sample).reports
    for report in reports:
        response = httpx.post(
            f"{wats_emulator.url}/api/Report/WSJF",
            json={**report.to_wsjf(), **STATION},
            headers=wats_emulator.auth_headers,
            timeout=10.0,
        )
        assert response.status_code == 200, response.text


def test_bom_and_unknown_keys_are_kept(tmp_path: Path) -> None:
    data = {**MINIMAL, "vendorExtra": {"a": 1}}
    path = _write(tmp_path, b"\xef\xbb\xbf" + json.dumps(data).encode())

    (report,) = convert_file(WsjfConverter(), path).reports

    assert report.to_wsjf()["vendorExtra"] == {"a": 1}


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, '{\n  "pn": "PCB-1",\n  "sn": SN-1\n}')

    message = _convert_error(path)

    assert "invalid JSON at line 3, column 9" in message
    assert "report.json" in message


def test_truncated_json_is_refused(tmp_path: Path) -> None:
    text = json.dumps(MINIMAL)
    message = _convert_error(_write(tmp_path, text[: len(text) // 2]))

    assert "invalid JSON at line 1" in message


def test_missing_and_wrong_fields_are_named(tmp_path: Path) -> None:
    data = {k: v for k, v in MINIMAL.items() if k != "sn"}
    data["root"] = {"name": "Main", "status": "P", "steps": [{"name": "A", "status": "X"}]}

    message = _convert_error(_write(tmp_path, json.dumps(data)))

    assert "not a valid WSJF report" in message
    assert "sn: Field required" in message
    assert "root.steps[0].status" in message
    assert "'X'" in message


def test_bad_item_of_an_array_is_named_by_index(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps([MINIMAL, {**MINIMAL, "result": "Q"}]))

    message = _convert_error(path)

    assert "report 2 (array index 1)" in message
    assert "result" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[]", "holds no reports"),
        ('"just text"', "must be a JSON object, not a string"),
        ("[1, 2]", "must be a JSON object, not a number"),
        ("   ", "file is empty"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["empty-array", "string", "numbers", "blank", "deep"],
)
def test_json_that_is_not_reports_is_refused(tmp_path: Path, content: str, expected: str) -> None:
    assert expected in _convert_error(_write(tmp_path, content))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    assert "binary data, not text (NUL byte at byte 8)" in _convert_error(path)


def test_wrong_encoding_is_refused_with_byte_offset(tmp_path: Path) -> None:
    text = json.dumps({**MINIMAL, "sn": "Sæter-1"}, ensure_ascii=False)
    path = _write(tmp_path, text.encode("latin-1"))

    message = _convert_error(path)

    assert "not valid utf-8-sig text at byte" in message


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps(MINIMAL))

    message = _convert_error(path, max_size_bytes=64)

    assert "over the limit of 64" in message


def test_unknown_and_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="unknown argument.*max_size"):
        WsjfConverter(max_size=1)
    with pytest.raises(ValueError, match="max_size_bytes must be a positive integer"):
        WsjfConverter(max_size_bytes=0)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (json.dumps(MINIMAL), 0.95),
        ('{"name": "package", "version": "1.0"}', 0.3),
        ("<xml/>", 0.0),
    ],
)
def test_validate_sniffs_the_start(tmp_path: Path, content: str, expected: float) -> None:
    source = ConverterSource(_write(tmp_path, content))

    assert WsjfConverter().validate(source, ConverterContext("wsjf")) == expected


def test_docstring_example_runs() -> None:
    outcome = doctest.testmod(wsjf)

    assert outcome.attempted > 0
    assert outcome.failed == 0
