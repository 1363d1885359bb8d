"""Walking the WSJF step tree: ``¶`` paths, multi-measurement names after ``¶¶``, numbers."""

from __future__ import annotations

import math
from typing import Any

import pytest

from pywats_emulator.analytics.matching import LikeMatcher
from pywats_emulator.analytics.steps import as_number, walk_steps

ROOT: dict[str, Any] = {
    "id": 1, "group": "M", "stepType": "SequenceCall", "name": "MainSequence Callback",
    "status": "F", "totTime": 12.5,
    "steps": [
        {"id": 2, "group": "S", "stepType": "Action", "name": "Power on", "status": "P",
         "totTime": 0.4},
        {"id": 3, "group": "M", "stepType": "ET_NLT", "name": "VCC", "status": "P",
         "numericMeas": [{"compOp": "GELE", "status": "P", "unit": "V", "value": 3.31,
                          "lowLimit": 3.2, "highLimit": 3.4}]},
        {"id": 4, "group": "M", "stepType": "ET_MNLT", "name": "Rails", "status": "F",
         "causedUUTFailure": True,
         "numericMeas": [
             {"name": "5V", "compOp": "GELE", "status": "P", "value": 5.01, "lowLimit": 4.9,
              "highLimit": 5.1},
             {"name": "12V", "compOp": "LE", "status": "F", "value": 12.6, "lowLimit": 12.5}]},
        {"id": 5, "group": "M", "stepType": "SequenceCall", "name": "Functional", "status": "P",
         "steps": [
             {"id": 6, "group": "M", "stepType": "ET_NLT", "name": "Ripple", "status": "S",
              "numericMeas": [{"compOp": "LOG", "status": "S", "value": "NaN"}]}]},
    ],
}  # fmt: skip


def test_paths_are_step_names_joined_with_pilcrows_from_the_root() -> None:
    paths = [visit.path for visit in walk_steps(ROOT)]
    assert paths == [
        "MainSequence Callback",
        "MainSequence Callback¶Power on",
        "MainSequence Callback¶VCC",
        "MainSequence Callback¶Rails",
        "MainSequence Callback¶Functional",
        "MainSequence Callback¶Functional¶Ripple",
    ]


def test_step_facts() -> None:
    visits = {visit.name: visit for visit in walk_steps(ROOT)}
    assert visits["MainSequence Callback"].is_container
    assert visits["Functional"].is_container
    assert not visits["VCC"].is_container
    rails = visits["Rails"]
    assert (rails.step_type, rails.group, rails.status, rails.caused_uut_failure) == (
        "ET_MNLT", "M", "F", True,
    )  # fmt: skip
    assert visits["Power on"].tot_time == 0.4


def test_measurement_paths_name_multi_measurements_after_a_double_pilcrow() -> None:
    visits = {visit.name: visit for visit in walk_steps(ROOT)}
    vcc, rails = visits["VCC"], visits["Rails"]
    assert [vcc.measurement_path(m) for m in vcc.numeric] == ["MainSequence Callback¶VCC"]
    assert [rails.measurement_path(m) for m in rails.numeric] == [
        "MainSequence Callback¶Rails¶¶5V",
        "MainSequence Callback¶Rails¶¶12V",
    ]
    twelve = rails.numeric[1]
    assert (twelve.value, twelve.low_limit, twelve.high_limit, twelve.comp_op) == (
        12.6, 12.5, None, "LE",
    )  # fmt: skip


def test_non_finite_values_are_not_numbers() -> None:
    ripple = next(v for v in walk_steps(ROOT) if v.name == "Ripple")
    assert ripple.numeric[0].value is None
    assert as_number("Infinity") is None
    assert as_number(True) is None
    assert as_number(math.nan) is None
    assert as_number("2.5") == 2.5
    assert as_number(3) == 3.0


def test_broken_trees_are_skipped_not_fatal() -> None:
    assert list(walk_steps(None)) == []
    visits = list(walk_steps({"name": "Root", "steps": ["junk", {"name": "A"}]}))
    assert [v.path for v in visits] == ["Root", "Root¶A"]


@pytest.mark.parametrize(
    ("patterns", "path", "expected"),
    [
        ([], "anything", True),
        (["MainSequence Callback¶VCC"], "MainSequence Callback¶VCC", True),
        (["mainsequence callback¶vcc"], "MainSequence Callback¶VCC", True),
        (["MainSequence Callback¶VCC"], "MainSequence Callback¶VCC2", False),
        (["%¶Rails¶¶%"], "MainSequence Callback¶Rails¶¶12V", True),
        (["%¶VC_"], "MainSequence Callback¶VCC", True),
        (["A", "%¶VCC"], "MainSequence Callback¶VCC", True),
        (["x.y"], "xzy", False),  # regex characters are literal
    ],
)
def test_like_matcher_on_paths(patterns: list[str], path: str, expected: bool) -> None:
    assert LikeMatcher(patterns).matches(path) is expected


def test_step_ids_are_the_stored_ids_or_the_pre_order_number() -> None:
    assert [v.step_id for v in walk_steps(ROOT)] == [1, 2, 3, 4, 5, 6]
    tree = {"name": "Root", "steps": [{"name": "A", "steps": [{"name": "B"}]}, {"name": "C"}]}
    assert [(v.name, v.step_id) for v in walk_steps(tree)] == [
        ("Root", 1), ("A", 2), ("B", 3), ("C", 4),
    ]  # fmt: skip
