"""SCIM user resources: what a stored user looks like and which values are acceptable.

Pure functions (no storage): build a user from a create body, check the attributes WATS
documents (``id``, ``userName``, ``displayName``, ``active``, ``externalId``, ``name``,
``emails``, ``schemas``, ``meta``), and keep any other attribute as sent. Problems raise a 400
``ApiError`` that names the attribute and the expected type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pywats_emulator.errors import ApiError

__all__ = [
    "LIST_RESPONSE_SCHEMA",
    "PATCH_OP_SCHEMA",
    "USER_SCHEMA",
    "check_user",
    "get_ci",
    "new_user",
    "user_name_key",
]

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

# Assigned by the server: a client's values are ignored (RFC 7643 §3.1).
_SERVER_ASSIGNED = frozenset({"id", "meta"})
_KNOWN = ("userName", "displayName", "active", "externalId", "name", "emails", "schemas")
_CANONICAL = {name.casefold(): name for name in _KNOWN}
_NAME_PARTS = ("formatted", "givenName", "familyName")
_EMAIL_TEXT = ("value", "type")


def get_ci(mapping: Mapping[str, Any], name: str) -> Any:
    """``mapping[name]`` with the key matched ignoring case (SCIM attribute names are
    case-insensitive, RFC 7643 §2.1); ``None`` when absent."""
    if name in mapping:
        return mapping[name]
    folded = name.casefold()
    return next((v for k, v in mapping.items() if k.casefold() == folded), None)


def user_name_key(user_name: str) -> str:
    """The uniqueness key of a ``userName`` (case-insensitive, as SCIM defines it)."""
    return user_name.strip().casefold()


def _text_problem(value: Any, where: str, *, required: bool = False) -> str | None:
    if value is None:
        return f"{where} is required (a non-empty string)" if required else None
    if not isinstance(value, str):
        return f"{where} must be a string, got {type(value).__name__}"
    if required and not value.strip():
        return f"{where} must not be empty"
    return None


def _name_problems(name: Any) -> list[str]:
    if name is None:
        return []
    if not isinstance(name, dict):
        return [f"name must be an object with {', '.join(_NAME_PARTS)}"]
    problems = [_text_problem(name.get(part), f"name.{part}") for part in _NAME_PARTS]
    return [p for p in problems if p]


def _email_problems(emails: Any) -> list[str]:
    if emails is None:
        return []
    if not isinstance(emails, list):
        return ['emails must be a list of {"value", "type", "primary"} objects']
    problems: list[str] = []
    for index, email in enumerate(emails):
        where = f"emails[{index}]"
        if not isinstance(email, dict):
            problems.append(f'{where} must be an object {{"value", "type", "primary"}}')
            continue
        problems += [p for k in _EMAIL_TEXT if (p := _text_problem(email.get(k), f"{where}.{k}"))]
        primary = email.get("primary")
        if primary is not None and not isinstance(primary, bool):
            problems.append(f"{where}.primary must be true or false")
    return problems


def check_user(user: Mapping[str, Any]) -> None:
    """Check the documented attributes of a user (others are kept unchecked).

    Raises:
        ApiError: 400 listing every problem.
    """
    problems = [
        _text_problem(user.get("userName"), "userName", required=True),
        _text_problem(user.get("displayName"), "displayName"),
        _text_problem(user.get("externalId"), "externalId"),
    ]
    if "active" in user and not isinstance(user["active"], bool):
        problems.append("active must be true or false")
    schemas = user.get("schemas")
    if not isinstance(schemas, list) or not all(isinstance(s, str) for s in schemas):
        problems.append(f'schemas must be a list of strings (e.g. ["{USER_SCHEMA}"])')
    found = [p for p in problems if p] + _name_problems(user.get("name"))
    found += _email_problems(user.get("emails"))
    if found:
        raise ApiError(400, "invalid SCIM user: " + "; ".join(found), errors=found)


def new_user(body: Any, *, user_id: str, now: str, location: str) -> dict[str, Any]:
    """The user to store for a ``POST /Users`` body.

    The server assigns ``id`` and ``meta`` (values in the body are ignored); ``schemas``
    defaults to the core User schema and ``active`` to ``true``. Documented attribute names
    sent in another letter case (``UserName``) are stored in their canonical spelling.

    Raises:
        ApiError: 400 when the body is not a valid user.
    """
    if not isinstance(body, dict):
        raise ApiError(400, 'expected a JSON object (a SCIM user with at least "userName")')
    user: dict[str, Any] = {"schemas": [USER_SCHEMA], "id": user_id, "active": True}
    for key, value in body.items():
        folded = str(key).casefold()
        if folded not in _SERVER_ASSIGNED:
            user[_CANONICAL.get(folded, str(key))] = value
    check_user(user)
    user["meta"] = {
        "resourceType": "User",
        "created": now,
        "lastModified": now,
        "location": location,
    }
    return user
