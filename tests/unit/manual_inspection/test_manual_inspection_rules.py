"""Manual inspection rules without I/O: field checks, the relation conflict rule, copy names."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.manual_inspection.rules import (
    MiValueError,
    clean_definition,
    clean_relation,
    conflicts,
    copy_name,
    relation_matches_unit,
    relations_conflict,
    same_target,
    show,
)


def is_test_op(code: int) -> bool:
    return code in (10, 100)


def rel(definition: str, pn: str = "PN-1", rev: str | None = None, code: int | None = None,
        rid: str = "r") -> dict[str, Any]:  # fmt: skip
    return {"relationId": rid, "definitionId": definition, "partNumber": pn, "revision": rev,
            "processCode": code}  # fmt: skip


# -- definitions -------------------------------------------------------------------------------


def test_clean_definition_keeps_client_keys_and_drops_server_ones() -> None:
    fields = clean_definition(
        {
            "definitionId": "x",
            "name": "  Visual  ",
            "description": "d",
            "isGlobal": True,
            "xaml": "<a/>",
            "version": 9,
            "createdBy": "me",
            "color": "red",
            "note": None,
        },
        id_key="definitionId",
    )

    assert fields == {"name": "Visual", "description": "d", "isGlobal": True, "color": "red"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "must be a JSON object"),
        ({"name": ""}, "name must be a non-empty string"),
        ({"name": 5}, "name must be a non-empty string"),
        ({"name": "x" * 101}, "longer than 100"),
        ({"description": 1}, "description must be a string"),
        ({"isGlobal": "yes"}, "isGlobal must be true or false"),
    ],
)
def test_clean_definition_refuses_wrong_values(body: Any, message: str) -> None:
    with pytest.raises(MiValueError, match=message):
        clean_definition(body, id_key="definitionId")


def test_show_lists_documented_keys_first_then_the_rest() -> None:
    assert list(show({"extra": 1, "b": 2}, ("a", "b"))) == ["a", "b", "extra"]
    assert show({"b": 2}, ("a", "b")) == {"a": None, "b": 2}


def test_copy_name_finds_a_free_name_that_fits() -> None:
    assert copy_name("Visual", set()) == "Visual - Copy"
    assert copy_name("Visual", {"visual - copy", "visual - copy 2"}) == "Visual - Copy 3"
    long = copy_name("x" * 100, {("x" * 93 + " - Copy").casefold()})
    assert long == "x" * 91 + " - Copy 2"
    assert len(long) == 100


# -- relations ---------------------------------------------------------------------------------


def test_clean_relation_normalises_and_checks_the_process() -> None:
    body = {"relationId": "r", "definitionId": "d", "partNumber": " PN ", "revision": " ",
            "processCode": 100, "note": "kept"}  # fmt: skip

    fields = clean_relation(body, is_test_op)

    assert fields == {"definitionId": "d", "partNumber": "PN", "revision": None,
                      "processCode": 100, "note": "kept"}  # fmt: skip


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x", "must be a JSON object"),
        ({"partNumber": "PN"}, "definitionId is required"),
        ({"definitionId": "d"}, "partNumber is required"),
        ({"definitionId": "d", "partNumber": " "}, "partNumber is required"),
        ({"definitionId": "d", "partNumber": "P", "revision": 1}, "revision must be a string"),
        ({"definitionId": "d", "partNumber": "P", "processCode": "10"}, "whole number"),
        ({"definitionId": "d", "partNumber": "P", "processCode": True}, "whole number"),
        ({"definitionId": "d", "partNumber": "P", "processCode": 500}, "not a test operation"),
    ],
)
def test_clean_relation_refuses_wrong_values(body: Any, message: str) -> None:
    with pytest.raises(MiValueError, match=message):
        clean_relation(body, is_test_op)


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        (rel("A"), rel("B"), True),  # every revision and process on both
        (rel("A", "pn-1"), rel("B", "PN-1"), True),  # part numbers ignore letter case
        (rel("A", rev="a"), rel("B", rev="A"), True),
        (rel("A", rev="A"), rel("B", rev="B"), False),
        (rel("A", rev="A"), rel("B"), True),  # null revision = every revision
        (rel("A", code=10), rel("B", code=100), False),
        (rel("A", code=10), rel("B", code=None), True),
        (rel("A", "PN-1"), rel("B", "PN-2"), False),
        (rel("A"), rel("A", rid="other"), False),  # one definition never conflicts with itself
    ],
)
def test_relations_conflict_when_a_unit_could_match_both(
    a: dict[str, Any], b: dict[str, Any], clash: bool
) -> None:
    assert relations_conflict(a, b) is clash
    assert relations_conflict(b, a) is clash


def test_conflicts_pairs_each_own_relation_with_its_clashes() -> None:
    own = [rel("A", rev="A", rid="a1"), rel("A", "PN-9", rid="a2")]
    others = [*own, rel("B", rid="b1"), rel("C", rev="B", rid="c1"), rel("D", rev="a", rid="d1")]

    found = conflicts(own, others)

    assert [(r["relationId"], [c["relationId"] for c in cs]) for r, cs in found] == [
        ("a1", ["b1", "d1"])
    ]


def test_same_target_compares_every_binding_field() -> None:
    assert same_target(rel("A", "pn", "a", 10), rel("B", "PN", "A", 10))
    assert not same_target(rel("A", rev="a"), rel("A"))
    assert not same_target(rel("A", code=10), rel("A", code=100))


def test_relation_matches_unit_by_part_number_and_revision() -> None:
    assert relation_matches_unit(rel("A", "PN-1"), "pn-1", "B")
    assert relation_matches_unit(rel("A", rev="b"), "PN-1", "B")
    assert not relation_matches_unit(rel("A", rev="A"), "PN-1", "B")
    assert not relation_matches_unit(rel("A", "PN-2"), "PN-1", "B")
