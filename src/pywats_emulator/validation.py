"""WSJF report validation (``wats-api.md`` §3, §8.3), on raw JSON as the server receives it.

The emulator never imports pyWATS: it checks the JSON tree itself, so a client bug cannot be
hidden by sharing the client's models. Every problem is collected (not just the first) and
named by its path, e.g. ``root.steps[3].name: longer than 100 characters (123)``.

Not checked (documented in ``docs/emulator.md``): UUR misc-info descriptions against a configured
list, and fail codes unless ``check_fail_codes`` is on. Statuses are never recomputed.
"""

from __future__ import annotations

from typing import Any

from pywats_emulator.checks import Checker
from pywats_emulator.processes import ProcessTable

__all__ = [
    "COMP_OPS",
    "REPORT_RESULTS",
    "STEP_STATUSES",
    "ReportValidator",
]

REPORT_RESULTS = ("P", "F", "E", "T", "D")
STEP_STATUSES = ("P", "F", "S", "D", "E", "T")
STEP_GROUPS = ("S", "M", "C")
COMP_OPS = (
    "LOG", "EQ", "NE", "GT", "GE", "LT", "LE", "EQT",
    "GTLT", "GTLE", "GELT", "GELE", "LTGT", "LTGE", "LEGT", "LEGE",
    "CASESENSIT", "IGNORECASE",
)  # fmt: skip
MAX_STEP_DEPTH = 100


class ReportValidator:
    """Check a parsed WSJF report against the process table."""

    def __init__(self, processes: ProcessTable, *, check_fail_codes: bool = False) -> None:
        self._processes = processes
        self._check_fail_codes = check_fail_codes

    def validate(self, report: Any) -> list[str]:
        """All problems found, as ``path: reason`` strings (empty when the report is valid)."""
        c = Checker()
        if not isinstance(report, dict):
            c.add("", "a report must be a JSON object")
            return c.problems
        c.guid(report, "id", "", required=True)
        kind = c.letter(report, "type", "", ("T", "R"), required=True)
        for key in ("pn", "sn", "machineName"):
            c.string(report, key, "", max_len=100, required=True, non_empty=True)
        for key in ("rev", "location", "purpose"):
            c.string(report, key, "", max_len=100, required=True)
        c.letter(report, "result", "", REPORT_RESULTS, required=True)
        c.datetime(report, "start", "", required=True)
        c.datetime(report, "startUTC", "", required=False)
        self._check_process(c, report, kind)
        self._check_misc_infos(c, report)
        c.objects(report, "assets", "")
        c.objects(report, "additionalData", "")
        for i, item in c.objects(report, "binaryData", ""):
            self._check_binary(c, item, f"binaryData[{i}]")
        if kind == "T":
            self._check_uut(c, report)
        elif kind == "R":
            self._check_uur(c, report)
        return c.problems

    # -- report level -------------------------------------------------------------------------

    def _check_process(self, c: Checker, report: dict[str, Any], kind: str | None) -> None:
        code = c.integer(report, "processCode", "", required=True)
        if code is None:
            return
        process = self._processes.get(code)
        if process is None:
            c.add("processCode", f"unknown process code {code}")
            return
        if kind == "T" and not process.is_test_operation:
            c.add("processCode", f"{code} ({process.name}) is not a test operation (UUT needs one)")
        if kind == "R" and not process.is_repair_operation:
            c.add(
                "processCode", f"{code} ({process.name}) is not a repair operation (UUR needs one)"
            )
        name = c.string(report, "processName", "", max_len=100)
        if name is not None and name != process.name:
            c.add("processName", f"'{name}' does not match process {code} ('{process.name}')")

    def _check_misc_infos(self, c: Checker, report: dict[str, Any]) -> None:
        for i, info in c.objects(report, "miscInfos", ""):
            path = f"miscInfos[{i}]"
            c.string(info, "description", path, max_len=100, required=True)
            c.string(info, "text", path, max_len=100)
            c.number(info, "numeric", path)
            if info.get("text") is None and info.get("numeric") is None:
                c.add(path, "needs 'text' or 'numeric'")
            c.string(info, "typedef", path, max_len=30)

    def _check_binary(self, c: Checker, item: dict[str, Any], path: str) -> None:
        c.string(item, "contentType", path, max_len=100, required=True)
        c.string(item, "name", path, max_len=256, required=True)
        c.base64(item, "data", path, required=True)

    # -- UUT ----------------------------------------------------------------------------------

    def _check_uut(self, c: Checker, report: dict[str, Any]) -> None:
        if report.get("uur") is not None:
            c.add("uur", "not allowed on a UUT report (type 'T')")
        uut = c.object(report, "uut", "", required=True)
        if uut is not None:
            for key in ("user", "batchSN", "fixtureId"):
                c.string(uut, key, "uut", max_len=100)
            c.string(uut, "comment", "uut", max_len=5000)
            c.string(uut, "errorMessage", "uut")
            c.number(uut, "execTime", "uut")
            for key in ("testSocketIndex", "errorCode", "batchFailCount", "batchLoopIndex"):
                c.integer(uut, key, "uut")
        for i, sub in c.objects(report, "subUnits", ""):
            path = f"subUnits[{i}]"
            c.string(sub, "sn", path, max_len=100, required=True)
            c.string(sub, "pn", path, max_len=100, required=True)
            c.string(sub, "rev", path, max_len=100)
            c.string(sub, "partType", path, max_len=50)
        root = c.object(report, "root", "", required=True)
        if root is not None:
            self._check_step(c, root, "root", depth=0)

    def _check_step(self, c: Checker, step: dict[str, Any], path: str, depth: int) -> None:
        if depth > MAX_STEP_DEPTH:
            c.add(path, f"steps nested deeper than {MAX_STEP_DEPTH} levels")
            return
        c.integer(step, "id", path)
        c.string(step, "name", path, max_len=100, required=True)
        c.letter(step, "status", path, STEP_STATUSES, required=True)
        c.letter(step, "group", path, STEP_GROUPS)
        c.string(step, "stepType", path)
        c.number(step, "totTime", path)
        c.integer(step, "errorCode", path)
        for key in ("causedUUTFailure", "causedSeqFailure"):
            c.boolean(step, key, path)
        seq_call = c.object(step, "seqCall", path)
        if seq_call is not None:
            seq_path = f"{path}.seqCall"
            c.string(seq_call, "path", seq_path, max_len=500)
            c.string(seq_call, "name", seq_path, max_len=200)
            c.string(seq_call, "version", seq_path, max_len=30)
        self._check_measurements(c, step, path)
        popup = c.object(step, "messagePopup", path)
        if popup is not None:
            c.string(popup, "response", f"{path}.messagePopup", max_len=100)
            c.integer(popup, "button", f"{path}.messagePopup")
        attachment = c.object(step, "attachment", path)
        if attachment is not None:
            self._check_binary(c, attachment, f"{path}.attachment")
        chart = c.object(step, "chart", path)
        if chart is not None:
            for i, series in c.objects(chart, "series", f"{path}.chart"):
                for key in ("xdata", "ydata"):
                    c.string(series, key, f"{path}.chart.series[{i}]")
        c.object(step, "loop", path)
        c.objects(step, "additionalResults", path)
        for i, child in c.objects(step, "steps", path):
            self._check_step(c, child, f"{path}.steps[{i}]", depth + 1)

    def _check_measurements(self, c: Checker, step: dict[str, Any], path: str) -> None:
        for key in ("numericMeas", "booleanMeas", "stringMeas"):
            items = c.objects(step, key, path)
            names: set[str] = set()
            for i, meas in items:
                item_path = f"{path}.{key}[{i}]"
                c.letter(meas, "status", item_path, STEP_STATUSES, required=True)
                name = c.string(meas, "name", item_path, max_len=100)
                if len(items) > 1:
                    if name is None:
                        c.add(f"{item_path}.name", "required when a step has several measurements")
                    elif name in names:
                        c.add(f"{item_path}.name", f"duplicate measurement name '{name}'")
                    else:
                        names.add(name)
                if key != "booleanMeas":
                    c.letter(meas, "compOp", item_path, COMP_OPS)
                if key == "numericMeas":
                    for value_key in ("value", "lowLimit", "highLimit"):
                        c.measured_number(meas, value_key, item_path)
                    c.string(meas, "unit", item_path, max_len=100)
                elif key == "stringMeas":
                    c.string(meas, "value", item_path)
                    c.string(meas, "limit", item_path)

    # -- UUR ----------------------------------------------------------------------------------

    def _check_uur(self, c: Checker, report: dict[str, Any]) -> None:
        for key in ("uut", "root"):
            if report.get(key) is not None:
                c.add(key, "not allowed on a UUR report (type 'R')")
        uur = c.object(report, "uur", "", required=True)
        if uur is not None:
            c.string(uur, "user", "uur", max_len=100)
            c.string(uur, "comment", "uur", max_len=5000)
            c.number(uur, "execTime", "uur")
            c.guid(uur, "refUUT", "uur")
            c.guid(uur, "parent", "uur")
            c.boolean(uur, "active", "uur")
            for key in ("confirmDate", "finalizeDate"):
                c.datetime(uur, key, "uur", require_offset=False)
            code = c.integer(uur, "processCode", "uur")
            process = None if code is None else self._processes.get(code)
            if code is not None and (process is None or not process.is_test_operation):
                c.add("uur.processCode", f"{code} is not a known test operation")
            name = c.string(uur, "processName", "uur", max_len=100)
            if process is not None and name is not None and name != process.name:
                c.add("uur.processName", f"'{name}' does not match process {code}")
        repair_code = report.get("processCode")
        repair_op = (
            self._processes.repair_operation(repair_code) if isinstance(repair_code, int) else None
        )
        sub_units = c.objects(report, "subUnits", "", required=True)
        for i, sub in sub_units:
            path = f"subUnits[{i}]"
            c.integer(sub, "idx", path, required=True)
            for key in ("parentIdx", "replacedIdx"):
                c.integer(sub, key, path)
            c.string(sub, "sn", path, max_len=100, required=True)
            c.string(sub, "pn", path, max_len=100, required=True)
            c.string(sub, "rev", path, max_len=100)
            c.string(sub, "partType", path, max_len=50)
            for j, failure in c.objects(sub, "failures", path):
                fpath = f"{path}.failures[{j}]"
                category = c.string(failure, "category", fpath, max_len=100)
                code_text = c.string(failure, "code", fpath, max_len=100)
                for key in ("comment", "comRef", "funcBlock", "artNumber", "artRev", "artVendor"):
                    c.string(failure, key, fpath)
                c.integer(failure, "refStepId", fpath)
                if (
                    self._check_fail_codes
                    and repair_op is not None
                    and not repair_op.has_fail_code(category or "", code_text or "")
                ):
                    c.add(fpath, f"unknown fail code '{category}/{code_text}'")
