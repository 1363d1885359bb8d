"""SCIM domain through AsyncWATS / pyWATS against the emulator over loopback HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pywats import (
    AsyncWATS,
    ConflictError,
    ErrorMode,
    NotFoundError,
    ValidationError,
    pyWATS,
)
from pywats.domains.scim import PatchOperation, ScimUser
from pywats_emulator.testing import EmulatorServer


def total_requests(server: EmulatorServer) -> int:
    return int(server.stats()["requests_total"])


def ada(**extra: Any) -> dict[str, Any]:
    return {
        "userName": "ada@example.com",
        "displayName": "Ada Lovelace",
        "externalId": "ada-1815",
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"value": "ada@example.com", "type": "work", "primary": True}],
        **extra,
    }


@pytest.mark.anyio
async def test_token_for_a_number_of_days(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        token = await wats.scim.get_token(30)
    assert token is not None
    assert token.token
    assert token.duration_days == 30
    assert token.expires_utc is not None
    expected = datetime.now(timezone.utc) + timedelta(days=30)
    assert abs(token.expires_utc - expected) < timedelta(minutes=5)


@pytest.mark.anyio
@pytest.mark.parametrize("bad", [0, -3, True])
async def test_bad_token_duration_is_refused_before_sending(
    wats_emulator: EmulatorServer, bad: int
) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        with pytest.raises(ValueError, match="duration_days"):
            await wats.scim.get_token(bad)
    assert total_requests(wats_emulator) == 0


@pytest.mark.anyio
async def test_create_read_and_delete_a_user(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        created = await wats.scim.create_user(ada(id="ignored"))
        assert created is not None
        assert created.id is not None
        by_id = await wats.scim.get_user(created.id)
        by_name = await wats.scim.get_user_by_username("ADA@example.com")
        await wats.scim.delete_user(created.id)
        with pytest.raises(NotFoundError) as gone:
            await wats.scim.get_user(created.id)
        with pytest.raises(NotFoundError):
            await wats.scim.delete_user(created.id)
    assert created.id != "ignored"  # the server assigns ids
    assert created.user_name == "ada@example.com"
    assert created.active is True
    assert created.name is not None
    assert created.name.family_name == "Lovelace"
    assert created.meta is not None
    assert created.meta.resource_type == "User"
    assert by_id == by_name == created
    assert "GET /api/SCIM/v2/Users" in str(gone.value)  # says where ids come from


@pytest.mark.anyio
async def test_create_from_a_model_and_usernames_with_special_characters(
    wats_emulator: EmulatorServer,
) -> None:
    odd = "o'brien+qa/line 2@example.com"
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        created = await wats.scim.create_user(ScimUser(user_name="o'brien@example.com"))
        found = await wats.scim.get_user_by_username("o'brien@example.com")
        plus = await wats.scim.create_user({"userName": "qa+1@example.com"})
        plus_found = await wats.scim.get_user_by_username("qa+1@example.com")
        with pytest.raises(NotFoundError) as missing:
            await wats.scim.get_user_by_username(odd)
        slashed = await wats.scim.create_user({"userName": odd})
        slashed_found = await wats.scim.get_user_by_username(odd)
    assert created is not None
    assert found is not None
    assert found.id == created.id
    assert plus is not None
    assert plus_found is not None
    assert plus_found.id == plus.id
    assert "no user with userName" in str(missing.value)
    assert slashed is not None
    assert slashed_found is not None
    assert slashed_found.id == slashed.id


@pytest.mark.anyio
async def test_duplicate_username_is_a_conflict(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        first = await wats.scim.create_user(ada())
        assert first is not None
        with pytest.raises(ConflictError) as info:
            await wats.scim.create_user({"userName": "ADA@EXAMPLE.COM"})
        other = await wats.scim.create_user({"userName": "grace@example.com"})
        assert other is not None and other.id is not None
        with pytest.raises(ConflictError):
            await wats.scim.update_user(
                other.id, [{"op": "replace", "path": "userName", "value": "Ada@example.com"}]
            )
    message = str(info.value)
    assert info.value.status_code == 409
    assert str(first.id) in message
    assert "'ada@example.com'" in message  # the existing user's own spelling
    assert "choose another userName" in message


@pytest.mark.anyio
async def test_missing_username_is_refused_before_sending(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        with pytest.raises(ValueError, match="userName"):
            await wats.scim.create_user({"displayName": "Nobody"})
        with pytest.raises(ValueError, match="user_name"):
            await wats.scim.get_user_by_username("")
    assert total_requests(wats_emulator) == 0


@pytest.mark.anyio
async def test_user_data_of_the_wrong_shape_is_refused_before_sending(
    wats_emulator: EmulatorServer,
) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        with pytest.raises(ValueError, match="emails"):
            await wats.scim.create_user({"userName": "x", "emails": "x@example.com"})
    assert total_requests(wats_emulator) == 0


@pytest.mark.anyio
async def test_paging_is_one_based(wats_emulator: EmulatorServer) -> None:
    names = [f"user{i}@example.com" for i in range(5)]
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        for name in names:
            await wats.scim.create_user({"userName": name})
        everyone = await wats.scim.get_users()
        page = await wats.scim.get_users(start_index=2, count=2)
        tail = await wats.scim.get_users(start_index=5, count=10)
        beyond = await wats.scim.get_users(start_index=9)
        with pytest.raises(ValueError, match="1-based"):
            await wats.scim.get_users(start_index=0)
        with pytest.raises(ValueError, match="count"):
            await wats.scim.get_users(count=-1)
    assert [u.user_name for u in everyone.resources] == names
    assert (everyone.total_results, everyone.items_per_page, everyone.start_index) == (5, 5, 1)
    assert [u.user_name for u in page.resources] == names[1:3]
    assert (page.total_results, page.items_per_page, page.start_index) == (5, 2, 2)
    assert [u.user_name for u in tail.resources] == names[4:]
    assert (beyond.items_per_page, beyond.resources) == (0, [])
    assert everyone.schemas == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]


@pytest.mark.anyio
async def test_patch_helpers_replace_values(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        created = await wats.scim.create_user(ada())
        assert created is not None and created.id is not None
        inactive = await wats.scim.set_user_active(created.id, False)
        renamed = await wats.scim.update_display_name(created.id, "Countess of Lovelace")
        general = await wats.scim.update_user(
            created.id,
            [
                PatchOperation(path="name.givenName", value="Augusta"),
                {"op": "replace", "path": "externalId", "value": "aak"},
            ],
        )
        stored = await wats.scim.get_user(created.id)
    assert inactive is not None and inactive.active is False
    assert renamed is not None and renamed.display_name == "Countess of Lovelace"
    assert renamed.active is False  # earlier change kept
    assert general is not None
    assert general.external_id == "aak"
    assert general.name is not None
    assert (general.name.given_name, general.name.family_name) == ("Augusta", "Lovelace")
    assert stored == general
    assert created.meta is not None and general.meta is not None
    assert general.meta.created == created.meta.created


@pytest.mark.anyio
async def test_only_replace_is_supported_by_the_server(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        created = await wats.scim.create_user(ada())
        assert created is not None and created.id is not None
        with pytest.raises(ValidationError) as add:
            await wats.scim.update_user(
                created.id, [{"op": "add", "path": "emails", "value": [{"value": "b@x"}]}]
            )
        with pytest.raises(ValidationError) as path:
            await wats.scim.update_user(created.id, [PatchOperation(path="password", value="x")])
        with pytest.raises(ValueError, match="must be one of add, remove, replace"):
            await wats.scim.update_user(created.id, [{"op": "upsert", "path": "active"}])
        with pytest.raises(ValueError, match="non-empty list"):
            await wats.scim.update_user(created.id, [])
        with pytest.raises(ValueError, match="active must be True or False"):
            await wats.scim.set_user_active(created.id, "no")  # type: ignore[arg-type]
        unchanged = await wats.scim.get_user(created.id)
    assert "only 'replace'" in str(add.value)
    assert "'password' is not supported" in str(path.value)
    assert unchanged == created


@pytest.mark.anyio
async def test_unknown_user_on_patch_and_lenient_mode(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        with pytest.raises(NotFoundError):
            await wats.scim.set_user_active("no-such-id", True)
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as lenient:
        assert await lenient.scim.get_user("no-such-id") is None
        assert await lenient.scim.get_user_by_username("nobody") is None
        assert await lenient.scim.update_display_name("no-such-id", "x") is None
        await lenient.scim.delete_user("no-such-id")  # no error


def test_sync_client_has_the_same_scim_service(wats_emulator: EmulatorServer) -> None:
    with pyWATS(wats_emulator.url, wats_emulator.token) as wats:
        token = wats.scim.get_token(7)
        created = wats.scim.create_user(ada())
        assert created is not None and created.id is not None
        found = wats.scim.get_user_by_username("ada@example.com")
        inactive = wats.scim.set_user_active(created.id, False)
        page = wats.scim.get_users(count=1)
        wats.scim.delete_user(created.id)
        with pytest.raises(NotFoundError):
            wats.scim.get_user(created.id)
    assert token is not None and token.duration_days == 7
    assert found == created
    assert inactive is not None and inactive.active is False
    assert page.total_results == 1
