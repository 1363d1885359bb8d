"""``dimensions`` parsing (grouping keys, asc/desc sort, KPIs) and row sorting."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.analytics.dimensions import (
    REPAIR_DIMENSIONS,
    REPAIR_KPIS,
    YIELD_DIMENSIONS,
    YIELD_KPIS,
    DimensionPlan,
    SortKey,
    parse_dimensions,
    sort_rows,
)
from pywats_emulator.errors import ApiError


def parse(text: str | None) -> DimensionPlan:
    return parse_dimensions(text, dimensions=YIELD_DIMENSIONS, kpis=YIELD_KPIS)


def test_example_from_the_reference() -> None:
    plan = parse("unitCount desc;partNumber;period")
    assert plan.group_by == ("partNumber", "period")
    assert plan.sort == (SortKey("unitCount", descending=True),)


def test_sort_on_a_dimension_and_case_insensitive_names() -> None:
    plan = parse(" PARTNUMBER desc ; stationname ASC;fpy ")
    assert plan.group_by == ("partNumber", "stationName")
    assert plan.sort == (SortKey("partNumber", True), SortKey("stationName", False))


def test_empty_means_no_plan() -> None:
    assert parse(None) == DimensionPlan((), ())
    assert parse(" ; ") == DimensionPlan((), ())


def test_duplicates_group_once() -> None:
    assert parse("partNumber;partNumber desc").group_by == ("partNumber",)


def test_unknown_dimension_lists_the_valid_ones() -> None:
    with pytest.raises(ApiError) as caught:
        parse("partNumber;colour")
    assert caught.value.status == 400
    assert "'colour'" in caught.value.message
    assert "partNumber" in caught.value.message and "unitCount" in caught.value.message


def test_bad_sort_word() -> None:
    with pytest.raises(ApiError, match="'up'.*asc or desc"):
        parse("unitCount up")


def test_repair_names_are_valid_only_for_repair() -> None:
    plan = parse_dimensions(
        "repairCount desc;failCode", dimensions=REPAIR_DIMENSIONS, kpis=REPAIR_KPIS
    )
    assert plan.group_by == ("failCode",)
    with pytest.raises(ApiError):
        parse("failCode")


def test_with_group_appends_once() -> None:
    plan = parse("partNumber").with_group("period")
    assert plan.with_group("period").group_by == ("partNumber", "period")


def test_sort_rows_descending_none_last_then_tiebreakers() -> None:
    rows: list[dict[str, Any]] = [
        {"partNumber": "B", "unitCount": 2},
        {"partNumber": "A", "unitCount": None},
        {"partNumber": "C", "unitCount": 5},
        {"partNumber": "A", "unitCount": 2},
    ]
    ordered = sort_rows(rows, [SortKey("unitCount", True), SortKey("partNumber", False)])
    assert [(r["partNumber"], r["unitCount"]) for r in ordered] == [
        ("C", 5), ("A", 2), ("B", 2), ("A", None),
    ]  # fmt: skip


def test_sort_rows_ascending_none_last() -> None:
    rows: list[dict[str, Any]] = [{"fpy": None}, {"fpy": 50.0}, {"fpy": 12.5}]
    assert [r["fpy"] for r in sort_rows(rows, [SortKey("fpy", False)])] == [12.5, 50.0, None]
