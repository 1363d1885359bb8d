"""Reading a UnitFlowFilter (``/api/internal/UnitFlow...``, wats-api.md §2.2).

Keys: ``partNumber``, ``revision``, ``serialNumber``, ``serialNumbers``, ``stationName``,
``location``, ``purpose``, ``dateFrom``, ``dateTo``, ``processCodes``, ``includePassed``,
``includeFailed``, ``splitBy``, ``unitOrder``, ``showList``, ``hideList``, ``expandOperations``.
WATS documents no types, so the emulator accepts (docs/emulator.md, "Unit flow"):

* list keys (``serialNumbers``, ``processCodes``, ``showList``, ``hideList``,
  ``expandOperations``) as a JSON array or a ``;``-separated string; ``expandOperations`` also
  as ``true`` (every operation) or ``false``;
* ``splitBy``: ``stationName`` (or ``station``), ``location``, ``purpose``, or ``none``/empty;
* ``unitOrder``: a unit key (``serialNumber``, ``partNumber``, ``revision``, ``status``,
  ``startTime``, ``endTime``, ``totalTime``) optionally followed by ``asc``/``desc``.

The report criteria (part number, revision, serial numbers, station, dates) go through the
analytics filter (same wildcards, same 400 messages, same default window of 30 days);
``location``/``purpose`` use the same wildcard matching.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pywats_emulator.analytics.filtering import AnalyticsFilter, parse_filter
from pywats_emulator.analytics.matching import LikeMatcher, split_values
from pywats_emulator.errors import ApiError

__all__ = ["UNIT_KEYS", "SplitBy", "UnitFlowQuery", "parse_unit_flow_filter"]

UNIT_KEYS = (
    "serialNumber", "partNumber", "revision", "status", "startTime", "endTime", "totalTime",
)  # fmt: skip
_SELECTION_KEYS = ("partNumber", "revision", "stationName", "dateFrom", "dateTo")


class SplitBy(enum.Enum):
    """How operations are split into child nodes: by the report column named."""

    STATION = "station_name"
    LOCATION = "location"
    PURPOSE = "purpose"


_SPLIT_WORDS = {
    "stationname": SplitBy.STATION,
    "station": SplitBy.STATION,
    "location": SplitBy.LOCATION,
    "purpose": SplitBy.PURPOSE,
}


@dataclass(frozen=True)
class UnitFlowQuery:
    """A parsed UnitFlowFilter."""

    selection: AnalyticsFilter
    location: LikeMatcher
    purpose: LikeMatcher
    process_codes: frozenset[int] | None = None
    include_passed: bool = True
    include_failed: bool = True
    split_by: SplitBy | None = None
    order_key: str = "startTime"
    order_descending: bool = False
    show: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    expand_all: bool = False
    expand: tuple[str, ...] = ()


def _items(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(split_values(value))
    if isinstance(value, list) and all(
        isinstance(item, (str, int)) and not isinstance(item, bool) for item in value
    ):
        return tuple(text for item in value if (text := str(item).strip()))
    raise ApiError(
        400, f"unit flow {key}: expected a list of strings or a ';'-separated string, got {value!r}"
    )


def _flag(raw: Mapping[str, Any], key: str) -> bool:
    value = raw.get(key)
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    raise ApiError(400, f"unit flow {key}: expected true or false, got {value!r}")


def _process_codes(raw: Mapping[str, Any]) -> frozenset[int] | None:
    items = _items(raw, "processCodes")
    if not items:
        return None
    try:
        return frozenset(int(item) for item in items)
    except ValueError:
        raise ApiError(
            400, f"unit flow processCodes: expected process codes such as [10, 50], got {items!r}"
        ) from None


def _split_by(raw: Mapping[str, Any]) -> SplitBy | None:
    value = raw.get("splitBy")
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
        return None
    if isinstance(value, str) and value.strip().lower() in _SPLIT_WORDS:
        return _SPLIT_WORDS[value.strip().lower()]
    raise ApiError(
        400, f"unit flow splitBy: {value!r} is not one of stationName, location, purpose, none"
    )


def _unit_order(raw: Mapping[str, Any]) -> tuple[str, bool]:
    value = raw.get("unitOrder")
    if value is None or value == "":
        return "startTime", False
    words = value.split() if isinstance(value, str) else []
    keys = {key.lower(): key for key in UNIT_KEYS}
    direction = words[1].lower() if len(words) == 2 else "asc"
    if not 1 <= len(words) <= 2 or words[0].lower() not in keys or direction not in ("asc", "desc"):
        raise ApiError(
            400,
            f"unit flow unitOrder: {value!r} is not '<key> [asc|desc]' with a key of "
            f"{', '.join(UNIT_KEYS)} (e.g. 'totalTime desc')",
        )
    return keys[words[0].lower()], direction == "desc"


def _expand(raw: Mapping[str, Any]) -> tuple[bool, tuple[str, ...]]:
    value = raw.get("expandOperations")
    if isinstance(value, bool):
        return value, ()
    return False, _items(raw, "expandOperations")


def parse_unit_flow_filter(body: Any) -> UnitFlowQuery:
    """Parse a UnitFlowFilter body (``None`` = ``{}``).

    Raises:
        ApiError: 400 with what to fix.
    """
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a UnitFlowFilter JSON object, e.g. {}")
    selection = {key: body[key] for key in _SELECTION_KEYS if body.get(key) is not None}
    serials = [*_items(body, "serialNumber"), *_items(body, "serialNumbers")]
    if serials:
        selection["serialNumber"] = ";".join(serials)
    order_key, descending = _unit_order(body)
    expand_all, expand = _expand(body)
    return UnitFlowQuery(
        selection=parse_filter(selection),
        location=LikeMatcher(_items(body, "location")),
        purpose=LikeMatcher(_items(body, "purpose")),
        process_codes=_process_codes(body),
        include_passed=_flag(body, "includePassed"),
        include_failed=_flag(body, "includeFailed"),
        split_by=_split_by(body),
        order_key=order_key,
        order_descending=descending,
        show=_items(body, "showList"),
        hide=_items(body, "hideList"),
        expand_all=expand_all,
        expand=expand,
    )
