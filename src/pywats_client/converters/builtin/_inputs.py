"""Input hygiene shared by the built-in converters: size limit, text decoding, safe XML, numbers,
time zones, argument checks, and WSJF validation messages.

Why one module: every converter must turn bad input (huge, binary, wrongly encoded, malformed,
hostile XML) into a :class:`ConverterError` that says what is wrong and where, and must do it the
same way, so users learn one kind of message.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from pywats.core.xmlsafe import XmlRejected, parse_untrusted_xml
from pywats.domains.report.models import Report, parse_report
from pywats_client.converters.base import ConverterError, ConverterSource

__all__ = [
    "DEFAULT_MAX_SIZE_BYTES",
    "MAX_NAME_LENGTH",
    "check_max_size",
    "decode_text",
    "describe_validation_error",
    "fit",
    "localize",
    "parse_iso_datetime",
    "parse_number",
    "parse_xml",
    "read_input",
    "reject_unknown",
    "report_from_dict",
    "resolve_timezone",
]

DEFAULT_MAX_SIZE_BYTES = 64 * 1024 * 1024
"""Files above this are refused (a tester log is kilobytes to a few megabytes)."""
MAX_NAME_LENGTH = 100
"""WATS limit for step, misc-info and measurement names (wats-api.md §3.1, §3.4)."""
_BINARY_PROBE_BYTES = 8192
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_SPECIAL_NUMBERS = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}
_SPECIAL_NUMBERS |= {"+inf": float("inf"), "infinity": float("inf"), "-infinity": float("-inf")}
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_MAX_SHOWN_ERRORS = 5


def reject_unknown(converter: str, unknown: Mapping[str, Any], known: tuple[str, ...]) -> None:
    """Raise ``ValueError`` naming arguments a converter does not take (config typos)."""
    if unknown:
        raise ValueError(
            f"converter {converter!r}: unknown argument(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(known)})"
        )


def check_max_size(converter: str, value: object) -> int:
    """Validate the ``max_size_bytes`` argument."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"converter {converter!r}: max_size_bytes must be a positive integer")
    return value


def read_input(source: ConverterSource, max_size_bytes: int) -> bytes:
    """The file's bytes; refuses empty files and files over ``max_size_bytes`` before reading."""
    size = source.path.stat().st_size
    if size > max_size_bytes:
        raise ConverterError(
            f"{source.name}: file is {size} bytes, over the limit of {max_size_bytes} "
            f"(raise the converter's 'max_size_bytes' argument if this is expected)"
        )
    data = source.read_bytes()
    if not data.strip():
        raise ConverterError(f"{source.name}: file is empty")
    return data


def decode_text(data: bytes, encoding: str, name: str) -> str:
    """Decode text, refusing binary data (a NUL byte near the start) and wrong encodings."""
    nul = data.find(b"\x00", 0, _BINARY_PROBE_BYTES)
    if nul >= 0 and not encoding.lower().replace("-", "").startswith("utf16"):
        raise ConverterError(f"{name}: binary data, not text (NUL byte at byte {nul})")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ConverterError(
            f"{name}: not valid {encoding} text at byte {exc.start} "
            f"(set the converter's 'encoding' argument if the tester writes another one)"
        ) from None


def parse_xml(data: bytes, name: str) -> ET.Element:
    """Parse tester XML safely (:func:`pywats.core.xmlsafe.parse_untrusted_xml`).

    Raises:
        ConverterError: a DOCTYPE/entity declaration, or malformed XML with line and column.
    """
    try:
        return parse_untrusted_xml(data)
    except XmlRejected as exc:
        raise ConverterError(f"{name}: {exc}") from None


def parse_number(text: str, *, decimal_comma: bool = False) -> int | float | None:
    """A number from tester text (``"1.5"``, ``"-2e3"``, ``"NaN"``); ``None`` when not one.

    Integers stay ``int``. With ``decimal_comma`` the comma is the decimal mark (``"1,23"``).
    """
    cleaned = text.strip()
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    special = _SPECIAL_NUMBERS.get(cleaned.lower())
    if special is not None:
        return special
    if not _NUMBER.match(cleaned):
        return None
    return int(cleaned) if _INTEGER.match(cleaned) else float(cleaned)


def parse_iso_datetime(text: str) -> datetime:
    """An ISO 8601 time as Python 3.10 reads it too: ``Z``/`` UTC`` suffixes and any number of
    fractional digits are accepted; raises ``ValueError`` otherwise."""
    iso = re.sub(r"\s*(?:UTC|GMT|Z)$", "+00:00", text.strip())
    iso = re.sub(r"\.(\d+)", lambda m: "." + m.group(1)[:6].ljust(6, "0"), iso, count=1)
    return datetime.fromisoformat(iso)


def fit(text: str, limit: int = MAX_NAME_LENGTH) -> str:
    """``text`` shortened to ``limit`` characters with an ellipsis (WATS length limits)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve_timezone(value: str | None, converter: str) -> tzinfo | None:
    """The zone for naive times: ``None`` (station local time), ``"UTC"``, ``"+01:00"`` or an
    IANA name (``"Europe/Oslo"``)."""
    if value is None:
        return None
    text = value.strip()
    if text.upper() in ("UTC", "Z"):
        return timezone.utc
    if match := _OFFSET.match(text):
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"converter {converter!r}: timezone {value!r} is not 'UTC', an offset like "
            f"'+01:00' or a known IANA zone name"
        ) from None


def localize(moment: datetime, zone: tzinfo | None) -> datetime:
    """Give a naive time its zone (``zone``, else the station's local one); aware times stay."""
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()


def _location(loc: tuple[int | str, ...]) -> str:
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    return text.lstrip(".") or "(report)"


def describe_validation_error(exc: ValidationError) -> str:
    """Pydantic's errors as ``path: message (got value)`` items, the first few only."""
    items = []
    for error in exc.errors()[:_MAX_SHOWN_ERRORS]:
        got = "" if error["type"] == "missing" else f" (got {error.get('input')!r:.40})"
        items.append(f"{_location(error['loc'])}: {error['msg']}{got}")
    more = exc.error_count() - len(items)
    return "; ".join(items) + (f"; and {more} more" if more > 0 else "")


def report_from_dict(data: Any, where: str) -> Report:
    """Load one WSJF report, turning validation errors into a :class:`ConverterError`."""
    if not isinstance(data, dict):
        raise ConverterError(f"{where}: a WSJF report must be a JSON object, not {_kind(data)}")
    try:
        return parse_report(data)
    except ValidationError as exc:
        raise ConverterError(
            f"{where}: not a valid WSJF report: {describe_validation_error(exc)}"
        ) from None


def _kind(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
