"""The golden-file helper for converters: it writes, matches, and fails with a readable diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pywats.domains.report.models import UUTReport
from pywats.tools import ReportBuilder
from pywats_client.converters.base import (
    ConverterContext,
    ConverterResult,
    ConverterSource,
    FileConverter,
)
from pywats_client.converters.testing import (
    UPDATE_ENV,
    assert_matches_golden,
    convert_file,
    golden_json,
    json_differences,
)


class LineConverter(FileConverter):
    """A tiny user converter: ``serial,value`` per line, one report per line."""

    name = "lines"
    patterns = ("*.txt",)

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        reports = []
        for line in source.read_text().splitlines():
            serial, value = line.split(",")
            uut = ReportBuilder.uut(
                part_number="PN-1", serial_number=serial, revision="A", process_code=50,
                start=context.now().replace(year=2026, month=1, day=5, hour=8, minute=0,
                                            second=0, microsecond=0),
            )  # fmt: skip
            uut.root.numeric("Value", float(value), low=0, high=10, unit="V")
            reports.append(uut.build())
        return ConverterResult.success(*reports)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "run.txt"
    path.write_text("SN-1,3.5\nSN-2,12.0\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_update_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(UPDATE_ENV, raising=False)


def test_convert_file_gives_a_default_context(sample: Path) -> None:
    result = convert_file(LineConverter(), sample)

    assert [report.serial_number for report in result.reports] == ["SN-1", "SN-2"]


def test_update_writes_normalised_golden_then_it_matches(sample: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden" / "run.json"

    assert_matches_golden(convert_file(LineConverter(), sample), golden, update=True)
    assert_matches_golden(convert_file(LineConverter(), sample), golden)

    written = json.loads(golden.read_text(encoding="utf-8"))
    assert [report["id"] for report in written] == ["<id>", "<id>"]
    assert [report["result"] for report in written] == ["P", "F"]


def test_different_output_fails_with_the_first_differences(sample: Path, tmp_path: Path) -> None:
    golden = tmp_path / "run.json"
    assert_matches_golden(convert_file(LineConverter(), sample), golden, update=True)
    sample.write_text("SN-1,3.5\nSN-3,4.0\n", encoding="utf-8")

    with pytest.raises(AssertionError) as info:
        assert_matches_golden(convert_file(LineConverter(), sample), golden)

    message = str(info.value)
    assert "differs from" in message
    assert '$[1].sn: expected "SN-2", got "SN-3"' in message
    assert '$[1].result: expected "F", got "P"' in message
    assert f"{UPDATE_ENV}=1" in message


def test_environment_variable_rewrites_the_golden_file(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    golden = tmp_path / "run.json"
    golden.write_text("[]\n", encoding="utf-8")
    monkeypatch.setenv(UPDATE_ENV, "1")

    assert_matches_golden(convert_file(LineConverter(), sample), golden)

    assert len(json.loads(golden.read_text(encoding="utf-8"))) == 2


def test_missing_golden_file_fails(sample: Path, tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="does not exist"):
        assert_matches_golden(convert_file(LineConverter(), sample), tmp_path / "none.json")


def test_failed_conversion_fails(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="did not succeed: failure: bad header"):
        assert_matches_golden(ConverterResult.failure("bad header"), tmp_path / "x.json")


def test_a_single_report_or_a_list_is_accepted(sample: Path) -> None:
    reports = list(convert_file(LineConverter(), sample).reports)
    first = reports[0]
    assert isinstance(first, UUTReport)

    assert golden_json(first) == golden_json(reports[:1])
    assert len(golden_json(reports)) == 2


def test_many_differences_are_cut_short(sample: Path, tmp_path: Path) -> None:
    golden = tmp_path / "run.json"
    expected = [{"key": index} for index in range(30)]
    golden.write_text(json.dumps(expected), encoding="utf-8")

    with pytest.raises(AssertionError, match=r"\.\.\. and \d+ more"):
        assert_matches_golden(convert_file(LineConverter(), sample), golden)


@pytest.mark.parametrize(
    ("expected", "actual", "difference"),
    [
        ({"a": 1}, {"a": 1.0}, "$.a: expected 1, got 1.0"),
        ({"a": 1}, {}, "$.a: missing (expected 1)"),
        ({}, {"b": [1]}, "$.b: unexpected [1]"),
        ([1, 2], [1], "$: expected 2 items, got 1"),
        ({"s": [{"n": "x"}]}, {"s": [{"n": "y"}]}, '$.s[0].n: expected "x", got "y"'),
    ],
)
def test_json_differences_name_the_path(expected: object, actual: object, difference: str) -> None:
    assert json_differences(expected, actual) == [difference]


def test_equal_json_has_no_differences() -> None:
    data = {"a": [1, {"b": None, "c": "ä"}], "d": 2.5}

    assert json_differences(data, json.loads(json.dumps(data))) == []
