"""CSV mapping converter: template and argument validation, and bad input of every kind."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from pywats_client.converters.base import ConverterError
from pywats_client.converters.builtin.csv_mapping import CsvMappingConverter
from pywats_client.converters.testing import convert_file

TEMPLATE: dict[str, Any] = {
    "table": {"header_starts_with": "Step"},
    "fields": {
        "serial_number": {"key": "Serial"},
        "start": {"key": "Started", "format": "%Y-%m-%d %H:%M"},
    },
    "defaults": {"part_number": "PN-1", "revision": "A", "process_code": 50},
    "step_rows": {"name_column": "Step", "value_column": "Value", "low_column": "Min",
                  "high_column": "Max", "status_column": "Status"},
}  # fmt: skip
GOOD = "Serial;SN-1\nStarted;2026-03-01 10:00\nStep;Value;Min;Max;Status\nVCC;3.3;3.2;3.4;P\n"


def _with(**changes: Any) -> dict[str, Any]:
    return {**TEMPLATE, **changes}


def _error(tmp_path: Path, content: str | bytes, template: dict[str, Any] | None = None,
           **arguments: Any) -> str:  # fmt: skip
    path = tmp_path / "log.csv"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    converter = CsvMappingConverter(mapping=template or TEMPLATE, **arguments)
    with pytest.raises(ConverterError) as info:
        convert_file(converter, path)
    return str(info.value)


def test_good_file_converts(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(GOOD, encoding="utf-8")

    (report,) = convert_file(CsvMappingConverter(mapping=TEMPLATE, timezone="UTC"), path).reports

    assert report.serial_number == "SN-1"
    assert report.start.isoformat() == "2026-03-01T10:00:00+00:00"


# -- template ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (_with(stepz={}), "stepz: Extra inputs are not permitted"),
        (
            _with(step_rows={"nmae_column": "Step"}),
            "step_rows.nmae_column: Extra inputs are not permitted",
        ),
        (_with(defaults={"revision": "A", "process_code": 50}), "part_number"),
        (_with(step_columns=[{"name": "X", "value_column": "V"}]), "exactly one of 'step_rows'"),
        (_with(mode="row"), "mode 'row'"),
        (_with(mode="group"), "'group_by' goes with mode 'group'"),
        (_with(mode="batch"), "mode: Input should be 'file', 'row' or 'group'"),
        (_with(fields={"serial_number": {"key": "S", "format": "%Y"}}), "'format' applies"),
        (_with(fields={"serial_number": {"key": "S", "column": "S"}}), "exactly one of 'key'"),
        (_with(fields={"serial": {"key": "S"}}), "fields.serial"),
        (_with(fields={"serial_number": {"key": "S", "pattern": "("}}), "bad regex"),
        (_with(status_words={"pass": ["OK"], "fail": ["ok"]}), "listed under two meanings"),
        (_with(encoding="klingon"), "unknown encoding 'klingon'"),
        (_with(table={"header_line": 0}), "table.header_line"),
        (_with(delimiter=";;"), "delimiter"),
        (
            _with(step_rows=None, step_columns=[{"name": "X", "low": 1}]),
            "'value_column' and/or 'status_column'",
        ),
    ],
    ids=[
        "unknown-key", "typo-in-steps", "required-field", "both-step-kinds", "row-with-rows",
        "group-without-key", "bad-mode", "format-not-start", "two-sources", "unknown-field",
        "bad-regex", "duplicate-word", "bad-encoding", "header-line-0", "long-delimiter",
        "column-step-without-source",
    ],
)  # fmt: skip
def test_bad_template_is_refused_with_its_path(template: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValueError, match="converter 'csv'") as info:
        CsvMappingConverter(mapping=template)

    assert expected in str(info.value)


def test_template_file_problems_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{nope", encoding="utf-8")

    with pytest.raises(ValueError, match="broken.json is not valid JSON"):
        CsvMappingConverter(mapping=broken)
    with pytest.raises(ValueError, match="cannot read mapping file"):
        CsvMappingConverter(mapping=tmp_path / "missing.json")


def test_template_file_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TEMPLATE), encoding="utf-8")

    assert (
        CsvMappingConverter(mapping=str(path)).template
        == CsvMappingConverter(mapping=TEMPLATE).template
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({}, "the 'mapping' argument (template) is required"),
        ({"mapping": TEMPLATE, "delimeter": ";"}, "unknown argument(s) delimeter"),
        ({"mapping": TEMPLATE, "delimiter": "::"}, "delimiter must be one character"),
        ({"mapping": TEMPLATE, "skip_rows": -1}, "skip_rows must not be negative"),
        ({"mapping": TEMPLATE, "skip_rows": "2"}, "skip_rows must be a whole number"),
        ({"mapping": TEMPLATE, "encoding": "nope"}, "unknown encoding 'nope'"),
        ({"mapping": TEMPLATE, "timezone": "Mars/Olympus"}, "timezone 'Mars/Olympus'"),
        ({"mapping": TEMPLATE, "max_size_bytes": -5}, "max_size_bytes"),
        ({"mapping": [1, 2]}, "mapping must be a dict or a JSON file path"),
    ],
)
def test_bad_arguments_are_named(arguments: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        CsvMappingConverter(**arguments)


# -- file content -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (GOOD.replace(";P\n", ";MAYBE\n"), "line 4: unknown status word 'MAYBE'"),
        (GOOD.replace("3.2;3.4", "low;3.4"), "line 4: low limit 'low' is not a number"),
        (GOOD.replace("2026-03-01 10:00", "01.03.2026"), "line 2, key 'Started'"),
        (GOOD.replace("Serial;SN-1", "Serial;"), "serial_number is empty or missing"),
        (GOOD.replace("VCC;3.3;3.2;3.4;P", "VCC;;;;"), "step 'VCC' has neither a value"),
        (GOOD.replace("Value;", "Reading;"), "column 'Value' is not in the table header (line 3"),
        (GOOD + 'X;"3.3;1;2;P\n', "line 5: unexpected end of data"),
        ("Serial;SN-1\nStarted;2026-03-01 10:00\n", "no line starts with 'Step' (truncated"),
        (GOOD.split("VCC")[0], "no data rows after the table header (line 3"),
        ("\n\n  \n", "file is empty"),
    ],
    ids=[
        "status-word", "limit", "start-format", "missing-serial", "no-value", "unknown-column",
        "bad-quoting", "truncated-before-table", "truncated-after-header", "blank",
    ],
)  # fmt: skip
def test_bad_content_names_line_and_column(tmp_path: Path, content: str, expected: str) -> None:
    assert expected in _error(tmp_path, content)


def test_failing_comparison_setup_is_reported_with_the_line(tmp_path: Path) -> None:
    template = _with(step_rows={"name_column": "Step", "value_column": "Value",
                                "comp_op": "GELE"})  # fmt: skip

    message = _error(tmp_path, GOOD, template)

    assert "line 4: step 'VCC'" in message
    assert "limit" in message


def test_group_mode_refuses_rows_without_a_group(tmp_path: Path) -> None:
    template = _with(mode="group", group_by="Unit", table={}, fields={
        "serial_number": {"column": "Unit"}}, step_rows={"name_column": "Step",
        "value_column": "Value"})  # fmt: skip

    message = _error(tmp_path, "Unit;Step;Value\nU1;A;1\n;B;2\n", template)

    assert "line 3: the group_by column 'Unit' is empty" in message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    assert "binary data, not text (NUL byte at byte 3)" in _error(tmp_path, b"PK\x03\x00\x14")


def test_binary_file_in_a_single_byte_encoding_is_refused(tmp_path: Path) -> None:
    message = _error(tmp_path, b"Serial;\x00\xff\xfe", encoding="latin-1")

    assert "binary data" in message


def test_wrong_encoding_names_the_byte(tmp_path: Path) -> None:
    content = GOOD.replace("SN-1", "SN-Ø1").encode("latin-1")

    message = _error(tmp_path, content)

    assert "not valid utf-8-sig text at byte 10" in message
    assert "'encoding' argument" in message


def test_huge_file_is_refused(tmp_path: Path) -> None:
    assert "over the limit of 32" in _error(tmp_path, GOOD, max_size_bytes=32)


def test_delimiter_cannot_be_guessed(tmp_path: Path) -> None:
    template = _with(table={}, fields={"serial_number": {"filename": True}})

    message = _error(tmp_path, "just one word\n", template)

    assert "cannot tell the delimiter" in message
