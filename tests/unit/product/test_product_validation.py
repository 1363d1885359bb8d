"""Checks of product bodies: every problem is collected and named by its path."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.checks import Checker
from pywats_emulator.errors import ApiError
from pywats_emulator.product.validation import (
    check_bom_items,
    check_product,
    check_relation,
    check_revision,
)


def product_problems(body: dict[str, Any]) -> list[str]:
    check = Checker()
    check_product(check, body, "")
    return check.problems


def test_minimal_product_is_valid() -> None:
    assert product_problems({"partNumber": "PN-1"}) == []


def test_every_problem_of_a_product_is_reported() -> None:
    problems = product_problems(
        {
            "partNumber": "",
            "state": 2,
            "nonSerial": "yes",
            "productId": "not-a-guid",
            "tags": [{"key": "a", "change": 7}, {"key": "a"}, {"value": "x"}],
        }
    )

    assert problems == [
        "partNumber: must not be empty",
        "nonSerial: expected true or false, got a string",
        "state: must be 0 (inactive) or 1 (active), not 2",
        "productId: not a GUID ('not-a-guid')",
        "tags[0].change: must be 0 (none), 1 (add), 2 (update) or 3 (delete), not 7",
        "tags[1].key: 'a' appears more than once",
        "tags[2].key: required",
    ]


def test_nested_revisions_must_belong_to_the_product_and_be_unique() -> None:
    problems = product_problems(
        {
            "partNumber": "PN-1",
            "revisions": [{"revision": "A", "partNumber": "PN-2"}, {"revision": "a"}, {}],
        }
    )

    assert problems == [
        "revisions[0].partNumber: 'PN-2' differs from the product's partNumber 'PN-1'",
        "revisions[1].revision: 'a' appears more than once",
        "revisions[2].revision: required",
    ]


def test_part_number_longer_than_100_characters_is_refused() -> None:
    assert product_problems({"partNumber": "P" * 101}) == [
        "partNumber: longer than 100 characters (101)"
    ]


def test_standalone_revision_must_name_its_product() -> None:
    check = Checker()
    check_revision(check, {"revision": "A"}, "", nested=False)

    assert check.problems == ["partNumber: required (or productId) to know the revision's product"]


@pytest.mark.parametrize(
    ("body", "update", "expected"),
    [
        (
            {"ParentProductRevisionId": "x"},
            False,
            [
                "ParentProductRevisionId: not a GUID ('x')",
                "ProductRevisionId: required (or ChildPartNumber and ChildRevision)",
                "Quantity: required",
            ],
        ),
        ({"ProductRevisionRelationId": None, "Quantity": 0}, True, [
            "ProductRevisionRelationId: required", "Quantity: must be at least 1, not 0"
        ]),
    ],
)  # fmt: skip
def test_relation_problems(body: dict[str, Any], update: bool, expected: list[str]) -> None:
    check = Checker()
    check_relation(check, body, update=update)

    assert check.problems == expected


def test_bom_items_need_a_part_number_and_a_non_negative_quantity() -> None:
    with pytest.raises(ApiError) as caught:
        check_bom_items([{"quantity": -1}, "x"])

    assert caught.value.status == 400
    assert caught.value.errors == [
        "[0].partNumber: required",
        "[0].quantity: must not be negative (-1)",
        "[1]: expected an object",
    ]
