"""SCIM endpoints (wats-api.md §2.9, §8.11): provisioning token and users.

``GET /Users/userName={userName}`` has a literal ``userName=`` inside the last segment. It is
served by the ``GET /Users/{id}`` route, which recognises that prefix in any letter case: a
separate route could not be matched case-insensitively by the routing middleware (which
rewrites only whole literal segments), and SCIM ids assigned here are GUIDs, so no id can
start with ``userName=``.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body
from pywats_emulator.errors import ApiError
from pywats_emulator.scim.patch import apply_patch
from pywats_emulator.scim.store import ScimUserStore
from pywats_emulator.scim.users import LIST_RESPONSE_SCHEMA, new_user
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

PREFIX = "/api/SCIM/v2"
router = APIRouter(prefix=PREFIX)
State = Annotated[EmulatorState, Depends(get_state)]
Body = Annotated[Any, Depends(json_body)]
UserId = Annotated[str, Path(alias="id")]

MAX_TOKEN_DAYS = 36500  # 100 years: beyond that the expiry date is meaningless
MAX_PAGE_SIZE = 1000
_BY_NAME_PREFIX = "username="
_TOKEN_BYTES = 32


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _store(state: EmulatorState) -> ScimUserStore:
    return ScimUserStore(state.storage)


def _not_found(user_id: str) -> ApiError:
    return ApiError(
        404,
        f"user {user_id!r} not found: use an id from GET {PREFIX}/Users, or look the "
        f"user up by name with GET {PREFIX}/Users/userName=<userName>",
    )


def _user_or_404(store: ScimUserStore, user_id: str) -> dict[str, Any]:
    user = store.get(user_id)
    if user is None:
        raise _not_found(user_id)
    return user


@router.get("/Token")
def get_token(
    duration: Annotated[int | None, Query(alias="duration")] = None,
) -> JSONResponse:
    """A new random SCIM token valid for ``duration`` days."""
    if duration is None:
        raise ApiError(400, f"duration (days) is required, e.g. {PREFIX}/Token?duration=90")
    if not 1 <= duration <= MAX_TOKEN_DAYS:
        raise ApiError(400, f"duration must be 1..{MAX_TOKEN_DAYS} days, got {duration}")
    token = base64.b64encode(secrets.token_bytes(_TOKEN_BYTES)).decode("ascii")
    expires = _now() + timedelta(days=duration)
    return JSONResponse(
        {"token": token, "expiresUtc": _utc_text(expires), "durationDays": duration}
    )


@router.get("/Users")
def get_users(
    state: State,
    start_index: Annotated[int | None, Query(alias="startIndex")] = None,
    count: Annotated[int | None, Query(alias="count")] = None,
) -> JSONResponse:
    """A page of users in creation order (RFC 7644 §3.4.2.4: ``startIndex`` < 1 means 1,
    a negative ``count`` means 0); at most :data:`MAX_PAGE_SIZE` per page."""
    first = max(start_index or 1, 1)
    size = MAX_PAGE_SIZE if count is None else min(max(count, 0), MAX_PAGE_SIZE)
    total, users = _store(state).page(first, size)
    return JSONResponse(
        {
            "schemas": [LIST_RESPONSE_SCHEMA],
            "totalResults": total,
            "itemsPerPage": len(users),
            "startIndex": first,
            "Resources": users,
        }
    )


@router.post("/Users")
def create_user(state: State, request: Request, body: Body) -> JSONResponse:
    """Create a user (201); ``userName`` must be unique ignoring case (else 409)."""
    user_id = str(uuid.uuid4())
    location = str(request.url_for("get_user", id=user_id))
    user = new_user(body, user_id=user_id, now=_utc_text(_now()), location=location)
    created = _store(state).create(user)
    return JSONResponse(created, status_code=201, headers={"Location": location})


@router.get("/Users/{id:path}")
def get_user(state: State, user_id: UserId) -> JSONResponse:
    """A user by id, or by name when the segment is ``userName=<name>``.

    ``:path`` because a name may hold an encoded ``/`` (``%2F``), which the server decodes
    before routing.
    """
    store = _store(state)
    if user_id.casefold().startswith(_BY_NAME_PREFIX):
        user_name = user_id[len(_BY_NAME_PREFIX) :]
        user = store.get_by_user_name(user_name)
        if user is None:
            raise ApiError(
                404,
                f"no user with userName {user_name!r}: create it with POST {PREFIX}/Users "
                f"or list the users with GET {PREFIX}/Users",
            )
        return JSONResponse(user)
    return JSONResponse(_user_or_404(store, user_id))


@router.patch("/Users/{id}")
def update_user(state: State, user_id: UserId, body: Body) -> JSONResponse:
    """Apply a PatchOp body (``replace`` operations only)."""
    store = _store(state)
    changed = apply_patch(_user_or_404(store, user_id), body)
    meta = changed.get("meta")
    changed["meta"] = {
        **(meta if isinstance(meta, dict) else {}),
        "lastModified": _utc_text(_now()),
    }
    return JSONResponse(store.replace(changed))


@router.delete("/Users/{id}")
def delete_user(state: State, user_id: UserId) -> Response:
    """Delete a user (204 without a body)."""
    if not _store(state).delete(user_id):
        raise _not_found(user_id)
    return Response(status_code=204)
