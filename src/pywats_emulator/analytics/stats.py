"""Measurement statistics: count, spread and process capability (wats-api.md §8.13).

The sources give no formulas, so the emulator uses the industry ones, with the **sample**
standard deviation (n - 1), the usual choice for capability studies on a sample of a process:

* ``Cp = (H - L) / 6σ`` (needs both limits),
* ``CpUpper = (H - μ) / 3σ``, ``CpLower = (μ - L) / 3σ`` (each needs its limit),
* ``Cpk = min`` of the one-sided indexes that exist,
* ``sigmaHigh3 = μ + 3σ``, ``sigmaLow3 = μ - 3σ``.

An index is ``None`` wherever it is undefined: fewer than two values, σ = 0, or its limit
missing. Which limits a measurement has follows its ``compOp`` (:func:`spec_limits`).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["SpecLimits", "Summary", "spec_limits", "summarise"]

_RANGE_OPS = frozenset({"GELE", "GELT", "GTLE", "GTLT"})
_LOWER_OPS = frozenset({"GE", "GT"})
_UPPER_OPS = frozenset({"LE", "LT"})


@dataclass(frozen=True)
class SpecLimits:
    """Lower and upper specification limits (either may be absent)."""

    low: float | None
    high: float | None


def spec_limits(
    comp_op: str | None, low_limit: float | None, high_limit: float | None
) -> SpecLimits:
    """The specification limits a measurement's ``compOp`` implies.

    Single-limit operators compare against ``lowLimit`` (wats-api.md §3.6), so for ``LE``/``LT``
    that value is the *upper* limit. ``LOG``, equality and outside-range operators have no
    two-sided tolerance band, hence no capability. Without an operator the limits are taken
    as given.
    """
    if comp_op is None:
        return SpecLimits(low_limit, high_limit)
    op = comp_op.upper()
    if op in _RANGE_OPS:
        return SpecLimits(low_limit, high_limit)
    if op in _LOWER_OPS:
        return SpecLimits(low_limit, None)
    if op in _UPPER_OPS:
        return SpecLimits(None, low_limit)
    return SpecLimits(None, None)


@dataclass(frozen=True)
class Summary:
    """Descriptive statistics and capability indexes of one set of values."""

    count: int
    min: float | None = None
    max: float | None = None
    avg: float | None = None
    stdev: float | None = None
    var: float | None = None
    cp: float | None = None
    cpk: float | None = None
    cp_upper: float | None = None
    cp_lower: float | None = None
    sigma_high3: float | None = None
    sigma_low3: float | None = None

    def to_json(self, suffix: str = "") -> dict[str, Any]:
        """The WATS keys (``min``, ``cpk``, ``cpUpper``...), each with ``suffix`` appended."""
        values = {
            "min": self.min,
            "max": self.max,
            "avg": self.avg,
            "stdev": self.stdev,
            "var": self.var,
            "cp": self.cp,
            "cpk": self.cpk,
            "cpUpper": self.cp_upper,
            "cpLower": self.cp_lower,
            "sigmaHigh3": self.sigma_high3,
            "sigmaLow3": self.sigma_low3,
        }
        return {f"{key}{suffix}": value for key, value in values.items()}


def summarise(values: Sequence[float], limits: SpecLimits) -> Summary:
    """Statistics of ``values`` (finite numbers) against ``limits``."""
    count = len(values)
    if count == 0:
        return Summary(count=0)
    avg = statistics.fmean(values)
    low, high = min(values), max(values)
    if count < 2:
        return Summary(count=count, min=low, max=high, avg=avg)
    var = statistics.variance(values, avg)
    sigma = math.sqrt(var)
    cp = cp_upper = cp_lower = None
    if sigma > 0:
        if limits.high is not None:
            cp_upper = (limits.high - avg) / (3 * sigma)
        if limits.low is not None:
            cp_lower = (avg - limits.low) / (3 * sigma)
        if limits.high is not None and limits.low is not None:
            cp = (limits.high - limits.low) / (6 * sigma)
    one_sided = [index for index in (cp_upper, cp_lower) if index is not None]
    return Summary(
        count=count,
        min=low,
        max=high,
        avg=avg,
        stdev=sigma,
        var=var,
        cp=cp,
        cpk=min(one_sided) if one_sided else None,
        cp_upper=cp_upper,
        cp_lower=cp_lower,
        sigma_high3=avg + 3 * sigma,
        sigma_low3=avg - 3 * sigma,
    )
