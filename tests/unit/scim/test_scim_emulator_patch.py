"""The emulator's SCIM PATCH rules (pure): only ``replace``, documented paths, all or none."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.errors import ApiError
from pywats_emulator.scim.patch import SUPPORTED_PATHS, apply_patch
from pywats_emulator.scim.users import PATCH_OP_SCHEMA, USER_SCHEMA

USER: dict[str, Any] = {
    "schemas": [USER_SCHEMA],
    "id": "u-1",
    "userName": "ada",
    "displayName": "Ada",
    "active": True,
    "name": {"givenName": "Ada", "familyName": "Lovelace"},
    "meta": {"resourceType": "User"},
}


def patch(*operations: Any) -> dict[str, Any]:
    return {"schemas": [PATCH_OP_SCHEMA], "Operations": list(operations)}


def rejected(body: Any) -> str:
    with pytest.raises(ApiError) as info:
        apply_patch(USER, body)
    assert info.value.status == 400
    return info.value.message


def test_replace_changes_only_the_named_attributes_and_leaves_the_input() -> None:
    changed = apply_patch(
        USER,
        patch(
            {"op": "replace", "path": "displayName", "value": "Countess"},
            {"op": "Replace", "path": "ACTIVE", "value": False},  # op and path ignore case
        ),
    )
    assert changed["displayName"] == "Countess"
    assert changed["active"] is False
    assert changed["userName"] == "ada"
    assert USER["displayName"] == "Ada"
    assert USER["active"] is True


@pytest.mark.parametrize(("sent", "stored"), [("False", False), ("true", True), (True, True)])
def test_active_accepts_booleans_and_their_text(sent: Any, stored: bool) -> None:
    changed = apply_patch(USER, patch({"op": "replace", "path": "active", "value": sent}))
    assert changed["active"] is stored


def test_name_parts_merge_and_emails_are_replaced_whole() -> None:
    changed = apply_patch(
        USER,
        patch(
            {"op": "replace", "path": "name.givenName", "value": "Augusta"},
            {"op": "replace", "path": "name", "value": {"formatted": "Augusta Ada King"}},
            {"op": "replace", "path": "emails", "value": [{"value": "a@x.org", "primary": True}]},
        ),
    )
    assert changed["name"] == {
        "givenName": "Augusta",
        "familyName": "Lovelace",
        "formatted": "Augusta Ada King",
    }
    assert changed["emails"] == [{"value": "a@x.org", "primary": True}]


def test_operation_without_path_carries_an_object_of_attributes() -> None:
    changed = apply_patch(
        USER,
        patch({"op": "replace", "value": {"displayName": "A.", "name.familyName": "King"}}),
    )
    assert changed["displayName"] == "A."
    assert changed["name"]["familyName"] == "King"


@pytest.mark.parametrize("op", ["add", "remove", "move", None])
def test_only_replace_is_supported(op: Any) -> None:
    message = rejected(patch({"op": op, "path": "displayName", "value": "x"}))
    assert "Operations[0]" in message
    assert "only 'replace'" in message


def test_one_bad_operation_rejects_them_all() -> None:
    message = rejected(
        patch(
            {"op": "replace", "path": "displayName", "value": "ok"},
            {"op": "add", "path": "emails", "value": []},
        )
    )
    assert "Operations[1]" in message
    assert USER["displayName"] == "Ada"


def test_unsupported_path_lists_the_supported_ones() -> None:
    message = rejected(patch({"op": "replace", "path": "password", "value": "x"}))
    assert "'password' is not supported" in message
    assert all(path in message for path in SUPPORTED_PATHS)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([], "expected a PatchOp object"),
        ({"Operations": []}, "schemas"),
        ({"schemas": [USER_SCHEMA], "Operations": [{}]}, "schemas"),
        ({"schemas": [PATCH_OP_SCHEMA]}, "Operations"),
        ({"schemas": [PATCH_OP_SCHEMA], "Operations": []}, "non-empty"),
        ({"schemas": [PATCH_OP_SCHEMA], "Operations": ["replace"]}, "must be an object"),
    ],
)
def test_malformed_bodies(body: Any, expected: str) -> None:
    assert expected in rejected(body)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("active", "yes", "active must be true or false"),
        ("userName", "", "userName must not be empty"),
        ("userName", None, "userName is required"),
        ("displayName", 5, "displayName must be a string"),
        ("name", "Ada", "name must be an object"),
        ("emails", {"value": "x"}, "emails must be a list"),
    ],
)
def test_values_of_the_wrong_type(path: str, value: Any, expected: str) -> None:
    assert expected in rejected(patch({"op": "replace", "path": path, "value": value}))


def test_missing_path_needs_an_object_value() -> None:
    assert "without a path" in rejected(patch({"op": "replace", "value": "x"}))
