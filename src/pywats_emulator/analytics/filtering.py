"""Reading a WATSFilter (wats-api.md §4) from a POST body and/or query parameters.

Everything a user can get wrong is answered with a 400 whose message says what to fix: a value
of the wrong type, an unknown ``dateGrouping``/``run``/``status``, a bad date. Unknown keys are
ignored, as ASP.NET model binding does. Query parameters (the GET forms, and ``dimensions`` /
``measurementPaths`` on the POST forms) take precedence over body keys of the same name.

This module only parses; :mod:`pywats_emulator.analytics.selection` turns the result into SQL.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from pywats_emulator.analytics.matching import split_values
from pywats_emulator.analytics.periods import DateGrouping, Window, resolve_window
from pywats_emulator.datetimes import parse_instant
from pywats_emulator.errors import ApiError

__all__ = ["TEXT_KEYS", "AnalyticsFilter", "RunSelector", "parse_filter"]

# Filter keys matched against one report column each (values: `;` lists, `%`/`_` wildcards).
TEXT_KEYS = (
    "serialNumber", "partNumber", "revision", "batchNumber", "stationName", "testOperation",
    "swFilename", "swVersion", "socket",
)  # fmt: skip
_STATUS_WORDS = ("Passed", "Failed", "Error", "Terminated", "Done", "Skipped")
_STATUS_LETTERS = {word[0]: word for word in _STATUS_WORDS}


class RunSelector(enum.IntEnum):
    """``run``: which run of each unit (per process) step and measurement analytics use."""

    FIRST = 1
    SECOND = 2
    THIRD = 3
    LAST = -1
    ALL = -2


@dataclass(frozen=True)
class AnalyticsFilter:
    """A parsed filter; string criteria are lists of ``LIKE`` alternatives."""

    text: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    product_group: tuple[str, ...] = ()
    level: str | None = None
    status: str | None = None
    yield_limit: float | None = None
    misc_description: tuple[str, ...] = ()
    misc_value: tuple[str, ...] = ()
    asset_serial_number: tuple[str, ...] = ()
    asset_name: tuple[str, ...] = ()
    date_from: datetime | None = None
    date_to: datetime | None = None
    date_grouping: DateGrouping = DateGrouping.NONE
    period_count: int | None = None
    include_current_period: bool | None = None
    max_count: int | None = None
    min_count: int | None = None
    top_count: int | None = None
    dimensions: str | None = None
    run: RunSelector = RunSelector.ALL
    measurement_paths: tuple[str, ...] = ()

    def window(self, now: datetime | None = None) -> Window:
        """The date window (``docs/emulator.md``: explicit dates, periods, or the last 30 days)."""
        return resolve_window(
            self.date_from,
            self.date_to,
            self.date_grouping,
            self.period_count,
            self.include_current_period,
            now=now or datetime.now(timezone.utc),
        )

    @property
    def has_dates(self) -> bool:
        return self.date_from is not None or self.date_to is not None


def _bad(key: str, expected: str, value: Any) -> ApiError:
    return ApiError(400, f"filter {key}: expected {expected}, got {value!r}")


def _text(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _bad(key, "a string (';' separates values, '%' and '_' are wildcards)", value)
    return tuple(split_values(str(value)))


def _int(raw: Mapping[str, Any], key: str, *, minimum: int | None = None) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value)
    if number is None:
        raise _bad(key, "an integer", value)
    if minimum is not None and number < minimum:
        raise _bad(key, f"an integer >= {minimum}", value)
    return number


def _bool(raw: Mapping[str, Any], key: str) -> bool | None:
    value = raw.get(key)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _bad(key, "true or false", value)


def _date(raw: Mapping[str, Any], key: str) -> datetime | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(key, "an ISO-8601 date/time such as 2026-01-31T00:00:00Z", value)
    try:
        text = value.strip()
        instant = parse_instant(
            f"{text}T00:00:00" if len(text) == 10 else text, require_offset=False
        )
    except ValueError as exc:
        raise ApiError(
            400, f"filter {key}: {value!r} is not a date/time ({exc}); e.g. 2026-01-31T00:00:00Z"
        ) from None
    fraction = int(instant.fraction[:6].ljust(6, "0")) if instant.fraction else 0
    return instant.utc_seconds.replace(microsecond=fraction)


def _choice(raw: Mapping[str, Any], key: str, kind: type[enum.IntEnum], meaning: str) -> Any:
    number = _int(raw, key)
    if number is None:
        return None
    try:
        return kind(number)
    except ValueError:
        raise ApiError(400, f"filter {key}: {number} is not one of {meaning}") from None


def _status(raw: Mapping[str, Any]) -> str | None:
    value = raw.get("status")
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        for word in _STATUS_WORDS:
            if text.lower() == word.lower():
                return word
        if text.upper() in _STATUS_LETTERS:
            return _STATUS_LETTERS[text.upper()]
    raise ApiError(
        400, f"filter status: {value!r} is not one of {', '.join(_STATUS_WORDS)} (omit for all)"
    )


def _yield_limit(raw: Mapping[str, Any]) -> float | None:
    value = raw.get("yield")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise _bad("yield", "a percentage from 0 to 100", value)
    return float(value)


def parse_filter(body: Any, query: Mapping[str, Any] | None = None) -> AnalyticsFilter:
    """Parse a filter body (a JSON object, or ``None``) merged with query parameters.

    Raises:
        ApiError: 400 with what to fix.
    """
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a WATSFilter JSON object, e.g. {}")
    raw: dict[str, Any] = dict(body)
    raw.update({key: value for key, value in (query or {}).items() if value is not None})
    grouping = _choice(
        raw,
        "dateGrouping",
        DateGrouping,
        "-1 none, 0 year, 1 quarter, 2 month, 3 week, 4 day, 5 hour",
    )
    grouping = DateGrouping.NONE if grouping is None else grouping
    period_count = _int(raw, "periodCount", minimum=1)
    if period_count is not None and grouping is DateGrouping.NONE:
        raise ApiError(
            400,
            "filter periodCount needs a dateGrouping (0 year, 1 quarter, 2 month, 3 week,"
            " 4 day, 5 hour)",
        )
    run = _choice(raw, "run", RunSelector, "1 first, 2 second, 3 third, -1 last, -2 all")
    dimensions = raw.get("dimensions")
    if dimensions is not None and not isinstance(dimensions, str):
        raise _bad("dimensions", "a string such as 'unitCount desc;partNumber'", dimensions)
    date_from, date_to = _date(raw, "dateFrom"), _date(raw, "dateTo")
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ApiError(400, "filter dateTo is before dateFrom: swap them")
    level = _text(raw, "level")
    return AnalyticsFilter(
        text={key: values for key in TEXT_KEYS if (values := _text(raw, key))},
        product_group=_text(raw, "productGroup"),
        level=";".join(level) or None,
        status=_status(raw),
        yield_limit=_yield_limit(raw),
        misc_description=_text(raw, "miscDescription") or _text(raw, "miscInfoDescription"),
        misc_value=_text(raw, "miscValue") or _text(raw, "miscInfoString"),
        asset_serial_number=_text(raw, "assetSerialNumber"),
        asset_name=_text(raw, "assetName"),
        date_from=date_from,
        date_to=date_to,
        date_grouping=grouping,
        period_count=period_count,
        include_current_period=_bool(raw, "includeCurrentPeriod"),
        max_count=_int(raw, "maxCount", minimum=0),
        min_count=_int(raw, "minCount", minimum=0),
        top_count=_int(raw, "topCount", minimum=1),
        dimensions=dimensions or None,
        run=RunSelector.ALL if run is None else run,
        measurement_paths=_text(raw, "measurementPaths"),
    )
