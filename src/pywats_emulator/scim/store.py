"""SCIM users in the emulator's SQLite store (table ``scim_users``).

Each user is kept as its JSON resource plus two lookup keys: the lower-case ``id`` and the
case-folded ``userName`` (unique, so a duplicate name is a 409 that names the existing user).
Pages follow creation order.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.scim.users import user_name_key
from pywats_emulator.storage import Storage

__all__ = ["ScimUserStore"]


def _load(row: sqlite3.Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    user: dict[str, Any] = json.loads(row["body"])
    return user


def _dump(user: dict[str, Any]) -> str:
    return json.dumps(user, ensure_ascii=False, separators=(",", ":"))


def _conflict(user_name: str, existing: dict[str, Any]) -> ApiError:
    existing_id = existing["id"]
    return ApiError(
        409,
        f"userName {user_name!r} is taken by user {existing_id} ({existing['userName']!r}; "
        f"userNames are compared ignoring case): change that user with PATCH "
        f"/api/SCIM/v2/Users/{existing_id}, or choose another userName",
    )


class ScimUserStore:
    """Create, read, page, replace and delete SCIM users."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    def create(self, user: dict[str, Any]) -> dict[str, Any]:
        """Store a new user (``id`` and ``userName`` already set and checked).

        Raises:
            ApiError: 409 when the ``userName`` is taken (ignoring case).
        """
        name_key = user_name_key(user["userName"])
        with self._storage.transaction() as conn:
            taken = conn.execute(
                "SELECT body FROM scim_users WHERE user_name_key = ?", (name_key,)
            ).fetchone()
            if taken is not None:
                existing = _load(taken)
                assert existing is not None
                raise _conflict(user["userName"], existing)
            conn.execute(
                "INSERT INTO scim_users (id_key, user_name_key, body) VALUES (?, ?, ?)",
                (str(user["id"]).lower(), name_key, _dump(user)),
            )
        return user

    def get(self, user_id: str) -> dict[str, Any] | None:
        row = self._storage.fetch_one(
            "SELECT body FROM scim_users WHERE id_key = ?", (user_id.lower(),)
        )
        return _load(row)

    def get_by_user_name(self, user_name: str) -> dict[str, Any] | None:
        row = self._storage.fetch_one(
            "SELECT body FROM scim_users WHERE user_name_key = ?", (user_name_key(user_name),)
        )
        return _load(row)

    def page(self, start_index: int, count: int) -> tuple[int, list[dict[str, Any]]]:
        """``(total, users)`` for a 1-based ``start_index`` and at most ``count`` users."""
        total_row = self._storage.fetch_one("SELECT COUNT(*) AS n FROM scim_users")
        total = 0 if total_row is None else int(total_row["n"])
        rows = self._storage.fetch_all(
            "SELECT body FROM scim_users ORDER BY seq LIMIT ? OFFSET ?",
            (count, start_index - 1),
        )
        return total, [user for row in rows if (user := _load(row)) is not None]

    def replace(self, user: dict[str, Any]) -> dict[str, Any]:
        """Store a changed version of an existing user (same ``id``).

        Raises:
            ApiError: 404 when the user was deleted meanwhile; 409 when the new ``userName``
                belongs to another user.
        """
        id_key = str(user["id"]).lower()
        name_key = user_name_key(user["userName"])
        with self._storage.transaction() as conn:
            taken = conn.execute(
                "SELECT id_key, body FROM scim_users WHERE user_name_key = ? AND id_key != ?",
                (name_key, id_key),
            ).fetchone()
            if taken is not None:
                existing = _load(taken)
                assert existing is not None
                raise _conflict(user["userName"], existing)
            updated = conn.execute(
                "UPDATE scim_users SET user_name_key = ?, body = ? WHERE id_key = ?",
                (name_key, _dump(user), id_key),
            )
            if updated.rowcount == 0:
                raise ApiError(404, f"user {user['id']} not found")
        return user

    def delete(self, user_id: str) -> bool:
        """Delete a user; ``False`` when there was none with this id."""
        with self._storage.transaction() as conn:
            deleted = conn.execute("DELETE FROM scim_users WHERE id_key = ?", (user_id.lower(),))
        return deleted.rowcount > 0
