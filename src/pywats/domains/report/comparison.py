"""Evaluate WATS comparison operators (``compOp``, wats-api.md §3.6).

The server stores statuses as sent and never recomputes them, so a client that builds reports
must compute measurement statuses itself. This module is that single rule book.

Rules:

* ``LOG`` always passes (log only), whatever the value, NaN included.
* Single-limit operators (``EQ``, ``NE``, ``GT``, ``GE``, ``LT``, ``LE``, ``EQT``) compare the
  value with the **low** limit (the real server export confirms this for every measurement).
* Range operators use low and high: ``GTLT``/``GTLE``/``GELT``/``GELE`` pass inside the range,
  ``LTGT``/``LTGE``/``LEGT``/``LEGE`` pass outside it (the letters read value-vs-low then
  value-vs-high).
* ``EQT`` ("equal or tolerant") is not evaluated by WATS or other clients; here it is ``EQ``
  within an absolute, inclusive ``tolerance`` (default ``0.0``: exact equality).
* NaN fails every operator except ``LOG``, as a value and as a limit (``NE`` included). Infinities
  compare like ordinary numbers. The wire spellings ``"NaN"``, ``"Infinity"``, ``"-Infinity"`` are
  accepted for numbers.
* Strings: ``CASESENSIT`` is an exact match, ``IGNORECASE`` a case-insensitive match (Unicode
  case folding), ``EQ`` between two strings is ``CASESENSIT``; the string limit is passed as
  ``low``. Any other operator with strings is an error.
"""

from __future__ import annotations

import math

from pywats.core.errors import PyWATSError

from .models.base import parse_wats_number
from .models.enums import CompOp, StepStatus

__all__ = [
    "ComparisonError",
    "Limit",
    "MissingLimitError",
    "UnknownOperatorError",
    "evaluate",
    "passes",
]

Limit = int | float | str | None
"""A value or limit: a number, a string (string operators, NaN spellings) or absent."""

_STRING_OPS = frozenset({CompOp.CASESENSIT, CompOp.IGNORECASE})
_LOW_ONLY_OPS = frozenset(
    {CompOp.EQ, CompOp.NE, CompOp.GT, CompOp.GE, CompOp.LT, CompOp.LE, CompOp.EQT}
)


class ComparisonError(PyWATSError, ValueError):
    """A comparison cannot be evaluated (bad operator, missing limit, wrong kind of value)."""


class MissingLimitError(ComparisonError):
    """The operator needs a limit that was not given."""


class UnknownOperatorError(ComparisonError):
    """The operator is not one of :class:`CompOp`."""


def _operator(comp_op: CompOp | str) -> CompOp:
    if isinstance(comp_op, CompOp):
        return comp_op
    try:
        return CompOp(comp_op)
    except ValueError:
        known = ", ".join(op.value for op in CompOp)
        raise UnknownOperatorError(
            f"unknown comparison operator {comp_op!r}; known operators: {known}"
        ) from None


def _number(op: CompOp, role: str, raw: Limit) -> float:
    value = parse_wats_number(raw)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ComparisonError(f"{op.value} compares numbers; the {role} is {raw!r}")
    return float(value)


def _required(op: CompOp, role: str, raw: Limit) -> Limit:
    if raw is None:
        raise MissingLimitError(f"comparison operator {op.value} needs a {role} limit; got None")
    return raw


def _string_passes(op: CompOp, value: Limit, limit: Limit) -> bool:
    if not isinstance(value, str):
        raise ComparisonError(f"{op.value} compares strings; the value is {value!r}")
    limit = _required(op, "low (string)", limit)
    if not isinstance(limit, str):
        raise ComparisonError(f"{op.value} compares strings; the limit is {limit!r}")
    if op is CompOp.IGNORECASE:
        return value.casefold() == limit.casefold()
    return value == limit


def _range_passes(op: CompOp, v: float, low: float, high: float) -> bool:
    if op is CompOp.GTLT:
        return low < v < high
    if op is CompOp.GTLE:
        return low < v <= high
    if op is CompOp.GELT:
        return low <= v < high
    if op is CompOp.GELE:
        return low <= v <= high
    if op is CompOp.LTGT:
        return v < low or v > high
    if op is CompOp.LTGE:
        return v < low or v >= high
    if op is CompOp.LEGT:
        return v <= low or v > high
    if op is CompOp.LEGE:
        return v <= low or v >= high
    raise UnknownOperatorError(f"{op.value} is not a numeric range operator")


def _single_passes(op: CompOp, v: float, low: float, tolerance: float) -> bool:
    if op is CompOp.EQ:
        return v == low
    if op is CompOp.NE:
        return v != low
    if op is CompOp.GT:
        return v > low
    if op is CompOp.GE:
        return v >= low
    if op is CompOp.LT:
        return v < low
    if op is CompOp.LE:
        return v <= low
    return abs(v - low) <= tolerance  # EQT


def passes(
    comp_op: CompOp | str,
    value: Limit,
    low: Limit = None,
    high: Limit = None,
    *,
    tolerance: float = 0.0,
) -> bool:
    """Whether ``value`` passes ``comp_op`` with the given limits.

    Args:
        comp_op: The operator (``CompOp`` or its wire string).
        value: The measured number or string.
        low: The low limit; the only limit of single-limit operators and the string limit.
        high: The high limit of range operators.
        tolerance: Absolute tolerance of ``EQT`` (ignored by other operators).

    Raises:
        UnknownOperatorError: ``comp_op`` is not a known operator.
        MissingLimitError: A limit the operator needs is ``None``.
        ComparisonError: The value or a limit has the wrong kind for the operator.

    Example:
        >>> passes(CompOp.GELE, 3.31, 3.2, 3.4)
        True
    """
    op = _operator(comp_op)
    if tolerance < 0 or math.isnan(tolerance):
        raise ValueError(f"EQT tolerance must be >= 0, got {tolerance!r}")
    if op is CompOp.LOG:
        return True
    if op in _STRING_OPS or (op is CompOp.EQ and isinstance(value, str) and isinstance(low, str)):
        return _string_passes(op, value, low)
    v = _number(op, "value", value)
    low_f = _number(op, "low limit", _required(op, "low", low))
    if op in _LOW_ONLY_OPS:
        if math.isnan(v) or math.isnan(low_f):
            return False
        return _single_passes(op, v, low_f, tolerance)
    high_f = _number(op, "high limit", _required(op, "high", high))
    if math.isnan(v) or math.isnan(low_f) or math.isnan(high_f):
        return False
    return _range_passes(op, v, low_f, high_f)


def evaluate(
    comp_op: CompOp | str,
    value: Limit,
    low: Limit = None,
    high: Limit = None,
    *,
    tolerance: float = 0.0,
) -> StepStatus:
    """The measurement status ``comp_op`` gives ``value``: ``PASSED`` or ``FAILED``.

    Same arguments and errors as :func:`passes`.

    Example:
        >>> evaluate("LE", 12.6, 12.5)
        <StepStatus.FAILED: 'F'>
    """
    ok = passes(comp_op, value, low, high, tolerance=tolerance)
    return StepStatus.PASSED if ok else StepStatus.FAILED
