"""Small typed checks on raw JSON objects that collect ``path: reason`` problems.

The report validator is a list of calls to these; each returns the value when it is usable (so
the caller can go on checking, e.g. a process code against the table) and ``None`` otherwise.
A missing key and a ``null`` value are the same thing: "required" when the field is required,
fine otherwise.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Sequence
from typing import Any

from pywats_emulator.datetimes import parse_instant

__all__ = ["Checker"]

_GUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_SPECIAL_NUMBERS = frozenset({"NaN", "Infinity", "-Infinity", "+Infinity"})
_SHOWN_CHARS = 40


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


class Checker:
    """Collects problems while checking fields of JSON objects."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, reason: str) -> None:
        self.problems.append(f"{path}: {reason}" if path else reason)

    @staticmethod
    def join(base: str, key: str) -> str:
        return f"{base}.{key}" if base else key

    def _present(self, obj: dict[str, Any], key: str, base: str, required: bool) -> Any:
        value = obj.get(key)
        if value is None and required:
            self.add(self.join(base, key), "required")
        return value

    def _wrong_type(self, base: str, key: str, expected: str, value: Any) -> None:
        self.add(self.join(base, key), f"expected {expected}, got {_type_name(value)}")

    def string(
        self,
        obj: dict[str, Any],
        key: str,
        base: str,
        *,
        max_len: int | None = None,
        required: bool = False,
        non_empty: bool = False,
    ) -> str | None:
        value = self._present(obj, key, base, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self._wrong_type(base, key, "a string", value)
            return None
        if non_empty and not value.strip():
            self.add(self.join(base, key), "must not be empty")
        if max_len is not None and len(value) > max_len:
            self.add(self.join(base, key), f"longer than {max_len} characters ({len(value)})")
        return value

    def number(
        self, obj: dict[str, Any], key: str, base: str, *, required: bool = False
    ) -> float | None:
        value = self._present(obj, key, base, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._wrong_type(base, key, "a number", value)
            return None
        return float(value)

    def measured_number(self, obj: dict[str, Any], key: str, base: str) -> None:
        """A measured value or limit: a number, or ``"NaN"``/``"Infinity"``/``"-Infinity"``."""
        value = obj.get(key)
        if isinstance(value, str):
            if value not in _SPECIAL_NUMBERS:
                self.add(
                    self.join(base, key),
                    f"expected a number or 'NaN'/'Infinity', got {_show(value)}",
                )
            return
        self.number(obj, key, base)

    def integer(
        self, obj: dict[str, Any], key: str, base: str, *, required: bool = False
    ) -> int | None:
        value = self._present(obj, key, base, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._wrong_type(base, key, "an integer", value)
            return None
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            self.add(self.join(base, key), f"expected an integer, got {_show(value)}")
            return None
        return int(value)

    def boolean(self, obj: dict[str, Any], key: str, base: str) -> bool | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, bool):
            self._wrong_type(base, key, "true or false", value)
            return None
        return value

    def letter(
        self,
        obj: dict[str, Any],
        key: str,
        base: str,
        allowed: Sequence[str],
        *,
        required: bool = False,
    ) -> str | None:
        value = self._present(obj, key, base, required)
        if value is None:
            return None
        if value not in allowed:
            self.add(self.join(base, key), f"{_show(value)} is not one of {', '.join(allowed)}")
            return None
        return str(value)

    def guid(
        self, obj: dict[str, Any], key: str, base: str, *, required: bool = False
    ) -> str | None:
        value = self.string(obj, key, base, required=required)
        if value is not None and not _GUID_RE.match(value):
            self.add(self.join(base, key), f"not a GUID ({_show(value)})")
            return None
        return value

    def datetime(
        self,
        obj: dict[str, Any],
        key: str,
        base: str,
        *,
        required: bool = False,
        require_offset: bool = True,
    ) -> None:
        value = self.string(obj, key, base, required=required)
        if value is None:
            return
        try:
            parse_instant(value, require_offset=require_offset)
        except ValueError as exc:
            self.add(self.join(base, key), f"{exc} ({_show(value)})")

    def base64(self, obj: dict[str, Any], key: str, base: str, *, required: bool = False) -> None:
        value = self.string(obj, key, base, required=required)
        if value is None:
            return
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            self.add(self.join(base, key), "not valid base64")

    def object(
        self, obj: dict[str, Any], key: str, base: str, *, required: bool = False
    ) -> dict[str, Any] | None:
        value = self._present(obj, key, base, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._wrong_type(base, key, "an object", value)
            return None
        return value

    def objects(
        self, obj: dict[str, Any], key: str, base: str, *, required: bool = False
    ) -> list[tuple[int, dict[str, Any]]]:
        """``(index, object)`` pairs of an array field; non-object items are reported, skipped."""
        value = self._present(obj, key, base, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong_type(base, key, "an array", value)
            return []
        items = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                items.append((i, item))
            else:
                self.add(
                    f"{self.join(base, key)}[{i}]", f"expected an object, got {_type_name(item)}"
                )
        return items
