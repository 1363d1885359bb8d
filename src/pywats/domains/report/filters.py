"""OData ``$filter`` builder for report header queries (wats-api.md §2.1).

It produces exactly the forms WATS clients send and the emulator parses::

    serialNumber eq 'SN-1'
    start ge 2026-01-01T00:00:00Z and start le 2026-01-31T23:59:59Z
    subUnits/any(s: s/partNumber eq 'X')
    (serialNumber eq 'A' or serialNumber eq 'B') and partNumber eq 'PN-1'

Fields are typed attributes of :data:`F` (or ``Field("anyName")``); comparisons are methods
(``eq``, ``ne``, ``gt``, ``ge``, ``lt``, ``le``, ``between``, ``one_of``); filters combine with
``&`` / ``|`` (or :func:`all_of` / :func:`any_of` for optional parts). ``str(filter)`` is the
``$filter`` text. Parentheses are added only where OData precedence needs them (an ``or`` inside
an ``and``).

Literals: strings are single-quoted with quotes doubled (``O''Brien``); ``None`` → ``null``;
booleans → ``true``/``false``; ``date`` → ``2026-01-31``; enums → their value. Datetimes are
written in UTC with ``Z`` and no quotes; **naive datetimes are rejected** (a station's local wall
time silently read as UTC would shift the query window by hours). NaN/Infinity are rejected.

Example:
    >>> from datetime import datetime, timezone
    >>> jan = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> str(F.part_number.eq("PN-1") & F.start.ge(jan))
    "partNumber eq 'PN-1' and start ge 2026-01-01T00:00:00Z"
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum
from typing import Generic, TypeVar

__all__ = [
    "Collection",
    "F",
    "Field",
    "Filter",
    "ItemFields",
    "ODataValue",
    "ReportFields",
    "SubUnitFields",
    "all_of",
    "any_of",
    "format_literal",
]

ODataValue = str | int | float | bool | date | datetime | Enum | None
"""A Python value that :func:`format_literal` can write as an OData literal."""


def _format_datetime(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"naive datetime {value.isoformat()} in an OData filter: give it a timezone "
            "(e.g. datetime(..., tzinfo=timezone.utc) or .astimezone())"
        )
    utc = value.astimezone(timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text + "Z"


def format_literal(value: ODataValue) -> str:
    """Write a Python value as an OData literal.

    Raises:
        ValueError: a naive datetime, or a NaN/infinite float.
        TypeError: a type OData filters here do not support.

    Example:
        >>> format_literal("O'Brien")
        "'O''Brien'"
    """
    if value is None:
        return "null"
    if isinstance(value, Enum):
        return format_literal(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written in an OData filter")
        return repr(value)
    if isinstance(value, datetime):
        return _format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as an OData literal")


class Filter:
    """A ``$filter`` expression; ``str(filter)`` renders it. Combine with ``&`` and ``|``."""

    def render(self) -> str:
        """The OData text of this expression."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render()

    def __and__(self, other: Filter) -> Filter:
        return _And(_flatten(_And, (self, other)))

    def __or__(self, other: Filter) -> Filter:
        return _Or(_flatten(_Or, (self, other)))


@dataclass(frozen=True)
class _Comparison(Filter):
    field: str
    operator: str
    literal: str

    def render(self) -> str:
        return f"{self.field} {self.operator} {self.literal}"


@dataclass(frozen=True)
class _And(Filter):
    parts: tuple[Filter, ...]

    def render(self) -> str:
        # "and" binds tighter than "or": an "or" inside needs parentheses.
        return " and ".join(
            f"({part.render()})" if isinstance(part, _Or) else part.render() for part in self.parts
        )


@dataclass(frozen=True)
class _Or(Filter):
    parts: tuple[Filter, ...]

    def render(self) -> str:
        return " or ".join(part.render() for part in self.parts)


@dataclass(frozen=True)
class _Any(Filter):
    collection: str
    variable: str
    predicate: Filter

    def render(self) -> str:
        return f"{self.collection}/any({self.variable}: {self.predicate.render()})"


def _flatten(kind: type[_And] | type[_Or], parts: Iterable[Filter]) -> tuple[Filter, ...]:
    flat: list[Filter] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, kind) else (part,))
    return tuple(flat)


def all_of(*filters: Filter | None) -> Filter | None:
    """Join the given filters with ``and``, skipping ``None``; ``None`` when nothing is left.

    Example:
        >>> str(all_of(F.serial_number.eq("SN-1"), None, F.part_number.eq("PN-1")))
        "serialNumber eq 'SN-1' and partNumber eq 'PN-1'"
    """
    parts = [part for part in filters if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else _And(_flatten(_And, parts))


def any_of(*filters: Filter | None) -> Filter | None:
    """Join the given filters with ``or``, skipping ``None``; ``None`` when nothing is left."""
    parts = [part for part in filters if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else _Or(_flatten(_Or, parts))


@dataclass(frozen=True)
class Field:
    """A filterable property by its OData name (e.g. ``Field("serialNumber")``)."""

    name: str

    def _compare(self, operator: str, value: ODataValue) -> Filter:
        return _Comparison(self.name, operator, format_literal(value))

    def eq(self, value: ODataValue) -> Filter:
        """``name eq value``."""
        return self._compare("eq", value)

    def ne(self, value: ODataValue) -> Filter:
        """``name ne value``."""
        return self._compare("ne", value)

    def gt(self, value: ODataValue) -> Filter:
        """``name gt value``."""
        return self._compare("gt", value)

    def ge(self, value: ODataValue) -> Filter:
        """``name ge value``."""
        return self._compare("ge", value)

    def lt(self, value: ODataValue) -> Filter:
        """``name lt value``."""
        return self._compare("lt", value)

    def le(self, value: ODataValue) -> Filter:
        """``name le value``."""
        return self._compare("le", value)

    def between(self, low: ODataValue, high: ODataValue) -> Filter:
        """Inclusive range: ``name ge low and name le high``."""
        return self.ge(low) & self.le(high)

    def one_of(self, values: Iterable[ODataValue]) -> Filter:
        """``name eq v1 or name eq v2 ...``; at least one value is required."""
        parts = [self.eq(value) for value in values]
        if not parts:
            raise ValueError(f"one_of() on {self.name!r} needs at least one value")
        joined = any_of(*parts)
        assert joined is not None
        return joined


class ItemFields:
    """Fields of the items of a collection, seen through a lambda variable (``s/partNumber``)."""

    def __init__(self, variable: str) -> None:
        self.variable = variable

    def field(self, name: str) -> Field:
        """An item field by its OData name."""
        return Field(f"{self.variable}/{name}")


class SubUnitFields(ItemFields):
    """Fields of a sub-unit inside ``subUnits/any(...)`` or ``uurSubUnits/any(...)``."""

    @property
    def part_number(self) -> Field:
        """``partNumber``."""
        return self.field("partNumber")

    @property
    def serial_number(self) -> Field:
        """``serialNumber``."""
        return self.field("serialNumber")

    @property
    def revision(self) -> Field:
        """``revision``."""
        return self.field("revision")

    @property
    def part_type(self) -> Field:
        """``partType``."""
        return self.field("partType")


ItemT = TypeVar("ItemT", bound=ItemFields)


@dataclass(frozen=True)
class Collection(Generic[ItemT]):
    """A collection property filtered with ``any``."""

    name: str
    item_fields: Callable[[str], ItemT]

    def any(self, predicate: Callable[[ItemT], Filter], *, variable: str = "s") -> Filter:
        """``name/any(s: ...)``: at least one item matches ``predicate``.

        Example:
            >>> str(F.sub_units.any(lambda s: s.part_number.eq("X")))
            "subUnits/any(s: s/partNumber eq 'X')"
        """
        if not variable.isidentifier():
            raise ValueError(f"lambda variable must be an identifier, got {variable!r}")
        return _Any(self.name, variable, predicate(self.item_fields(variable)))


class ReportFields:
    """The filterable report-header fields (OData names of §2.1 / §2.1.1)."""

    uuid = Field("uuid")
    serial_number = Field("serialNumber")
    part_number = Field("partNumber")
    revision = Field("revision")
    batch_number = Field("batchNumber")
    report_type = Field("reportType")
    station_name = Field("stationName")
    location = Field("location")
    purpose = Field("purpose")
    process_code = Field("processCode")
    process_name = Field("processName")
    result = Field("result")
    start = Field("start")
    """Report start; compare with timezone-aware datetimes (written as UTC ``…Z``)."""
    operator = Field("operator")
    comment = Field("comment")
    fixture_id = Field("fixtureId")
    test_socket_index = Field("testSocketIndex")
    sw_filename = Field("swFilename")
    sw_version = Field("swVersion")
    run = Field("run")
    error_code = Field("errorCode")
    sub_units: Collection[SubUnitFields] = Collection("subUnits", SubUnitFields)
    """UUT sub-units: ``F.sub_units.any(lambda s: s.part_number.eq("X"))``."""
    uur_sub_units: Collection[SubUnitFields] = Collection("uurSubUnits", SubUnitFields)
    """UUR sub-units: ``F.uur_sub_units.any(lambda s: s.serial_number.eq("X"))``."""


F = ReportFields()
"""Report-header fields for building filters: ``F.serial_number.eq("SN-1")``."""
