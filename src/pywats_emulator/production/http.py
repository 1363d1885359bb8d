"""Small request helpers shared by the production routers (public and internal)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from pywats_emulator.datetimes import parse_date_literal, parse_instant
from pywats_emulator.errors import ApiError
from pywats_emulator.production.intervals import Interval
from pywats_emulator.production.serial_types import SerialNumberType, parse_bound
from pywats_emulator.production.serials import require_type

__all__ = [
    "bound",
    "done",
    "flag",
    "parse_ranges",
    "prefers_xml",
    "utc_bound",
]


def done() -> Response:
    """The answer of an operation that returns nothing (``204 No Content``)."""
    return Response(status_code=204)


def prefers_xml(accept: str | None) -> bool:
    """Whether the ``Accept`` header ranks XML above JSON (``*/*`` alone means JSON)."""
    best = {"json": -1.0, "xml": -1.0}
    for part in (accept or "").split(","):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.strip().lower()
        for kind in best:
            if media.endswith(f"/{kind}") or media.endswith(f"+{kind}"):
                best[kind] = max(best[kind], quality)
    return best["xml"] > max(best["json"], 0.0)


def flag(value: str | None, name: str) -> bool:
    """A boolean query parameter (``true``/``false``/``1``/``0``; absent = false)."""
    if value is None or value == "":
        return False
    text = value.strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ApiError(400, f"{name} must be true or false, not {value!r}")


def bound(serial_type: SerialNumberType, value: str | None, name: str) -> int | None:
    """An address bound given as a serial number of the type or a plain address."""
    if value is None or not value.strip():
        return None
    try:
        return parse_bound(serial_type, value)
    except ValueError as exc:
        raise ApiError(400, f"{name}: {exc}") from None


def utc_bound(value: str | None, name: str) -> str | None:
    """A date/datetime query value as stored text (UTC, microseconds, ``Z``) for comparison."""
    if value is None or not value.strip():
        return None
    try:
        instant = (
            parse_date_literal(value.strip())
            if len(value.strip()) == 10
            else parse_instant(value, require_offset=False)
        )
    except ValueError as exc:
        raise ApiError(400, f"{name}: {exc}") from None
    base = instant.utc_seconds.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{instant.fraction.ljust(6, '0')[:6]}Z"


def parse_ranges(body: Any, default_type: str | None) -> dict[SerialNumberType, list[Interval]]:
    """Ranges of a Free/delete body: ``[{"typeName"?, "from", "to"}]`` (one object also works);
    ``typeName`` defaults to the ``serialNumberType`` query parameter."""
    items = body if isinstance(body, list) else [body]
    if not items:
        raise ApiError(400, 'give at least one range: [{"from": ..., "to": ...}]')
    grouped: dict[SerialNumberType, list[Interval]] = {}
    for index, item in enumerate(items):
        where = f"ranges[{index}]"
        if not isinstance(item, dict) or "from" not in item:
            raise ApiError(400, f'{where}: expected {{"from": ..., "to": ...}}')
        serial_type = require_type(item.get("typeName") or default_type, f"{where}.typeName")
        values = []
        for key in ("from", "to"):
            value = item.get(key, item["from"])
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                raise ApiError(400, f"{where}.{key}: expected a serial number or an address")
            try:
                values.append(parse_bound(serial_type, value))
            except ValueError as exc:
                raise ApiError(400, f"{where}.{key}: {exc}") from None
        if values[0] > values[1]:
            raise ApiError(400, f"{where}: from is after to")
        grouped.setdefault(serial_type, []).append((values[0], values[1]))
    return grouped
