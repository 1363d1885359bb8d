"""Box build rules: revision masks and comparing a unit's children with a template."""

from __future__ import annotations

import pytest

from pywats_emulator.production.box_build import (
    ChildRef,
    RequiredChild,
    revision_matches,
    template_problems,
)
from pywats_emulator.production.http import prefers_xml
from pywats_emulator.production.phases import resolve_phase


@pytest.mark.parametrize(
    ("revision", "mask", "expected"),
    [
        ("B", None, True),
        ("B", "", True),
        ("B", "A;B", True),
        ("C", "A;B", False),
        ("1.4", "1.%", True),
        ("2.0", "1.%", False),
        ("A1", "A_", True),
        ("A12", "A_", False),
        ("b", "B", True),
        (None, "A", False),
        ("a.b", "a.b", True),
        ("axb", "a.b", False),  # '.' is literal, not a regex wildcard
    ],
)
def test_revision_masks(revision: str | None, mask: str | None, expected: bool) -> None:
    assert revision_matches(revision, mask) is expected


def test_matching_children_give_no_problems() -> None:
    template = [RequiredChild("PSU", 1, "A;B"), RequiredChild("FAN", 2)]
    children = [ChildRef("S1", "PSU", "B"), ChildRef("F1", "FAN", "X"), ChildRef("F2", "FAN", None)]
    assert template_problems(children, template) == []


def test_every_difference_is_named() -> None:
    template = [RequiredChild("PSU", 1, "A"), RequiredChild("FAN", 2)]
    children = [
        ChildRef("S1", "PSU", "C"),
        ChildRef("S2", "PSU", "A"),
        ChildRef("X1", "CABLE", "A"),
    ]
    assert template_problems(children, template) == [
        "child 'S1': revision 'C' does not match 'A'",
        "child 'X1': part number 'CABLE' is not in the box build (allowed: FAN, PSU)",
        "1 x 'PSU' more than the box build's 1",
        "missing 2 x 'FAN'",
    ]


@pytest.mark.parametrize(
    ("accept", "xml"),
    [
        (None, False),
        ("application/json", False),
        ("*/*", False),
        ("application/xml", True),
        ("text/xml", True),
        ("application/json, application/xml;q=0.9", False),
        ("application/json;q=0.5, application/xml", True),
        ("application/xml;q=bad", False),
    ],
)
def test_accept_header_decides_the_take_answer_format(accept: str | None, xml: bool) -> None:
    assert prefers_xml(accept) is xml


@pytest.mark.parametrize("value", [16, "16", "Finalized", "finalized", "FINALIZED", " Finalized "])
def test_phase_by_id_name_or_code(value: str | int) -> None:
    assert resolve_phase(value).phase_id == 16


def test_phase_by_code_with_two_words() -> None:
    assert resolve_phase("UnderProduction").phase_id == resolve_phase("under production").phase_id


def test_unknown_phase_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"valid phases: 1 \(Unknown\), 2 \(Under production\)"):
        resolve_phase("3")
