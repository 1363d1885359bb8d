"""Tag lists: a plain list replaces the tags, ``change`` codes make a delta (pure logic)."""

from __future__ import annotations

from typing import Any

from pywats_emulator.product.tags import TagChange, apply_tags

CURRENT = [("colour", "red"), ("size", "L")]


def tag(key: str, value: str | None = None, change: int | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"key": key, "value": value}
    if change is not None:
        entry["change"] = change
    return entry


def test_list_without_changes_replaces_every_tag() -> None:
    assert apply_tags(CURRENT, [tag("weight", "2kg")]) == [("weight", "2kg")]


def test_list_of_unchanged_rows_keeps_them_as_given() -> None:
    rows = [tag("size", "L", 0), tag("colour", "red", 0)]

    assert apply_tags(CURRENT, rows) == [("size", "L"), ("colour", "red")]


def test_empty_list_clears_the_tags() -> None:
    assert apply_tags(CURRENT, []) == []


def test_add_appends_and_update_replaces_in_place() -> None:
    result = apply_tags(
        CURRENT, [tag("weight", "2kg", TagChange.ADD), tag("colour", "blue", TagChange.UPDATE)]
    )

    assert result == [("colour", "blue"), ("size", "L"), ("weight", "2kg")]


def test_delete_removes_only_that_key_and_ignores_unchanged_rows() -> None:
    result = apply_tags(CURRENT, [tag("colour", change=TagChange.DELETE), tag("size", "XL", 0)])

    assert result == [("size", "L")]


def test_deleting_an_absent_key_changes_nothing() -> None:
    assert apply_tags(CURRENT, [tag("nope", change=TagChange.DELETE)]) == CURRENT


def test_keys_are_case_sensitive() -> None:
    result = apply_tags(CURRENT, [tag("Colour", "green", TagChange.ADD)])

    assert result == [("colour", "red"), ("size", "L"), ("Colour", "green")]
