"""Internal App analytics: MeasurementList, StepStatusList and the simple GET forms (§2.2).

The internal endpoints reuse the public machinery: the same filter parsing and report
selection (:mod:`.filtering`, :mod:`.selection`), the same step walk (:mod:`.steps`) and, for
TopFailed, the same ranking (:func:`~.step_queries.top_failed`). What they add:

* the GET forms name things by id: ``productGroupId`` and ``levelId`` become the filter's
  ``productGroup``/``level`` (unknown ids: 404 listing the known ones), ``days`` the window
  (the last ``days`` × 24 h up to now; absent = the default 30 days), ``processCode`` the
  filter's ``testOperation`` (which matches a process code) and ``count`` its ``topCount``;
* ``stepFilters``/``sequenceFilters`` (XML, :mod:`.step_filters`) limit the steps listed.

Rows (choices in docs/emulator.md, "Internal analytics"):

* MeasurementList: one row per numeric or string measurement of the kept steps of the selected
  UUT reports, oldest first; ``value`` (numeric) or ``stringValue`` (string; its ``limit`` is not
  shown, ``limitLow``/``limitHigh`` are numeric only); the filter's ``measurementPaths`` apply as
  in Measurements; ``topCount`` keeps the newest N.
* StepStatusList: one row per kept step path per report, oldest report first, steps in the
  order met: ``totalCount`` executions of that path in the report (loops repeat a step),
  ``passCount`` those Passed or Done, ``failCount`` those Failed, ``status`` the last
  execution's status as a word; ``topCount`` keeps the newest N rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from pywats_emulator.analytics.matching import LikeMatcher
from pywats_emulator.analytics.selection import Selection
from pywats_emulator.analytics.step_filters import StepScope
from pywats_emulator.analytics.step_queries import STATUS_WORDS, step_visits
from pywats_emulator.analytics.steps import StepVisit
from pywats_emulator.errors import ApiError
from pywats_emulator.product.groups import list_groups
from pywats_emulator.seed import Level
from pywats_emulator.storage import Storage

__all__ = [
    "SimpleQuery",
    "measurement_list",
    "simple_filter",
    "step_status_list",
    "whole_number",
]

_PASSING = frozenset({"P", "D"})
_HOURS_PER_DAY = 24


def whole_number(name: str, text: str | None, *, minimum: int | None = None) -> int | None:
    """A query parameter as an integer (``None`` when absent); 400 naming it otherwise."""
    if text is None or text == "":
        return None
    try:
        number = int(text)
    except ValueError:
        raise ApiError(400, f"{name}: expected a whole number, got {text!r}") from None
    if minimum is not None and number < minimum:
        raise ApiError(400, f"{name}: expected a whole number >= {minimum}, got {number}")
    return number


class SimpleQuery:
    """The id-based query parameters of the internal GET forms."""

    def __init__(
        self,
        *,
        product_group_id: str | None = None,
        level_id: str | None = None,
        days: str | None = None,
    ) -> None:
        self.product_group_id = whole_number("productGroupId", product_group_id)
        self.level_id = whole_number("levelId", level_id)
        self.days = whole_number("days", days, minimum=1)


def _group_name(storage: Storage, group_id: int) -> str:
    groups = list_groups(storage)
    for group in groups:
        if group.product_group_id == group_id:
            return group.name
    known = ", ".join(f"{g.product_group_id} {g.name}" for g in groups) or "none yet"
    raise ApiError(
        404,
        f"productGroupId {group_id} not found; product groups: {known}"
        " (list them with GET /api/App/ProductGroups)",
    )


def _level_name(levels: tuple[Level, ...], level_id: int) -> str:
    for level in levels:
        if level.level_id == level_id:
            return level.name
    known = ", ".join(f"{level.level_id} {level.name}" for level in levels)
    raise ApiError(
        404, f"levelId {level_id} not found; levels: {known} (list them with GET /api/App/Levels)"
    )


def simple_filter(
    storage: Storage,
    levels: tuple[Level, ...],
    query: SimpleQuery,
    now: datetime,
    **keys: Any,
) -> dict[str, Any]:
    """A filter body from the GET form's ids and ``days`` plus other filter ``keys``.

    Raises:
        ApiError: 404 for an unknown product group or level id, 400 for a bad number.
    """
    body: dict[str, Any] = {key: value for key, value in keys.items() if value is not None}
    if query.product_group_id is not None:
        body["productGroup"] = _group_name(storage, query.product_group_id)
    if query.level_id is not None:
        body["level"] = _level_name(levels, query.level_id)
    if query.days is not None:
        body["dateFrom"] = (now - timedelta(hours=_HOURS_PER_DAY * query.days)).isoformat()
    return body


def _word(status: str | None) -> str | None:
    return STATUS_WORDS.get(status or "", status)


def _newest(rows: list[dict[str, Any]], top: int | None) -> list[dict[str, Any]]:
    return rows if top is None else rows[-top:]


def _measurement_row(
    report: Mapping[str, Any], visit: StepVisit, path: str, **values: Any
) -> dict[str, Any]:
    return {
        "serialNumber": report["serial_number"],
        "partNumber": report["part_number"],
        "revision": report["revision"],
        "reportId": report["id"],
        "stepName": visit.name,
        "stepPath": path,
        "value": values.get("value"),
        "stringValue": values.get("string_value"),
        "limitLow": values.get("low"),
        "limitHigh": values.get("high"),
        "unit": values.get("unit"),
        "status": _word(values.get("status")),
        "startUtc": report["start_utc"],
        "stationName": report["station_name"],
    }


def measurement_list(selection: Selection, scope: StepScope) -> list[dict[str, Any]]:
    """MeasurementList rows (see the module docstring)."""
    paths = LikeMatcher(selection.filter.measurement_paths)
    rows: list[dict[str, Any]] = []
    for report, visit in step_visits(selection):
        if not scope.keeps(visit):
            continue
        for numeric in visit.numeric:
            path = visit.measurement_path(numeric)
            if paths.matches(path):
                rows.append(
                    _measurement_row(
                        report, visit, path, value=numeric.value, low=numeric.low_limit,
                        high=numeric.high_limit, unit=numeric.unit, status=numeric.status,
                    )
                )  # fmt: skip
        for text in visit.strings:
            path = visit.string_path(text)
            if paths.matches(path):
                rows.append(
                    _measurement_row(
                        report, visit, path, string_value=text.value, status=text.status
                    )
                )
    return _newest(rows, selection.filter.top_count)


def step_status_list(selection: Selection, scope: StepScope) -> list[dict[str, Any]]:
    """StepStatusList rows (see the module docstring)."""
    rows: list[dict[str, Any]] = []
    current: dict[str, dict[str, Any]] = {}
    report_id = None
    for report, visit in step_visits(selection):
        if report["id"] != report_id:
            report_id, current = report["id"], {}
        if not scope.keeps(visit):
            continue
        row = current.get(visit.path)
        if row is None:
            row = current[visit.path] = {
                "stepName": visit.name,
                "stepPath": visit.path,
                "stepType": visit.step_type,
                "stepGroup": visit.group,
                "partNumber": report["part_number"],
                "revision": report["revision"],
                "passCount": 0,
                "failCount": 0,
                "totalCount": 0,
                "status": None,
                "startUtc": report["start_utc"],
                "serialNumber": report["serial_number"],
                "reportId": report["id"],
            }
            rows.append(row)
        row["totalCount"] += 1
        row["passCount"] += visit.status in _PASSING
        row["failCount"] += visit.status == "F"
        row["status"] = _word(visit.status)
    return _newest(rows, selection.filter.top_count)
