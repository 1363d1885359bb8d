"""Package JSON rules (wats-api.md §2.6) without I/O: which keys a client may set, their types,
how a version is chosen, and the JSON a package is shown as.

A client sets ``name``, ``description``, ``version``, ``installOnRoot``, ``rootDirectory``,
``priority``, ``tags`` and any unknown key (kept as sent). The server owns ``packageId``,
``status`` (changed only through ``PackageStatus``), the times, ``createdBy``/``modifiedBy``
and ``files`` (changed only through ``UploadZip``); those are ignored in a body. ``null``
means "not given".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "PACKAGE_KEYS",
    "SERVER_OWNED",
    "PackageValueError",
    "clean_fields",
    "next_version",
    "render_package",
]

SERVER_OWNED = (
    "packageId", "status", "createdUtc", "modifiedUtc", "createdBy", "modifiedBy", "files",
)  # fmt: skip
# Keys every package is shown with (``null`` when unset), in this order; other keys follow.
PACKAGE_KEYS = (
    "packageId", "name", "description", "version", "status", "installOnRoot", "rootDirectory",
    "priority", "tags", "createdUtc", "modifiedUtc", "createdBy", "modifiedBy",
)  # fmt: skip
_NEXT_VERSION_HINT = "leave it out to get the next free version"


class PackageValueError(ValueError):
    """A package field has a value of the wrong kind (answer 400)."""


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(key: str, value: Any) -> Any:
    if key == "name":
        if not isinstance(value, str) or not value.strip():
            raise PackageValueError("name must be a non-empty string")
        return value.strip()
    if key in ("description", "rootDirectory") and not isinstance(value, str):
        raise PackageValueError(f"{key} must be a string")
    if key == "installOnRoot" and not isinstance(value, bool):
        raise PackageValueError("installOnRoot must be true or false")
    if key == "priority" and not _whole(value):
        raise PackageValueError("priority must be a whole number")
    if key == "version" and (not _whole(value) or value < 1):
        raise PackageValueError(
            f"version must be a whole number from 1 ({_NEXT_VERSION_HINT}), not {value!r}"
        )
    if key == "tags":
        valid = isinstance(value, list) and all(
            isinstance(tag, Mapping)
            and isinstance(tag.get("key"), str)
            and isinstance(tag.get("value", ""), str)
            for tag in value
        )
        if not valid:
            raise PackageValueError('tags must be a list of {"key": "...", "value": "..."} objects')
    return value


def clean_fields(body: Any) -> dict[str, Any]:
    """The keys of ``body`` a client may set, checked.

    Raises:
        PackageValueError: The body is not an object or a field has the wrong kind of value.
    """
    if not isinstance(body, Mapping):
        raise PackageValueError("the package must be a JSON object")
    return {
        key: _check(key, value)
        for key, value in body.items()
        if key not in SERVER_OWNED and value is not None
    }


def next_version(existing: Iterable[int]) -> int:
    """The version a new package gets when none is given: one above the highest of its name."""
    return max(existing, default=0) + 1


def render_package(package: Mapping[str, Any], files: list[dict[str, Any]]) -> dict[str, Any]:
    """A stored package as the API shows it, with its ``files``."""
    shown = {key: package.get(key) for key in PACKAGE_KEYS}
    shown.update((k, v) for k, v in package.items() if k not in shown)
    shown["files"] = files
    return shown
