"""Report builders and a JSON tree diff for the emulator tests (no pyWATS imports)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

_INSTANT = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$")


def instant(text: str) -> tuple[datetime, Decimal] | None:
    """``(UTC whole seconds, fraction)`` for an ISO datetime with offset, else ``None``."""
    match = _INSTANT.match(text)
    if match is None:
        return None
    offset = match.group(3)
    tz = timezone.utc if offset == "Z" else datetime.strptime(offset, "%z").tzinfo
    seconds = datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=tz)
    fraction = Decimal("0." + (match.group(2) or "0"))
    return seconds.astimezone(timezone.utc), fraction


def json_differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Every place where two JSON trees differ, as ``path: expected != actual``.

    Strings that are both datetimes with an offset are compared as instants.
    """
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual)):
            where = f"{path}.{key}"
            if key not in actual:
                found.append(f"{where}: missing in actual")
            elif key not in expected:
                found.append(f"{where}: unexpected in actual ({actual[key]!r:.60})")
            else:
                found.extend(json_differences(expected[key], actual[key], where))
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} items != {len(actual)} items"]
        found = []
        for i, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found.extend(json_differences(left, right, f"{path}[{i}]"))
        return found
    if isinstance(expected, str) and isinstance(actual, str):
        left_instant, right_instant = instant(expected), instant(actual)
        if left_instant is not None and left_instant == right_instant:
            return []
    if type(expected) is not type(actual) and not (
        isinstance(expected, (int, float))
        and isinstance(actual, (int, float))
        and not isinstance(expected, bool)
        and not isinstance(actual, bool)
    ):
        return [f"{path}: {expected!r:.60} ({type(expected).__name__}) != {actual!r:.60}"]
    if expected != actual:
        return [f"{path}: {expected!r:.60} != {actual!r:.60}"]
    return []


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def make_uut(
    *,
    sn: str = "SN-1",
    pn: str = "PCB-100",
    rev: str = "A",
    process_code: int = 50,
    result: str = "P",
    start: datetime | None = None,
    sub_units: list[dict[str, Any]] | None = None,
    misc_infos: list[dict[str, Any]] | None = None,
    steps: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A small valid UUT report (fresh id) with overridable fields."""
    start = start or datetime(2026, 2, 10, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    report: dict[str, Any] = {
        "type": "T",
        "id": str(uuid.uuid4()),
        "pn": pn,
        "sn": sn,
        "rev": rev,
        "processCode": process_code,
        "result": result,
        "machineName": "STATION-07",
        "location": "Line 2",
        "purpose": "Production",
        "start": iso(start),
        "uut": {"user": "operator1", "execTime": 12.5},
        "miscInfos": misc_infos or [],
        "subUnits": sub_units or [],
        "root": {
            "id": 1,
            "group": "M",
            "stepType": "SequenceCall",
            "name": "MainSequence Callback",
            "status": result,
            "steps": steps
            if steps is not None
            else [
                {
                    "id": 2,
                    "group": "M",
                    "stepType": "ET_NLT",
                    "name": "VCC",
                    "status": "P",
                    "numericMeas": [
                        {"compOp": "GELE", "status": "P", "unit": "V", "value": 3.31,
                         "lowLimit": 3.2, "highLimit": 3.4}
                    ],
                }
            ],
        },
    }  # fmt: skip
    report.update(extra)
    return report


def make_uur(
    *,
    sn: str = "SN-1",
    pn: str = "PCB-100",
    rev: str = "A",
    process_code: int = 500,
    ref_uut: str | None = None,
    sub_units: list[dict[str, Any]] | None = None,
    start: datetime | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A small valid UUR report (fresh id) repairing ``ref_uut``."""
    start = start or datetime(2026, 2, 10, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    report: dict[str, Any] = {
        "type": "R",
        "id": str(uuid.uuid4()),
        "pn": pn,
        "sn": sn,
        "rev": rev,
        "processCode": process_code,
        "result": "P",
        "machineName": "REPAIR-01",
        "location": "Line 2",
        "purpose": "Repair",
        "start": iso(start),
        "uur": {"user": "tech2", "processCode": 50, "refUUT": ref_uut, "active": True},
        "subUnits": sub_units
        or [
            {"idx": 0, "partType": "Main", "pn": pn, "rev": rev, "sn": sn,
             "failures": [{"category": "Component", "code": "Defective", "comRef": "U7"}]},
        ],
    }  # fmt: skip
    report.update(extra)
    return report
