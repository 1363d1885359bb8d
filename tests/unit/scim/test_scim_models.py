"""SCIM client models: exact JSON keys, unknown keys kept, request bodies as WATS wants."""

from __future__ import annotations

from datetime import datetime, timezone

from pywats.domains.scim import (
    PatchOperation,
    ScimListResponse,
    ScimPatchRequest,
    ScimToken,
    ScimUser,
)


def test_user_round_trip_keeps_unknown_keys() -> None:
    data = {
        "id": "2819c223",
        "userName": "bjensen@example.com",
        "displayName": "Babs Jensen",
        "active": True,
        "externalId": "bjensen",
        "name": {"formatted": "Ms. Barbara J Jensen", "givenName": "Barbara", "familyName": "J"},
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": True}],
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "meta": {"resourceType": "User", "location": "/Users/2819c223"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "QA"},
    }
    user = ScimUser.model_validate(data)
    assert user.user_name == "bjensen@example.com"
    assert user.name is not None
    assert user.name.given_name == "Barbara"
    assert user.emails is not None
    assert user.emails[0].primary is True
    assert user.meta is not None
    assert user.meta.resource_type == "User"
    assert user.model_dump(mode="json", by_alias=True, exclude_none=True) == data


def test_patch_request_body_uses_the_scim_keys() -> None:
    request = ScimPatchRequest(operations=[PatchOperation(path="active", value=False)])
    assert request.model_dump(mode="json", by_alias=True, exclude_none=True) == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": False}],
    }


def test_list_response_and_token() -> None:
    page = ScimListResponse.model_validate(
        {"totalResults": 3, "itemsPerPage": 1, "startIndex": 2, "Resources": [{"userName": "b"}]}
    )
    assert (page.total_results, page.items_per_page, page.start_index) == (3, 1, 2)
    assert [u.user_name for u in page.resources] == ["b"]
    assert ScimListResponse.model_validate({}).resources == []
    token = ScimToken.model_validate(
        {"token": "abc", "expiresUtc": "2027-01-01T00:00:00Z", "durationDays": 30}
    )
    assert token.expires_utc == datetime(2027, 1, 1, tzinfo=timezone.utc)
    assert token.duration_days == 30
