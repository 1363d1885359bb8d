"""Load a WSJF report of either kind from JSON data or text."""

from __future__ import annotations

import json
from typing import Any, TypeAlias

from .enums import ReportType
from .uur import UURReport
from .uut import UUTReport

__all__ = ["Report", "parse_report"]

Report: TypeAlias = UUTReport | UURReport
"""Either kind of WSJF report."""


def parse_report(data: dict[str, Any] | str | bytes) -> Report:
    """Load a WSJF report, choosing UUR when ``type`` is ``"R"`` or the ``uur`` key is truthy.

    Args:
        data: The report as a JSON object (dict) or JSON text.

    Returns:
        A :class:`UUTReport` or :class:`UURReport`.

    Raises:
        pydantic.ValidationError: The data is not a valid report.
        TypeError: ``data`` is JSON but not an object.

    Example:
        >>> report = parse_report('{"type": "R", "pn": "P", "sn": "S", "rev": "A",'
        ...     ' "processCode": 500, "result": "P", "start": "2026-01-01T10:00:00+01:00"}')
        >>> type(report).__name__
        'UURReport'
    """
    obj: object = json.loads(data) if isinstance(data, (str, bytes)) else data
    if not isinstance(obj, dict):
        raise TypeError(f"a WSJF report must be a JSON object, got {type(obj).__name__}")
    if obj.get("type") == ReportType.UUR.value or obj.get("uur"):
        return UURReport.model_validate(obj)
    return UUTReport.model_validate(obj)
