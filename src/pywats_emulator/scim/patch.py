"""SCIM PATCH as WATS supports it: a PatchOp body whose operations are all ``replace``.

Pure: :func:`apply_patch` takes a stored user and a request body and returns the changed
user, or raises a 400 ``ApiError`` that says what to send instead. All operations apply or
none (the input is never modified). Supported targets are the documented attributes:
``active``, ``displayName``, ``userName``, ``externalId``, ``name`` (and ``name.<part>``) and
``emails``; an operation without ``path`` carries an object of such attributes (the form
Azure AD sends).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.scim.users import PATCH_OP_SCHEMA, check_user, get_ci

__all__ = ["SUPPORTED_PATHS", "apply_patch"]

_REPLACE = "replace"
_NAME_PARTS = ("formatted", "givenName", "familyName")
SUPPORTED_PATHS: tuple[str, ...] = (
    "active",
    "displayName",
    "userName",
    "externalId",
    "name",
    *(f"name.{part}" for part in _NAME_PARTS),
    "emails",
)
_CANONICAL = {path.casefold(): path for path in SUPPORTED_PATHS}
_BOOL_TEXT = {"true": True, "false": False}
_EXAMPLE = '{"op": "replace", "path": "displayName", "value": "Ada Lovelace"}'


def _bad(message: str) -> ApiError:
    return ApiError(400, message)


def _operations(body: Any) -> list[Any]:
    if not isinstance(body, dict):
        raise _bad(f'expected a PatchOp object: {{"schemas": ["{PATCH_OP_SCHEMA}"], ...}}')
    schemas = get_ci(body, "schemas")
    if not isinstance(schemas, list) or PATCH_OP_SCHEMA not in schemas:
        raise _bad(f'"schemas" must contain "{PATCH_OP_SCHEMA}"')
    operations = get_ci(body, "Operations")
    if not isinstance(operations, list) or not operations:
        raise _bad(f'"Operations" must be a non-empty list, e.g. [{_EXAMPLE}]')
    return operations


def _active(value: Any, where: str) -> bool:
    # Azure AD has sent "True"/"False" as strings; accept them as the booleans they mean.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _BOOL_TEXT:
        return _BOOL_TEXT[value.strip().lower()]
    raise _bad(f"{where}: active must be true or false, got {value!r}")


def _name_of(user: Mapping[str, Any]) -> dict[str, Any]:
    name = user.get("name")
    return dict(name) if isinstance(name, dict) else {}


def _set(user: dict[str, Any], path: str, value: Any, where: str) -> None:
    canonical = _CANONICAL.get(path.casefold())
    if canonical is None:
        raise _bad(
            f"{where}: path {path!r} is not supported; supported paths: "
            f"{', '.join(SUPPORTED_PATHS)}"
        )
    if canonical == "active":
        user["active"] = _active(value, where)
    elif canonical == "name":
        # Replacing a complex attribute replaces the sub-attributes given (RFC 7644 §3.5.2.3).
        if not isinstance(value, dict):
            raise _bad(f"{where}: name must be an object with {', '.join(_NAME_PARTS)}")
        user["name"] = {**_name_of(user), **value}
    elif canonical.startswith("name."):
        user["name"] = {**_name_of(user), canonical.removeprefix("name."): value}
    else:
        user[canonical] = value


def _apply_one(user: dict[str, Any], operation: Any, index: int) -> None:
    where = f"Operations[{index}]"
    if not isinstance(operation, Mapping):
        raise _bad(f"{where} must be an object like {_EXAMPLE}")
    op = get_ci(operation, "op")
    if not isinstance(op, str) or op.strip().lower() != _REPLACE:
        raise _bad(
            f"{where}: op {op!r} is not supported: WATS supports only 'replace' "
            f"(send e.g. {_EXAMPLE})"
        )
    path = get_ci(operation, "path")
    value = get_ci(operation, "value")
    if path is None:
        if not isinstance(value, dict) or not value:
            raise _bad(f"{where}: without a path, value must be an object of attributes")
        for key, item in value.items():
            _set(user, str(key), item, where)
        return
    if not isinstance(path, str) or not path.strip():
        raise _bad(f"{where}: path must be a non-empty string (e.g. 'displayName')")
    _set(user, path.strip(), value, where)


def apply_patch(user: Mapping[str, Any], body: Any) -> dict[str, Any]:
    """The user after every operation of ``body`` (``user`` itself is not changed).

    Raises:
        ApiError: 400 for a malformed body, an ``op`` other than ``replace``, an unsupported
            path or a value of the wrong type.
    """
    operations = _operations(body)
    changed = copy.deepcopy(dict(user))
    for index, operation in enumerate(operations):
        _apply_one(changed, operation, index)
    check_user(changed)
    return changed
