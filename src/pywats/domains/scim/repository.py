"""HTTP calls of the SCIM domain (wats-api.md §2.9): build the request, parse models."""

from __future__ import annotations

from typing import Any

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import path_segment
from pywats.domains.scim.models import (
    ScimListResponse,
    ScimPatchOp,
    ScimPatchRequest,
    ScimToken,
    ScimUser,
)

__all__ = ["AsyncScimRepository"]

SCIM_PREFIX = "/api/SCIM/v2"
TOKEN_PATH = f"{SCIM_PREFIX}/Token"
USERS_PATH = f"{SCIM_PREFIX}/Users"
USER_PATH = f"{USERS_PATH}/{{id}}"
# WATS looks a user up by name with a literal "userName=" inside the path segment.
USER_BY_NAME_PATH = f"{USERS_PATH}/userName={{user_name}}"


def _body(model: ScimUser | ScimPatchRequest) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


class AsyncScimRepository:
    """Builds and parses the SCIM calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    async def get_token(self, duration_days: int) -> ScimToken | None:
        """``GET /api/SCIM/v2/Token?duration=<days>``."""
        response = await self._http.get(TOKEN_PATH, params={"duration": duration_days})
        body = self._errors.handle(response, "get_token")
        return None if body is None else ScimToken.model_validate(body)

    async def get_users(
        self, *, start_index: int | None = None, count: int | None = None
    ) -> ScimListResponse:
        """``GET /api/SCIM/v2/Users`` with SCIM paging (1-based ``startIndex``, ``count``)."""
        params = {"startIndex": start_index, "count": count}
        response = await self._http.get(USERS_PATH, params=params)
        body = self._errors.handle(response, "get_users", allow_empty=True)
        return ScimListResponse.model_validate(body or {})

    async def get_user(self, user_id: str) -> ScimUser | None:
        """``GET /api/SCIM/v2/Users/{id}``."""
        response = await self._http.get(USER_PATH.format(id=path_segment(user_id)))
        return self._user(self._errors.handle(response, "get_user"))

    async def get_user_by_username(self, user_name: str) -> ScimUser | None:
        """``GET /api/SCIM/v2/Users/userName={userName}``."""
        path = USER_BY_NAME_PATH.format(user_name=path_segment(user_name))
        response = await self._http.get(path)
        return self._user(self._errors.handle(response, "get_user_by_username"))

    async def create_user(self, user: ScimUser) -> ScimUser | None:
        """``POST /api/SCIM/v2/Users``."""
        response = await self._http.post(USERS_PATH, json=_body(user))
        return self._user(self._errors.handle(response, "create_user"))

    async def update_user(self, user_id: str, patch: ScimPatchRequest) -> ScimUser | None:
        """``PATCH /api/SCIM/v2/Users/{id}`` with a PatchOp body.

        Sent as retryable when every operation is ``replace``: replacing a value twice leaves
        the same result as once.
        """
        idempotent = all(op.op.lower() == ScimPatchOp.REPLACE.value for op in patch.operations)
        response = await self._http.patch(
            USER_PATH.format(id=path_segment(user_id)),
            json=_body(patch),
            idempotent=idempotent,
        )
        return self._user(self._errors.handle(response, "update_user"))

    async def delete_user(self, user_id: str) -> None:
        """``DELETE /api/SCIM/v2/Users/{id}`` (any 2xx, usually 204 without a body)."""
        response = await self._http.delete(USER_PATH.format(id=path_segment(user_id)))
        self._errors.handle(response, "delete_user", allow_empty=True)

    @staticmethod
    def _user(body: Any) -> ScimUser | None:
        return None if body is None else ScimUser.model_validate(body)
