"""Report lists and OEE: SerialNumberHistory, UutReport, UurReport, OeeAnalysis (§2.2).

The lists answer ReportHeader objects (§2.1.1), the same shape as ``Query/Header``:

* SerialNumberHistory: UUT and UUR reports of the filter's ``serialNumber`` (required), oldest
  first, over all time unless the filter gives dates;
* UutReport / UurReport: reports of that type, newest first, cut to ``topCount``.

OEE (percentages, times in seconds) from the selected UUT reports (docs/emulator.md):

* planned production time: per station, from its first start to its last end
  (start + ``execTime``), summed over stations; run time: the sum of ``execTime``;
* availability = run / planned; performance = ideal cycle × count / run, where the ideal
  cycle is the fastest passed run; quality = good / total; OEE = their product;
* each ratio is capped at 100 % and ``None`` when its denominator is 0;
* ``totalTime`` is the window length (up to now when it is open-ended).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pywats_emulator.analytics.selection import UUR, UUT, Selection, moment_of
from pywats_emulator.analytics.yield_queries import PASSED_RESULTS
from pywats_emulator.errors import ApiError
from pywats_emulator.headers import header_from_row

__all__ = ["oee_analysis", "report_headers", "serial_number_history"]

_PERCENT = 100.0


def serial_number_history(selection: Selection) -> list[dict[str, Any]]:
    """Every report of the serial number(s), oldest first."""
    if "serialNumber" not in selection.filter.text:
        raise ApiError(
            400,
            'SerialNumberHistory needs serialNumber in the filter, e.g. {"serialNumber": "SN-1"}',
        )
    where, params = selection.where(None, dated=selection.filter.has_dates)
    rows = selection.storage.select_reports(where, params, "r.start_key, r.id_key", -1, 0)
    return [header_from_row(row) for row in rows]


def report_headers(selection: Selection, report_type: str) -> list[dict[str, Any]]:
    """Headers of the selected UUT (``"T"``) or UUR (``"R"``) reports, newest first."""
    assert report_type in (UUT, UUR)
    where, params = selection.where(report_type)
    top = selection.filter.top_count
    order = "r.start_key DESC, r.id_key"
    rows = selection.storage.select_reports(where, params, order, -1 if top is None else top, 0)
    return [header_from_row(row) for row in rows]


def _ratio(part: float, whole: float) -> float | None:
    return min(_PERCENT, _PERCENT * part / whole) if whole > 0 else None


def oee_analysis(selection: Selection) -> dict[str, Any]:
    """One OeeAnalysisResult object for the selected UUT reports."""
    rows = selection.reports(UUT)
    spans: dict[str, tuple[float, float]] = {}
    run_time_s = 0.0
    good = 0
    ideal_s: float | None = None
    for row in rows:
        exec_s = float(row["execution_time"] or 0.0)
        begin_s = moment_of(row["start_key"]).timestamp()
        first, last = spans.get(row["station_name"], (begin_s, begin_s + exec_s))
        spans[row["station_name"]] = (min(first, begin_s), max(last, begin_s + exec_s))
        run_time_s += exec_s
        if row["result"] in PASSED_RESULTS:
            good += 1
            if exec_s > 0:
                ideal_s = exec_s if ideal_s is None else min(ideal_s, exec_s)
    total = len(rows)
    planned_s = sum(last - first for first, last in spans.values())
    window = selection.window
    start = window.start or (moment_of(rows[0]["start_key"]) if rows else selection.now)
    end = selection.filter.date_to or window.end_exclusive or selection.now
    availability = _ratio(run_time_s, planned_s)
    performance = _ratio((ideal_s or 0.0) * total, run_time_s) if ideal_s else None
    quality = _ratio(good, total)
    parts = (availability, performance, quality)
    oee = None
    if all(part is not None for part in parts):
        oee = (availability or 0.0) * (performance or 0.0) * (quality or 0.0) / _PERCENT**2
    text = selection.filter.text
    return {
        "oee": oee,
        "availability": availability,
        "performance": performance,
        "quality": quality,
        "totalTime": max(end - start, timedelta(0)).total_seconds(),
        "runTime": run_time_s,
        "downTime": max(planned_s - run_time_s, 0.0),
        "plannedProductionTime": planned_s,
        "totalCount": total,
        "goodCount": good,
        "rejectCount": total - good,
        "idealCycleTime": ideal_s,
        "actualCycleTime": run_time_s / total if total else None,
        "period": None,
        "partNumber": ";".join(text.get("partNumber", ())) or None,
        "stationName": ";".join(text.get("stationName", ())) or None,
    }
