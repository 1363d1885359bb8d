"""Walk two JSON trees and list every difference with its exact path.

Datetime strings are compared as datetimes truncated to microseconds (WATS exports carry seven
fractional digits) with the UTC offset kept (``Z`` equals ``+00:00``). Numbers must keep their
kind: ``10.0`` is not ``10``.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

_DATETIME = re.compile(
    r"^(?P<base>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?P<frac>\d+))?(?P<tz>Z|[+-]\d{2}:\d{2})?$"
)


def parse_wats_datetime(text: str) -> datetime | None:
    """Parse an ISO datetime with any number of fractional digits; ``None`` if not a datetime."""
    match = _DATETIME.match(text)
    if match is None:
        return None
    frac = (match.group("frac") or "")[:6].ljust(6, "0")
    tz = match.group("tz") or ""
    tz = "+00:00" if tz == "Z" else tz
    return datetime.fromisoformat(f"{match.group('base')}.{frac}{tz}")


def _same_scalar(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        if expected == actual:
            return True
        exp_dt, act_dt = parse_wats_datetime(expected), parse_wats_datetime(actual)
        if exp_dt is None or act_dt is None:
            return False
        return exp_dt == act_dt and exp_dt.utcoffset() == act_dt.utcoffset()
    if type(expected) is not type(actual):
        return False
    if isinstance(expected, float) and math.isnan(expected):
        return math.isnan(actual)
    return bool(expected == actual)


def json_diff(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Every difference between two JSON values, as ``path: reason`` lines."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        diffs = [f"{path}.{key}: missing" for key in expected if key not in actual]
        diffs += [f"{path}.{key}: unexpected" for key in actual if key not in expected]
        for key in expected:
            if key in actual:
                diffs += json_diff(expected[key], actual[key], f"{path}.{key}")
        return diffs
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: length {len(expected)} != {len(actual)}"]
        diffs = []
        for index, (exp_item, act_item) in enumerate(zip(expected, actual, strict=True)):
            diffs += json_diff(exp_item, act_item, f"{path}[{index}]")
        return diffs
    if _same_scalar(expected, actual):
        return []
    return [f"{path}: expected {expected!r}, got {actual!r}"]
