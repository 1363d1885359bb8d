"""The WATS analytics filter (``WATSFilter``, wats-api.md §4) and helpers to fill it.

Every key of §4 is a field (snake_case name, the server's camelCase key as alias). Only the
fields you set are sent (``exclude_none``). String criteria accept WATS wildcards: ``;``
separates alternatives, ``%`` matches any characters and ``_`` one character.

Example:
    >>> from pywats.domains.analytics import DateGrouping, Dimensions, WATSFilter
    >>> f = WATSFilter(
    ...     part_number="PCB-%",
    ...     date_grouping=DateGrouping.DAY,
    ...     period_count=7,
    ...     dimensions=Dimensions().desc("unitCount").by("partNumber"),
    ... )
    >>> f.to_json()["dimensions"], f.to_json()["dateGrouping"]
    ('unitCount desc;partNumber', 4)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from pydantic import Field, field_validator

from pywats.domains.report.models.base import WatsModel

__all__ = [
    "MEASUREMENT_SEPARATOR",
    "STEP_SEPARATOR",
    "DateGrouping",
    "Dimensions",
    "RunFilter",
    "SortOrder",
    "StatusFilter",
    "WATSFilter",
    "measurement_path",
]

STEP_SEPARATOR = "¶"
"""Joins step names in a measurement path (the pilcrow, U+00B6)."""
MEASUREMENT_SEPARATOR = "¶¶"
"""Puts a multi-measurement's name after its step path."""


class DateGrouping(enum.IntEnum):
    """``dateGrouping``: the period each row covers."""

    NONE = -1
    YEAR = 0
    QUARTER = 1
    MONTH = 2
    WEEK = 3
    DAY = 4
    HOUR = 5


class RunFilter(enum.IntEnum):
    """``run``: which run of each unit step and measurement analytics look at."""

    FIRST = 1
    SECOND = 2
    THIRD = 3
    LAST = -1
    ALL = -2


class StatusFilter(str, enum.Enum):
    """``status``: report status to select (omit for all)."""

    PASSED = "Passed"
    FAILED = "Failed"
    ERROR = "Error"
    TERMINATED = "Terminated"
    DONE = "Done"
    SKIPPED = "Skipped"


class SortOrder(str, enum.Enum):
    """Sort direction of a ``dimensions`` item."""

    ASC = "asc"
    DESC = "desc"


class Dimensions:
    """Builds a ``dimensions`` string: grouping keys and sort order, in the order added.

    Example:
        >>> str(Dimensions("partNumber").desc("fpy").by("period"))
        'partNumber;fpy desc;period'
    """

    def __init__(self, *names: str) -> None:
        self._items: list[str] = []
        for name in names:
            self.by(name)

    def by(self, name: str, order: SortOrder | str | None = None) -> Dimensions:
        """Add a dimension (or KPI), optionally with a sort order; returns the builder."""
        if not name or any(ch in name for ch in "; "):
            raise ValueError(f"a dimension name is one word without ';' or spaces, got {name!r}")
        if order is None:
            self._items.append(name)
            return self
        if not isinstance(order, SortOrder):
            try:
                order = SortOrder(order.lower())
            except ValueError:
                raise ValueError(f"sort order must be 'asc' or 'desc', got {order!r}") from None
        self._items.append(f"{name} {order.value}")
        return self

    def asc(self, name: str) -> Dimensions:
        """Add ``name`` sorted ascending."""
        return self.by(name, SortOrder.ASC)

    def desc(self, name: str) -> Dimensions:
        """Add ``name`` sorted descending."""
        return self.by(name, SortOrder.DESC)

    def __str__(self) -> str:
        return ";".join(self._items)

    def __repr__(self) -> str:
        return f"Dimensions({str(self)!r})"


def _check_dimensions(text: str) -> str:
    for item in text.split(";"):
        words = item.split()
        if len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise ValueError(
                f"dimensions item {item.strip()!r}: write a name optionally followed by"
                " 'asc' or 'desc', e.g. 'unitCount desc;partNumber'"
            )
    return text


def measurement_path(path: str | Iterable[str], measurement: str | None = None) -> str:
    """A measurement path in the server's format.

    ``path`` is either step names (``["MainSequence Callback", "Power", "VCC"]``) or text. Text
    already holding ``¶`` is kept as is; otherwise ``/`` becomes ``¶`` and ``::`` becomes
    ``¶¶`` (the reference client's convention), so ``"Main/Power/Rails::12V"`` works.
    ``measurement`` names a measurement of a multi-measurement step.

    Example:
        >>> measurement_path("MainSequence Callback/Rails::12V")
        'MainSequence Callback¶Rails¶¶12V'
        >>> measurement_path(["MainSequence Callback", "Rails"], "5V")
        'MainSequence Callback¶Rails¶¶5V'
    """
    if isinstance(path, str):
        text = path
        if STEP_SEPARATOR not in text:
            text = text.replace("::", MEASUREMENT_SEPARATOR).replace("/", STEP_SEPARATOR)
    else:
        text = STEP_SEPARATOR.join(path)
    if not text:
        raise ValueError("a measurement path needs at least one step name")
    return f"{text}{MEASUREMENT_SEPARATOR}{measurement}" if measurement else text


class WATSFilter(WatsModel):
    """Filter of the analytics endpoints (``/api/App/...``); every field is optional.

    ``dimensions`` takes a string, a :class:`Dimensions` or a list of items;
    ``measurement_paths`` a path or a list of paths (each converted with
    :func:`measurement_path`; several are joined with ``;``).
    """

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    batch_number: str | None = Field(default=None, alias="batchNumber")
    station_name: str | None = Field(default=None, alias="stationName")
    test_operation: str | None = Field(default=None, alias="testOperation")
    level: str | None = None
    product_group: str | None = Field(default=None, alias="productGroup")
    status: StatusFilter | str | None = None
    yield_: int | None = Field(default=None, alias="yield", ge=0, le=100)
    misc_description: str | None = Field(default=None, alias="miscDescription")
    misc_value: str | None = Field(default=None, alias="miscValue")
    misc_info_description: str | None = Field(default=None, alias="miscInfoDescription")
    misc_info_string: str | None = Field(default=None, alias="miscInfoString")
    asset_serial_number: str | None = Field(default=None, alias="assetSerialNumber")
    asset_name: str | None = Field(default=None, alias="assetName")
    sw_filename: str | None = Field(default=None, alias="swFilename")
    sw_version: str | None = Field(default=None, alias="swVersion")
    socket: str | int | None = None
    date_from: datetime | None = Field(default=None, alias="dateFrom")
    date_to: datetime | None = Field(default=None, alias="dateTo")
    date_grouping: DateGrouping | None = Field(default=None, alias="dateGrouping")
    period_count: int | None = Field(default=None, alias="periodCount", ge=1)
    include_current_period: bool | None = Field(default=None, alias="includeCurrentPeriod")
    max_count: int | None = Field(default=None, alias="maxCount", ge=0)
    min_count: int | None = Field(default=None, alias="minCount", ge=0)
    top_count: int | None = Field(default=None, alias="topCount", ge=1)
    dimensions: str | None = None
    run: RunFilter | None = None
    measurement_paths: str | None = Field(default=None, alias="measurementPaths")

    @field_validator("dimensions", mode="before")
    @classmethod
    def _dimensions_text(cls, value: Any) -> Any:
        if isinstance(value, Dimensions):
            value = str(value)
        elif isinstance(value, (list, tuple)):
            value = ";".join(str(item) for item in value)
        if isinstance(value, str):
            return _check_dimensions(value) or None
        return value

    @field_validator("measurement_paths", mode="before")
    @classmethod
    def _paths_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return measurement_path(value)
        if isinstance(value, (list, tuple)):
            return ";".join(measurement_path(item) for item in value) or None
        return value

    @classmethod
    def last_days(cls, days: float, *, now: datetime | None = None, **fields: Any) -> WATSFilter:
        """A filter for the ``days`` up to ``now`` (default: the current time, UTC).

        Example:
            >>> WATSFilter.last_days(7, part_number="PCB-1").part_number
            'PCB-1'
        """
        if days <= 0:
            raise ValueError(f"days must be positive, got {days}")
        end = now or datetime.now(timezone.utc)
        return cls(date_from=end - timedelta(days=days), date_to=end, **fields)

    def to_json(self) -> dict[str, Any]:
        """The JSON body: server keys, only the fields that are set."""
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return data
