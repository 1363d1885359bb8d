"""The emulator's SCIM endpoints over raw HTTP: status codes, routing, paging edge cases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pywats_emulator.testing import EmulatorServer

USERS = "/api/SCIM/v2/Users"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def http(wats_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=wats_emulator.url, headers=wats_emulator.auth_headers, timeout=10.0
    ) as client:
        yield client


def create(http: httpx.Client, user_name: str, **extra: Any) -> dict[str, Any]:
    response = http.post(USERS, json={"userName": user_name, **extra})
    assert response.status_code == 201, response.text
    user: dict[str, Any] = response.json()
    return user


def test_create_answers_201_with_location_and_delete_204(http: httpx.Client) -> None:
    response = http.post(USERS, json={"userName": "ada"})
    user = response.json()
    assert response.status_code == 201
    assert response.headers["location"] == user["meta"]["location"]
    assert response.headers["location"].endswith(f"{USERS}/{user['id']}")
    assert http.get(response.headers["location"]).json() == user
    deleted = http.delete(f"{USERS}/{user['id']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert http.get(f"{USERS}/{user['id']}").status_code == 404


def test_paths_and_the_username_prefix_ignore_case(http: httpx.Client) -> None:
    user = create(http, "Grace.Hopper@example.com")
    variants = [
        f"/api/scim/v2/users/{user['id'].upper()}",
        "/API/SCIM/V2/USERS/USERNAME=grace.hopper@example.com",
        f"{USERS}/userName=Grace.Hopper%40example.com",
    ]
    for path in variants:
        response = http.get(path)
        assert response.status_code == 200, path
        assert response.json()["id"] == user["id"]
    listed = http.get("/api/scim/v2/users", params={"STARTINDEX": 1, "Count": 1}).json()
    assert listed["Resources"] == [user]


def test_list_envelope_and_rfc_paging_rules(http: httpx.Client) -> None:
    for name in ("a", "b", "c"):
        create(http, name)
    full = http.get(USERS).json()
    assert set(full) == {"schemas", "totalResults", "itemsPerPage", "startIndex", "Resources"}
    assert full["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    # startIndex < 1 means 1, negative count means 0 (RFC 7644 §3.4.2.4)
    clamped = http.get(USERS, params={"startIndex": -4, "count": -1}).json()
    assert (clamped["startIndex"], clamped["itemsPerPage"], clamped["Resources"]) == (1, 0, [])
    assert clamped["totalResults"] == 3
    assert http.get(USERS, params={"count": "many"}).status_code == 400


def test_patch_replace_updates_last_modified_only(http: httpx.Client) -> None:
    user = create(http, "ada", displayName="Ada")
    body = {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
    }
    response = http.patch(f"{USERS}/{user['id']}", json=body)
    changed = response.json()
    assert response.status_code == 200
    assert changed["active"] is False
    assert changed["meta"]["created"] == user["meta"]["created"]
    assert changed["meta"]["lastModified"] >= user["meta"]["lastModified"]


@pytest.mark.parametrize(
    ("body", "status", "hint"),
    [
        ({"schemas": [PATCH_OP], "Operations": [{"op": "add", "path": "x"}]}, 400, "only"),
        ({"Operations": [{"op": "replace", "path": "active", "value": True}]}, 400, PATCH_OP),
        ("not json", 400, "malformed JSON"),
    ],
)
def test_patch_errors(http: httpx.Client, body: Any, status: int, hint: str) -> None:
    user = create(http, "ada")
    if isinstance(body, str):
        response = http.patch(f"{USERS}/{user['id']}", content=body)
    else:
        response = http.patch(f"{USERS}/{user['id']}", json=body)
    assert response.status_code == status
    assert hint in response.json()["message"]


@pytest.mark.parametrize(
    ("method", "path", "status", "hint"),
    [
        ("GET", f"{USERS}/nope", 404, "GET /api/SCIM/v2/Users"),
        ("DELETE", f"{USERS}/nope", 404, "not found"),
        ("PATCH", f"{USERS}/nope", 404, "not found"),
        ("GET", f"{USERS}/userName=nobody", 404, "POST /api/SCIM/v2/Users"),
        ("GET", "/api/SCIM/v2/Token", 400, "duration=90"),
        ("GET", "/api/SCIM/v2/Token?duration=0", 400, "1..36500"),
        ("GET", "/api/SCIM/v2/Token?duration=99999", 400, "1..36500"),
    ],
)
def test_errors_say_what_to_fix(
    http: httpx.Client, method: str, path: str, status: int, hint: str
) -> None:
    body = {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": True}}]}
    response = http.request(method, path, json=body if method == "PATCH" else None)
    assert response.status_code == status
    assert hint in response.json()["message"]


def test_users_are_emptied_by_reset(http: httpx.Client) -> None:
    create(http, "ada")
    assert http.post("/_emulator/reset").status_code == 200
    assert http.get(USERS).json()["totalResults"] == 0
    create(http, "ada")  # the name is free again


def test_token_values_differ(http: httpx.Client) -> None:
    first = http.get("/api/SCIM/v2/Token", params={"duration": 1}).json()
    second = http.get("/api/SCIM/v2/Token", params={"duration": 1}).json()
    assert first["durationDays"] == 1
    assert first["token"] != second["token"]
    assert first["expiresUtc"].endswith("Z")
