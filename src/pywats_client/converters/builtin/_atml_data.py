"""ATML (IEEE 1671 Common / IEEE 1636.1 TestResults) values and limits → WATS measurements.

* A ``Datum`` is typed by ``xsi:type`` (``c:double``, ``ts:TS_double``, ``c:integer``,
  ``c:boolean``, ``c:string``...): numbers and booleans are in its ``value`` attribute, strings
  in a ``<Value>`` child; ``nonStandardUnit``/``standardUnit`` give the unit.
* Limits (``TestLimits/Limits``):
  ``SingleLimit comparator=C`` → operator C with the limit as ``lowLimit`` (§3.6);
  ``LimitPair operator=AND`` with GE/GT and LE/LT → ``GELE``/``GTLT``/``GELT``/``GTLE``
  (inside the range); ``operator=OR`` with LT/LE and GT/GE → ``LTGT``/``LEGE``/``LTGE``/
  ``LEGT`` (outside); ``Expected comparator=EQ`` → ``EQ``, or, with ``ErrorLimits`` (a
  tolerance), ``GELE`` between TestStand's threshold limits when the file has them, else
  nominal minus/plus the error limits. Strings: ``EQ`` → ``CASESENSIT``, ``CIEQ`` →
  ``IGNORECASE``; other string comparisons are logged (``LOG``) with the limit kept.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pywats.domains.report.models import CompOp
from pywats_client.converters.base import ConverterError

from ._inputs import parse_number

__all__ = ["Datum", "NumericLimits", "StringLimit", "element_children", "first", "local",
           "numeric_limits", "read_datum", "string_limit"]  # fmt: skip

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_NUMBER_TYPES = frozenset(
    {"double", "float", "decimal", "integer", "int", "long", "short", "byte", "unsignedinteger",
     "unsignedint", "unsignedlong", "unsignedshort", "unsignedbyte", "number"}
)  # fmt: skip
_SINGLE = {"EQ": CompOp.EQ, "NE": CompOp.NE, "GT": CompOp.GT, "GE": CompOp.GE,
           "LT": CompOp.LT, "LE": CompOp.LE}  # fmt: skip
_INSIDE = {("GE", "LE"): CompOp.GELE, ("GT", "LT"): CompOp.GTLT,
           ("GE", "LT"): CompOp.GELT, ("GT", "LE"): CompOp.GTLE}  # fmt: skip
_OUTSIDE = {("LT", "GT"): CompOp.LTGT, ("LE", "GE"): CompOp.LEGE,
            ("LT", "GE"): CompOp.LTGE, ("LE", "GT"): CompOp.LEGT}  # fmt: skip
_STRING_OPS = {"EQ": CompOp.CASESENSIT, "CIEQ": CompOp.IGNORECASE}

Scalar = int | float | str | bool


def local(tag: str) -> str:
    """An element tag without its namespace (the ATML versions differ only there)."""
    return tag.rsplit("}", 1)[-1]


def element_children(element: ET.Element | None, *names: str) -> list[ET.Element]:
    """Direct children with one of the local names ``names``."""
    if element is None:
        return []
    return [sub for sub in element if local(sub.tag) in names]


def first(element: ET.Element | None, *path: str) -> ET.Element | None:
    """Follow local names down direct children; None when a step is missing."""
    for name in path:
        found = element_children(element, name)
        element = found[0] if found else None
    return element


@dataclass(frozen=True)
class Datum:
    """One typed value with its unit; ``kind`` is ``number``, ``boolean`` or ``string``."""

    kind: str
    value: Scalar
    unit: str | None = None


@dataclass(frozen=True)
class NumericLimits:
    comp_op: CompOp
    low: float | int | None = None
    high: float | int | None = None


@dataclass(frozen=True)
class StringLimit:
    comp_op: CompOp
    limit: str | None


def _kind(element: ET.Element) -> str:
    """The datum's kind from ``xsi:type``; untyped: a numeric ``value`` is a number."""
    declared = element.get(XSI_TYPE)
    if declared is None:
        value = element.get("value")
        return "number" if value is not None and parse_number(value) is not None else "string"
    raw = declared.rsplit(":", 1)[-1].lower().removeprefix("ts_")
    if raw in _NUMBER_TYPES:
        return "number"
    if raw in ("boolean", "bool"):
        return "boolean"
    return "string"


def read_datum(element: ET.Element, where: str) -> Datum:
    """A ``Datum`` element's typed value; a number that is not one raises ConverterError."""
    kind = _kind(element)
    unit = element.get("nonStandardUnit") or element.get("standardUnit") or None
    raw = element.get("value")
    if raw is None:
        value_element = first(element, "Value")
        raw = value_element.text if value_element is not None else None
    text = (raw or "").strip() if kind != "string" else (raw or "")
    if kind == "number":
        number = parse_number(text)
        if number is None:
            raise ConverterError(f"{where}: {text!r} is not a number")
        return Datum("number", number, unit)
    if kind == "boolean":
        if text.lower() not in ("true", "false", "1", "0"):
            raise ConverterError(f"{where}: {text!r} is not a boolean")
        return Datum("boolean", text.lower() in ("true", "1"), unit)
    return Datum("string", text, unit)


def _limit_value(element: ET.Element | None, where: str) -> Datum | None:
    datum = first(element, "Datum")
    return read_datum(datum, where) if datum is not None else None


def _number(datum: Datum | None) -> int | float | None:
    if datum is None or isinstance(datum.value, (bool, str)):
        return None
    return datum.value


def _threshold(limits: ET.Element) -> tuple[float, float] | None:
    raw = first(limits, "Extension", "TSLimitProperties", "RawLimits")
    low, high = first(raw, "ThresholdLow"), first(raw, "ThresholdHigh")
    if low is None or high is None:
        return None
    lo, hi = parse_number(low.get("value", "")), parse_number(high.get("value", ""))
    if lo is None or hi is None:
        return None
    return float(lo), float(hi)


def numeric_limits(limits: ET.Element | None, where: str) -> NumericLimits:
    """The numeric limits of a ``Limits`` element (``LOG`` when there are none)."""
    if limits is None:
        return NumericLimits(CompOp.LOG)
    single = first(limits, "SingleLimit")
    if single is not None:
        op = _SINGLE.get(single.get("comparator", "").upper())
        if op is None:
            raise ConverterError(f"{where}: unknown comparator {single.get('comparator')!r}")
        return NumericLimits(op, _number(_limit_value(single, where)))
    pair = first(limits, "LimitPair")
    if pair is not None:
        return _pair(pair, where)
    expected = first(limits, "Expected")
    if expected is not None:
        nominal_element = first(expected, "Datum")
        nominal = _number(_limit_value(expected, where))
        tolerance = first(nominal_element, "ErrorLimits", "LimitPair")
        if tolerance is None or nominal is None:
            op = _SINGLE.get(expected.get("comparator", "EQ").upper(), CompOp.EQ)
            return NumericLimits(op, nominal)
        threshold = _threshold(limits)
        if threshold is not None:
            return NumericLimits(CompOp.GELE, *threshold)
        below, above = (
            _number(_limit_value(limit, where)) for limit in element_children(tolerance, "Limit")
        )
        if below is None or above is None:
            return NumericLimits(CompOp.EQ, nominal)
        return NumericLimits(CompOp.GELE, nominal - abs(below), nominal + abs(above))
    return NumericLimits(CompOp.LOG)


def _pair(pair: ET.Element, where: str) -> NumericLimits:
    limits = element_children(pair, "Limit")
    if len(limits) != 2:
        raise ConverterError(f"{where}: a LimitPair needs two Limit elements, got {len(limits)}")
    sides = [
        (lim.get("comparator", "").upper(), _number(_limit_value(lim, where))) for lim in limits
    ]
    # Put the lower bound first whatever order the file used.
    values = [v for _, v in sides]
    if all(v is not None for v in values) and values[0] > values[1]:  # type: ignore[operator]
        sides.reverse()
    (op_low, low), (op_high, high) = sides
    operator = pair.get("operator", "AND").upper()
    table = _OUTSIDE if operator == "OR" else _INSIDE
    op = table.get((op_low, op_high))
    if op is None:
        raise ConverterError(f"{where}: unsupported limit pair {op_low} {operator} {op_high}")
    return NumericLimits(op, low, high)


def string_limit(limits: ET.Element | None, where: str) -> StringLimit:
    """The expected text of a string ``Limits`` element (``LOG`` when there is none)."""
    expected = first(limits, "Expected")
    if expected is None:
        expected = first(limits, "SingleLimit")
    if expected is None:
        return StringLimit(CompOp.LOG, None)
    datum = _limit_value(expected, where)
    text = None if datum is None else str(datum.value)
    op = _STRING_OPS.get(expected.get("comparator", "EQ").upper(), CompOp.LOG)
    return StringLimit(op, text)
