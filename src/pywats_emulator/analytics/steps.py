"""Walking a stored report's step tree for step and measurement analytics (wats-api.md §2.2).

A step's path is the names from the root (``MainSequence Callback``) down to the step, joined
by the pilcrow ``¶``; a measurement of a multi-measurement step adds its name after a double
pilcrow (``MainSequence Callback¶Rails¶¶12V``). Only numeric measurements carry values for
statistics; ``NaN``/``Infinity`` (sent as strings or numbers) are not values. String
measurements are kept too (the internal MeasurementList shows them as ``stringValue``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MEASUREMENT_SEPARATOR",
    "SEPARATOR",
    "NumericValue",
    "StepVisit",
    "StringValue",
    "as_number",
    "walk_steps",
]

SEPARATOR = "¶"
MEASUREMENT_SEPARATOR = "¶¶"
_CONTAINER_TYPES = frozenset({"SequenceCall", "WATS_SeqCall"})
_MULTI_NUMERIC_TYPES = frozenset({"ET_MNLT", "MultiNumericLimitTest"})
_MULTI_STRING_TYPES = frozenset({"ET_MSVT", "MultiStringTest"})


def as_number(value: Any) -> float | None:
    """A finite float from a JSON number or numeric string; ``None`` otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class NumericValue:
    """One numeric measurement of a step."""

    name: str | None
    value: float | None
    low_limit: float | None
    high_limit: float | None
    comp_op: str | None
    unit: str | None
    status: str | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NumericValue:
        return cls(
            name=_text(data.get("name")),
            value=as_number(data.get("value")),
            low_limit=as_number(data.get("lowLimit")),
            high_limit=as_number(data.get("highLimit")),
            comp_op=_text(data.get("compOp")),
            unit=_text(data.get("unit")),
            status=_text(data.get("status")),
        )


@dataclass(frozen=True)
class StringValue:
    """One string measurement of a step (``stringMeas``)."""

    name: str | None
    value: str | None
    limit: str | None
    comp_op: str | None
    status: str | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StringValue:
        value = data.get("value")
        return cls(
            name=_text(data.get("name")),
            value=None if value is None else str(value),
            limit=_text(data.get("limit")),
            comp_op=_text(data.get("compOp")),
            status=_text(data.get("status")),
        )


@dataclass(frozen=True)
class StepVisit:
    """One executed step: where it is, what it is, how it ended, its numeric measurements."""

    path: str
    name: str
    step_id: int
    step_type: str | None
    group: str | None
    status: str | None
    tot_time: float | None
    caused_uut_failure: bool
    is_container: bool
    numeric: tuple[NumericValue, ...]
    strings: tuple[StringValue, ...] = ()

    @property
    def is_multi_measurement(self) -> bool:
        return len(self.numeric) > 1 or self.step_type in _MULTI_NUMERIC_TYPES

    @property
    def is_multi_string(self) -> bool:
        return len(self.strings) > 1 or self.step_type in _MULTI_STRING_TYPES

    def measurement_path(self, measurement: NumericValue) -> str:
        """The step path, plus ``¶¶name`` for a named measurement of a multi-measurement step."""
        if measurement.name and self.is_multi_measurement:
            return f"{self.path}{MEASUREMENT_SEPARATOR}{measurement.name}"
        return self.path

    def string_path(self, measurement: StringValue) -> str:
        """Like :meth:`measurement_path`, for a string measurement."""
        if measurement.name and self.is_multi_string:
            return f"{self.path}{MEASUREMENT_SEPARATOR}{measurement.name}"
        return self.path


def walk_steps(root: Any) -> Iterator[StepVisit]:
    """Every step under (and including) ``root`` in depth-first pre-order.

    ``step_id`` is the step's ``id``, else its pre-order number from 1 (how exports number
    steps). Entries that are not JSON objects are skipped: analytics never fail on one odd step.
    """
    stack: list[tuple[Any, str]] = [(root, "")]
    number = 0
    while stack:
        step, parent = stack.pop()
        if not isinstance(step, dict):
            continue
        number += 1
        step_id = step.get("id")
        name = str(step.get("name") or "")
        path = f"{parent}{SEPARATOR}{name}" if parent else name
        children = step.get("steps")
        numeric = step.get("numericMeas")
        strings = step.get("stringMeas")
        step_type = _text(step.get("stepType"))
        yield StepVisit(
            path=path,
            name=name,
            step_id=step_id
            if isinstance(step_id, int) and not isinstance(step_id, bool)
            else number,
            step_type=step_type,
            group=_text(step.get("group")),
            status=_text(step.get("status")),
            tot_time=as_number(step.get("totTime")),
            caused_uut_failure=step.get("causedUUTFailure") is True,
            is_container=isinstance(children, list) or step_type in _CONTAINER_TYPES,
            numeric=tuple(
                NumericValue.from_json(item)
                for item in (numeric if isinstance(numeric, list) else ())
                if isinstance(item, dict)
            ),
            strings=tuple(
                StringValue.from_json(item)
                for item in (strings if isinstance(strings, list) else ())
                if isinstance(item, dict)
            ),
        )
        if isinstance(children, list):
            stack.extend((child, path) for child in reversed(children))
