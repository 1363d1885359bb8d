"""Checks a converted report against the WSJF rules before it is queued (wats-api.md §3).

A report the server would refuse is better caught at the station, while the source file can
still go to the error folder with a reason, than after days in the upload queue. The checks
run on the WSJF dict exactly as it will be sent (after the station fields are filled), collect
every problem as ``path: reason`` (``sn: longer than 100 characters (123)``), and never raise.

Process rules use the service's cached process list: when it is empty (first start, offline)
process codes are not checked; when the cache knows which processes are test or repair
operations, a UUT must use a test operation and a UUR a repair operation.

Example:
    >>> check = check_report_data({"type": "T", "pn": "P", "sn": "x" * 123}, processes={})
    >>> "sn: longer than 100 characters (123)" in check.problems
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from pydantic import TypeAdapter, ValidationError

from pywats.core.station import Station
from pywats.domains.analytics.models import ProcessInfo
from pywats.domains.report.models import CompOp, ReportResult, StepGroup, StepStatus

__all__ = [
    "DEFAULT_FUTURE_TOLERANCE_S",
    "ProcessRule",
    "ReportCheck",
    "check_report_data",
    "fill_station",
    "process_rules",
]

MAX_TEXT = 100
MAX_PART_TYPE = 50
MAX_TYPEDEF = 30
MAX_COMMENT = 5000
MAX_BINARY_NAME = 256
SEQ_CALL_LIMITS = {"path": 500, "name": 200, "version": 30}
MAX_STEP_DEPTH = 100
DEFAULT_FUTURE_TOLERANCE_S = 300.0

REPORT_TYPES = ("T", "R")
RESULT_LETTERS = tuple(member.value for member in ReportResult)
STATUS_LETTERS = tuple(member.value for member in StepStatus)
GROUP_LETTERS = tuple(member.value for member in StepGroup)
COMP_OPS = tuple(member.value for member in CompOp)
_WILDCARDS = re.compile(r"[*%?\[\]^!/\\]")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_DATETIME: TypeAdapter[datetime] = TypeAdapter(datetime)


@dataclass(frozen=True)
class ProcessRule:
    """What the cache knows about one process code (``None`` = unknown)."""

    code: int
    name: str
    is_test_operation: bool | None = None
    is_repair_operation: bool | None = None


def process_rules(processes: Mapping[int, str | ProcessInfo]) -> dict[int, ProcessRule]:
    """Normalise the cache (code → name, or code → :class:`ProcessInfo`) into rules."""
    rules: dict[int, ProcessRule] = {}
    for code, value in processes.items():
        if isinstance(value, ProcessInfo):
            rules[int(code)] = ProcessRule(
                int(code), value.name or "", value.is_test_operation, value.is_repair_operation
            )
        else:
            rules[int(code)] = ProcessRule(int(code), str(value))
    return rules


@dataclass
class ReportCheck:
    """Result of :func:`check_report_data`: problems refuse the report, warnings do not."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, path: str, reason: str) -> None:
        self.problems.append(f"{path}: {reason}" if path else reason)


def fill_station(data: dict[str, Any], station: Station | None) -> dict[str, Any]:
    """Fill ``machineName``/``location``/``purpose`` from ``station`` with the report
    service's rule (:meth:`Station.missing_fields`)."""
    if station is not None:
        data.update(station.missing_fields(data))
    return data


def _join(base: str, key: str) -> str:
    return f"{base}.{key}" if base else key


def _text(
    check: ReportCheck,
    obj: Mapping[str, Any],
    key: str,
    base: str = "",
    *,
    limit: int | None = MAX_TEXT,
    required: bool = False,
    non_empty: bool = False,
) -> str | None:
    value = obj.get(key)
    path = _join(base, key)
    if value is None:
        if required:
            check.add(path, "required")
        return None
    if not isinstance(value, str):
        check.add(path, f"expected a string, got {type(value).__name__}")
        return None
    if non_empty and not value.strip():
        check.add(path, "must not be empty")
    if limit is not None and len(value) > limit:
        check.add(path, f"longer than {limit} characters ({len(value)})")
    return value


def _letter(
    check: ReportCheck,
    obj: Mapping[str, Any],
    key: str,
    base: str,
    allowed: tuple[str, ...],
    *,
    required: bool = True,
) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            check.add(_join(base, key), "required")
        return None
    if value not in allowed:
        check.add(_join(base, key), f"{value!r} is not one of {', '.join(allowed)}")
        return None
    return str(value)


def _objects(
    check: ReportCheck, obj: Mapping[str, Any], key: str, base: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    value = obj.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        check.add(_join(base, key), "expected an array")
        return
    for index, item in enumerate(value):
        path = f"{_join(base, key)}[{index}]"
        if isinstance(item, dict):
            yield path, item
        else:
            check.add(path, "expected an object")


def _check_process(
    check: ReportCheck, data: Mapping[str, Any], rules: Mapping[int, ProcessRule]
) -> None:
    code = data.get("processCode")
    if code is None:
        check.add("processCode", "required")
        return
    if isinstance(code, bool) or not isinstance(code, int):
        check.add("processCode", f"expected an integer, got {code!r}")
        return
    name = _text(check, data, "processName")
    if not rules:
        return  # no cached processes yet: the server decides
    rule = rules.get(code)
    if rule is None:
        known = ", ".join(str(c) for c in sorted(rules)[:20])
        check.add("processCode", f"unknown process code {code} (known: {known})")
        return
    if name is not None and name != rule.name:
        check.add("processName", f"{name!r} does not match process {code} ({rule.name!r})")
    if data.get("type") == "T" and rule.is_test_operation is False:
        check.add("processCode", f"{code} ({rule.name}) is not a test operation (UUT needs one)")
    if data.get("type") == "R" and rule.is_repair_operation is False:
        check.add("processCode", f"{code} ({rule.name}) is not a repair operation (UUR needs one)")


def _check_start(
    check: ReportCheck, data: Mapping[str, Any], now: datetime, tolerance_s: float
) -> None:
    value = data.get("start")
    if value is None:
        check.add("start", "required")
        return
    try:
        start = _DATETIME.validate_python(value)
    except ValidationError:
        check.add("start", f"not a date and time: {str(value)[:40]!r}")
        return
    if start.tzinfo is None:
        check.add("start", "needs a UTC offset (e.g. 2026-01-30T22:01:41+01:00)")
        return
    ahead_s = (start - now).total_seconds()
    if ahead_s > tolerance_s:
        check.add(
            "start",
            f"{value} is {ahead_s:.0f} s in the future (tolerance {tolerance_s:.0f} s); "
            "check the tester's clock",
        )


def _check_header(check: ReportCheck, data: Mapping[str, Any], station_required: bool) -> None:
    report_id = data.get("id")
    if not isinstance(report_id, str) or not _GUID.match(report_id):
        check.add("id", "required, a GUID")
    _letter(check, data, "type", "", REPORT_TYPES)
    for key in ("pn", "sn"):
        value = _text(check, data, key, required=True, non_empty=True)
        if value and _WILDCARDS.search(value):
            check.warnings.append(f"{key}: {value!r} contains search wildcard characters")
    _text(check, data, "rev", required=True)
    _letter(check, data, "result", "", RESULT_LETTERS)
    _text(check, data, "machineName", required=station_required, non_empty=station_required)
    for key in ("location", "purpose"):
        _text(check, data, key, required=station_required)
    for path, info in _objects(check, data, "miscInfos", ""):
        _text(check, info, "description", path, required=True)
        _text(check, info, "text", path)
        _text(check, info, "typedef", path, limit=MAX_TYPEDEF)
        if info.get("text") is None and info.get("numeric") is None:
            check.add(path, "needs 'text' or 'numeric'")
    for path, item in _objects(check, data, "binaryData", ""):
        _check_blob(check, item, path)
    for path, unit in _objects(check, data, "subUnits", ""):
        _text(check, unit, "sn", path, required=True)
        _text(check, unit, "pn", path, required=True)
        _text(check, unit, "rev", path)
        _text(check, unit, "partType", path, limit=MAX_PART_TYPE)
        for fail_path, failure in _objects(check, unit, "failures", path):
            _text(check, failure, "category", fail_path)
            _text(check, failure, "code", fail_path)


def _check_blob(check: ReportCheck, item: Mapping[str, Any], path: str) -> None:
    _text(check, item, "contentType", path, required=True)
    _text(check, item, "name", path, limit=MAX_BINARY_NAME, required=True)
    _text(check, item, "data", path, limit=None, required=True)


def _check_steps(check: ReportCheck, root: dict[str, Any]) -> None:
    stack: list[tuple[str, dict[str, Any], int]] = [("root", root, 0)]
    while stack:
        path, step, depth = stack.pop()
        if depth > MAX_STEP_DEPTH:
            check.add(path, f"steps nested deeper than {MAX_STEP_DEPTH} levels")
            continue
        _text(check, step, "name", path, required=True)
        _letter(check, step, "status", path, STATUS_LETTERS)
        _letter(check, step, "group", path, GROUP_LETTERS, required=False)
        seq_call = step.get("seqCall")
        if isinstance(seq_call, dict):
            for key, limit in SEQ_CALL_LIMITS.items():
                _text(check, seq_call, key, f"{path}.seqCall", limit=limit)
        popup = step.get("messagePopup")
        if isinstance(popup, dict):
            _text(check, popup, "response", f"{path}.messagePopup")
        attachment = step.get("attachment")
        if isinstance(attachment, dict):
            _check_blob(check, attachment, f"{path}.attachment")
        _check_measurements(check, step, path)
        children = list(_objects(check, step, "steps", path))
        stack.extend((child_path, child, depth + 1) for child_path, child in reversed(children))


def _check_measurements(check: ReportCheck, step: Mapping[str, Any], path: str) -> None:
    for key in ("numericMeas", "booleanMeas", "stringMeas"):
        items = list(_objects(check, step, key, path))
        names: set[str] = set()
        for item_path, meas in items:
            _letter(check, meas, "status", item_path, STATUS_LETTERS)
            name = _text(check, meas, "name", item_path)
            if len(items) > 1:
                if name is None:
                    check.add(f"{item_path}.name", "required when a step has several measurements")
                elif name in names:
                    check.add(f"{item_path}.name", f"duplicate measurement name {name!r}")
                names.add(name or "")
            if key != "booleanMeas":
                _letter(check, meas, "compOp", item_path, COMP_OPS, required=False)
            if key == "numericMeas":
                _text(check, meas, "unit", item_path)


def check_report_data(
    data: Mapping[str, Any],
    *,
    processes: Mapping[int, str | ProcessInfo],
    now: datetime | None = None,
    server_clock_skew_s: float = 0.0,
    future_tolerance_s: float = DEFAULT_FUTURE_TOLERANCE_S,
    station_required: bool = True,
) -> ReportCheck:
    """Every WSJF rule ``data`` breaks (wats-api.md §3), as ``path: reason`` problems.

    Args:
        data: The report as it will be queued (id set, station fields filled).
        processes: Cached processes (code → name or :class:`ProcessInfo`); empty = unchecked.
        now: Local time (default: now).
        server_clock_skew_s: Server clock minus local clock: the server judges "future".
        future_tolerance_s: How far ``start`` may lie ahead of the server's clock.
        station_required: Whether ``machineName``/``location``/``purpose`` must be present
            (false when the service has no station to fill them with and the uploader will).
    """
    check = ReportCheck()
    now = now or datetime.now(timezone.utc)
    _check_header(check, data, station_required)
    _check_process(check, data, process_rules(processes))
    _check_start(check, data, now + timedelta(seconds=server_clock_skew_s), future_tolerance_s)
    kind = data.get("type")
    if kind == "T":
        uut = data.get("uut")
        if not isinstance(uut, dict):
            check.add("uut", "required on a UUT report (type 'T')")
        else:
            for key in ("user", "batchSN", "fixtureId"):
                _text(check, uut, key, "uut")
            _text(check, uut, "comment", "uut", limit=MAX_COMMENT)
        root = data.get("root")
        if not isinstance(root, dict):
            check.add("root", "required on a UUT report (type 'T')")
        else:
            _check_steps(check, root)
    elif kind == "R":
        uur = data.get("uur")
        if not isinstance(uur, dict):
            check.add("uur", "required on a UUR report (type 'R')")
        else:
            _text(check, uur, "user", "uur")
            _text(check, uur, "comment", "uur", limit=MAX_COMMENT)
        if not isinstance(data.get("subUnits"), list):
            check.add("subUnits", "required on a UUR report (type 'R')")
    return check
