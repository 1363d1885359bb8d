"""Read OpenHTF validator descriptions (the strings a JSON test record keeps) as WATS limits.

OpenHTF writes each validator of a measurement as its ``str()``; the built-in ones read:

* ranges: ``"0 <= x <= 10"``, ``"x <= 1.5"``, ``"95 <= x"``, ``"0 < x < 10"``, ``"x >= 2"``;
  with marginal bounds the chain is longer (``"0 <= 1 <= x <= 9 <= 10"``): the outermost
  numbers are the limits, the inner ones the marginal band;
* equality: ``"x == 5"``, ``"x == True"``, ``"'x' == 'abc'"``, ``"x != 0"``;
* ``"'x' is within 5% of 10"`` (a range around a nominal value);
* ``"'x' matches /regex/"`` (strings).

Anything else is kept as text (the measurement is then logged, ``LOG``); the record's own
outcome decides the status in every case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pywats.domains.report.models import CompOp

from ._inputs import parse_number

__all__ = ["Limits", "StringLimit", "parse_string_validator", "parse_validator"]

_OPERATOR = re.compile(r"\s*(<=|>=|==|!=|<|>)\s*")
_VARIABLE = {"x", "'x'", '"x"'}
_WITHIN = re.compile(r"^'?x'?\s+is\s+within\s+([^%\s]+)\s*%\s+of\s+(\S+)$", re.IGNORECASE)
_MATCHES = re.compile(r"^'?x'?\s+matches\s+/(.*)/$", re.DOTALL)
_LITERAL_REGEX = re.compile(r"^\^?((?:[^\\.^$*+?()[\]{}|]|\\.)*)\$?$")
_RANGE_OPS = {
    (True, True): CompOp.GELE,
    (False, False): CompOp.GTLT,
    (True, False): CompOp.GELT,
    (False, True): CompOp.GTLE,
}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class Limits:
    """A numeric validator as a WATS operator; single-limit operators use ``low`` only."""

    comp_op: CompOp
    low: float | int | None = None
    high: float | int | None = None


@dataclass(frozen=True)
class StringLimit:
    """A string validator: an exact expected text (``CASESENSIT``) or a pattern kept as text."""

    comp_op: CompOp
    limit: str | None


def _tidy(value: float) -> float:
    """Drop binary noise from computed limits (``3.3 * 1.02`` is ``3.3659999999999997``)."""
    return float(f"{value:.12g}")


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _bound(op: str, value: float | int) -> tuple[str, float | int, bool]:
    """``x <op> value`` as (side, value, inclusive); side ``low``, ``high``, ``eq`` or ``ne``."""
    if op in ("<", "<="):
        return "high", value, op == "<="
    if op in (">", ">="):
        return "low", value, op == ">="
    return ("eq" if op == "==" else "ne"), value, True


def _chain(text: str) -> list[tuple[str, float | int, bool]] | None:
    """The bounds of a comparison chain around ``x``, or None when it is not one."""
    parts = _OPERATOR.split(text.strip())
    if len(parts) < 3 or len(parts) % 2 == 0:
        return None
    operands, operators = parts[0::2], parts[1::2]
    positions = [i for i, operand in enumerate(operands) if operand.strip() in _VARIABLE]
    if len(positions) != 1:
        return None
    at = positions[0]
    bounds = []
    # Outermost operands are the limits: the first before x and the last after it.
    if at > 0:
        value = parse_number(operands[0])
        if value is None:
            return None
        bounds.append(_bound(_FLIP[operators[0]], value))
    if at < len(operands) - 1:
        value = parse_number(operands[-1])
        if value is None:
            return None
        bounds.append(_bound(operators[-1], value))
    return bounds


def _from_bounds(bounds: list[tuple[str, float | int, bool]]) -> Limits | None:
    sides = {side: (value, inclusive) for side, value, inclusive in bounds}
    if "eq" in sides:
        return Limits(CompOp.EQ, sides["eq"][0])
    if "ne" in sides:
        return Limits(CompOp.NE, sides["ne"][0])
    low, high = sides.get("low"), sides.get("high")
    if low is not None and high is not None:
        return Limits(_RANGE_OPS[(low[1], high[1])], low[0], high[0])
    if low is not None:
        return Limits(CompOp.GE if low[1] else CompOp.GT, low[0])
    if high is not None:
        return Limits(CompOp.LE if high[1] else CompOp.LT, high[0])
    return None


def parse_validator(text: str) -> Limits | None:
    """A numeric validator string as limits, or None when it is not a numeric one.

    Example:
        >>> parse_validator("0 < x <= 10")
        Limits(comp_op=<CompOp.GTLE: 'GTLE'>, low=0, high=10)
        >>> parse_validator("x <= 1.5")
        Limits(comp_op=<CompOp.LE: 'LE'>, low=1.5, high=None)
    """
    text = text.strip()
    within = _WITHIN.match(text)
    if within:
        percent, nominal = parse_number(within.group(1)), parse_number(within.group(2))
        if percent is None or nominal is None:
            return None
        margin = abs(nominal) * percent / 100
        return Limits(CompOp.GELE, _tidy(nominal - margin), _tidy(nominal + margin))
    bounds = _chain(text)
    return _from_bounds(bounds) if bounds else None


def parse_string_validator(text: str) -> StringLimit | None:
    """A string validator: ``'x' == 'abc'`` or a regex that is a plain literal → CASESENSIT."""
    text = text.strip()
    match = _MATCHES.match(text)
    if match:
        literal = _LITERAL_REGEX.match(match.group(1))
        if literal and match.group(1).startswith("^") and match.group(1).endswith("$"):
            return StringLimit(CompOp.CASESENSIT, re.sub(r"\\(.)", r"\1", literal.group(1)))
        return StringLimit(CompOp.LOG, None)
    parts = _OPERATOR.split(text)
    if len(parts) == 3 and parts[1] == "==" and parts[0].strip() in _VARIABLE:
        return StringLimit(CompOp.CASESENSIT, _unquote(parts[2].strip()))
    return None
