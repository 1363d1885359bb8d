"""SCIM service (wats-api.md §2.9): provisioning token and user accounts.

An identity provider (Azure AD / Entra ID, Okta...) normally drives these endpoints; the
service lets scripts do the same: list, create, look up, deactivate and delete WATS users.
WATS changes users only through PATCH ``replace`` operations, so the helpers
(:meth:`AsyncScimService.set_user_active`, :meth:`AsyncScimService.update_display_name`) build
exactly that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pywats.domains.scim.models import (
    PatchOperation,
    ScimListResponse,
    ScimPatchOp,
    ScimPatchRequest,
    ScimToken,
    ScimUser,
)
from pywats.domains.scim.repository import AsyncScimRepository

__all__ = ["AsyncScimService"]

_SCIM_OPS = ", ".join(op.value for op in ScimPatchOp)


def _require_text(value: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _as_user(user: ScimUser | Mapping[str, Any]) -> ScimUser:
    model = user if isinstance(user, ScimUser) else ScimUser.model_validate(dict(user))
    if not model.user_name or not model.user_name.strip():
        raise ValueError("a SCIM user needs a userName (e.g. the person's login or e-mail)")
    return model


def _as_operation(operation: PatchOperation | Mapping[str, Any], index: int) -> PatchOperation:
    model = (
        operation
        if isinstance(operation, PatchOperation)
        else PatchOperation.model_validate(dict(operation))
    )
    if not isinstance(model.op, str) or model.op.lower() not in {op.value for op in ScimPatchOp}:
        raise ValueError(f"operations[{index}].op must be one of {_SCIM_OPS}, got {model.op!r}")
    return model


class AsyncScimService:
    """SCIM user provisioning: token and users (§2.9)."""

    def __init__(self, repository: AsyncScimRepository) -> None:
        self._repository = repository

    async def get_token(self, duration_days: int) -> ScimToken | None:
        """Create a SCIM token for an identity provider.

        Args:
            duration_days: How many days the token stays valid (>= 1).

        Returns:
            ``token``, ``expires_utc`` and ``duration_days``.

        Raises:
            ValueError: ``duration_days`` is not a positive whole number.
            ValidationError: The server refused the duration.
        """
        if isinstance(duration_days, bool) or not isinstance(duration_days, int):
            raise ValueError(f"duration_days must be a whole number, got {duration_days!r}")
        if duration_days < 1:
            raise ValueError(f"duration_days must be at least 1, got {duration_days}")
        return await self._repository.get_token(duration_days)

    async def get_users(
        self, *, start_index: int | None = None, count: int | None = None
    ) -> ScimListResponse:
        """One page of users.

        Args:
            start_index: 1-based position of the first user (server default 1).
            count: Maximum number of users on the page (server default when ``None``).

        Returns:
            The page: ``resources`` (the users), ``total_results``, ``items_per_page``,
            ``start_index``.

        Raises:
            ValueError: ``start_index`` < 1 or ``count`` < 0.
        """
        if start_index is not None and start_index < 1:
            raise ValueError(f"start_index is 1-based (the first user is 1), got {start_index}")
        if count is not None and count < 0:
            raise ValueError(f"count must be >= 0, got {count}")
        return await self._repository.get_users(start_index=start_index, count=count)

    async def get_user(self, user_id: str) -> ScimUser | None:
        """A user by SCIM ``id``.

        Returns:
            The user; ``None`` in LENIENT mode when there is no such user.

        Raises:
            NotFoundError: No user has this id.
        """
        return await self._repository.get_user(_require_text(user_id, "user_id"))

    async def get_user_by_username(self, user_name: str) -> ScimUser | None:
        """A user by ``userName``.

        Returns:
            The user; ``None`` in LENIENT mode when there is no such user.

        Raises:
            NotFoundError: No user has this userName.
        """
        return await self._repository.get_user_by_username(_require_text(user_name, "user_name"))

    async def create_user(self, user: ScimUser | Mapping[str, Any]) -> ScimUser | None:
        """Create a user; the server assigns its ``id``.

        Args:
            user: A :class:`ScimUser` or SCIM JSON data; ``userName`` is required.

        Returns:
            The created user as the server stored it (``None`` only in LENIENT mode if the
            server answered without a body).

        Raises:
            ValueError: No ``userName``.
            ConflictError: A user with this ``userName`` exists.
            ValidationError: The server rejected the user data.
        """
        return await self._repository.create_user(_as_user(user))

    async def update_user(
        self, user_id: str, operations: Sequence[PatchOperation | Mapping[str, Any]]
    ) -> ScimUser | None:
        """Change a user with SCIM PATCH operations (WATS supports only ``replace``).

        Args:
            user_id: The user's SCIM ``id``.
            operations: ``{"op": "replace", "path": "displayName", "value": "..."}`` items
                (or :class:`PatchOperation` models).

        Returns:
            The updated user; ``None`` in LENIENT mode when there is no such user.

        Raises:
            ValueError: No operations, or an ``op`` that is not a SCIM operation.
            ValidationError: The server refused an operation (e.g. ``add``: only ``replace``
                is supported).
            NotFoundError: No user has this id.
        """
        if isinstance(operations, (str, bytes, Mapping)) or not operations:
            raise ValueError("operations must be a non-empty list of PATCH operations")
        patch = ScimPatchRequest(
            operations=[_as_operation(op, i) for i, op in enumerate(operations)]
        )
        return await self._repository.update_user(_require_text(user_id, "user_id"), patch)

    async def set_user_active(self, user_id: str, active: bool) -> ScimUser | None:
        """Activate or deactivate a user (PATCH ``replace`` of ``active``).

        Raises:
            NotFoundError: No user has this id.
        """
        if not isinstance(active, bool):
            raise ValueError(f"active must be True or False, got {active!r}")
        operation = PatchOperation(op=ScimPatchOp.REPLACE.value, path="active", value=active)
        return await self.update_user(user_id, [operation])

    async def update_display_name(self, user_id: str, display_name: str) -> ScimUser | None:
        """Change a user's display name (PATCH ``replace`` of ``displayName``).

        Raises:
            ValueError: ``display_name`` is empty.
            NotFoundError: No user has this id.
        """
        value = _require_text(display_name, "display_name")
        operation = PatchOperation(op=ScimPatchOp.REPLACE.value, path="displayName", value=value)
        return await self.update_user(user_id, [operation])

    async def delete_user(self, user_id: str) -> None:
        """Delete a user.

        Raises:
            NotFoundError: No user has this id (nothing happens in LENIENT mode).
        """
        await self._repository.delete_user(_require_text(user_id, "user_id"))
