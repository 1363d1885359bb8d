"""The emulator's SCIM user resources (pure): what create stores and what it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.errors import ApiError
from pywats_emulator.scim.users import USER_SCHEMA, get_ci, new_user, user_name_key


def create(body: Any) -> dict[str, Any]:
    return new_user(body, user_id="new-id", now="2026-01-01T00:00:00.000Z", location="/u/new-id")


def test_server_assigns_id_and_meta_and_defaults_the_rest() -> None:
    user = create({"userName": "ada", "id": "client-id", "meta": {"x": 1}, "title": "Dr"})
    assert user["id"] == "new-id"
    assert user["active"] is True
    assert user["schemas"] == [USER_SCHEMA]
    assert user["meta"] == {
        "resourceType": "User",
        "created": "2026-01-01T00:00:00.000Z",
        "lastModified": "2026-01-01T00:00:00.000Z",
        "location": "/u/new-id",
    }
    assert user["title"] == "Dr"  # unknown attributes are kept


def test_attribute_names_are_case_insensitive_and_stored_canonically() -> None:
    user = create({"USERNAME": "ada", "DisplayName": "Ada", "Active": False})
    assert (user["userName"], user["displayName"], user["active"]) == ("ada", "Ada", False)
    assert "USERNAME" not in user


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([], "expected a JSON object"),
        ({}, "userName is required"),
        ({"userName": "  "}, "userName must not be empty"),
        ({"userName": "a", "active": "yes"}, "active must be true or false"),
        ({"userName": "a", "schemas": "x"}, "schemas must be a list"),
        ({"userName": "a", "name": {"givenName": 1}}, "name.givenName must be a string"),
        ({"userName": "a", "emails": [{"primary": "y"}]}, "emails[0].primary"),
        ({"userName": "a", "emails": ["a@x"]}, "emails[0] must be an object"),
    ],
)
def test_invalid_users_are_refused_with_the_reason(body: Any, expected: str) -> None:
    with pytest.raises(ApiError) as info:
        create(body)
    assert info.value.status == 400
    assert expected in info.value.message


def test_every_problem_is_listed() -> None:
    with pytest.raises(ApiError) as info:
        create({"displayName": 1, "active": "x"})
    assert info.value.errors is not None
    assert len(info.value.errors) == 3


def test_helpers() -> None:
    assert user_name_key(" Ada@Example.COM ") == "ada@example.com"
    assert get_ci({"Operations": 1}, "operations") == 1
    assert get_ci({"op": 2}, "op") == 2
    assert get_ci({}, "op") is None
