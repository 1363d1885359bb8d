"""Body parsing helpers shared by the repositories."""

from __future__ import annotations

from typing import Any

import pytest

from pywats.core.parsing import parse_rows, path_segment
from pywats.domains.analytics.models import Level, ProcessInfo
from pywats.domains.report.repository import report_id_from_body
from pywats.domains.report.service import normalise_report_type


def test_parse_rows_uses_aliases_and_keeps_unknown_keys() -> None:
    rows = parse_rows(
        [{"code": 100, "name": "End of line test", "isTestOperation": True, "future": 1}],
        ProcessInfo,
        "get_processes",
    )
    assert rows[0].code == 100
    assert rows[0].is_test_operation is True
    assert rows[0].model_extra == {"future": 1}
    assert rows[0].model_dump(by_alias=True, exclude_unset=True) == {
        "code": 100,
        "name": "End of line test",
        "isTestOperation": True,
        "future": 1,
    }


def test_parse_rows_none_is_empty_and_non_list_is_an_error() -> None:
    assert parse_rows(None, Level, "get_levels") == []
    with pytest.raises(TypeError, match=r"get_levels: expected a JSON array of Level, got dict"):
        parse_rows({"levelId": 1}, Level, "get_levels")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9f1c7a0e-8d7e-4e2b-9a51-3f3c1a2b4c5d", "9f1c7a0e-8d7e-4e2b-9a51-3f3c1a2b4c5d"),
        ("../../api/App/Version", "..%2F..%2Fapi%2FApp%2FVersion"),
        ("a b?c#d", "a%20b%3Fc%23d"),
        (42, "42"),
    ],
)
def test_path_segment_cannot_escape_its_segment(value: str | int, expected: str) -> None:
    assert path_segment(value) == expected


def test_path_segment_rejects_empty() -> None:
    with pytest.raises(ValueError, match="empty"):
        path_segment("")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"ID": "a"}, "a"),
        ({"id": "b"}, "b"),
        ({"uuid": "c"}, "c"),
        ([{"ID": "d"}], "d"),
        (["e"], "e"),
        ("f", "f"),
        ('"g"', "g"),
        (None, None),
        ([], None),
        ({}, None),
        ({"status": "ok"}, None),
        (17, None),
    ],
)
def test_report_id_from_submit_answers(body: Any, expected: str | None) -> None:
    assert report_id_from_body(body) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [("U", "U"), ("u", "U"), ("T", "U"), ("UUT", "U"), ("R", "R"), ("uur", "R")],
)
def test_report_type_for_header_queries(given: str, expected: str) -> None:
    assert normalise_report_type(given) == expected


def test_unknown_report_type_is_rejected() -> None:
    with pytest.raises(ValueError, match="'U' \\(UUT\\) or 'R' \\(UUR\\)"):
        normalise_report_type("X")
