"""From a validated WSJF report to what is stored, and from what is stored to what a GET returns.

Storing: the JSON exactly as sent, plus header columns (what ``Query/Header`` filters and
returns), sub-units, misc info, assets and attachments (decoded) in side tables.

Reading (``wats-api.md`` §8.5): the stored report plus the output-only fields a real export
carries (``startUTC`` derived from ``start``, ``processName``/``processCodeFormat`` from the
process table, ``productName``, ``origin``, ``assetStats``, ``additionalData``), ``null`` for
absent optional keys of the objects exports always fill, and the keys in export order.
"""

from __future__ import annotations

import base64
import json
import math
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from pywats_emulator.datetimes import parse_instant
from pywats_emulator.processes import ProcessTable
from pywats_emulator.storage import AttachmentRow, ReportRecord

__all__ = ["RESULT_WORDS", "OutputContext", "build_record", "id_key", "render_report"]

RESULT_WORDS = {"P": "Passed", "F": "Failed", "E": "Error", "T": "Terminated", "D": "Done"}
_ATTACHMENT_NS = uuid.UUID("0b6a4f0e-2a55-4c0c-8f3e-4d7c1e9b2a77")

_ROOT_ORDER = (
    "type", "id", "pn", "sn", "rev", "productName", "processCode", "processCodeFormat",
    "processName", "result", "machineName", "location", "purpose", "origin", "start", "startUTC",
    "root", "uut", "uur", "miscInfos", "subUnits", "assets", "assetStats", "additionalData",
)  # fmt: skip
_ROOT_LISTS = ("miscInfos", "subUnits", "assets", "additionalData")
_UUT_KEYS = (
    "execTime", "testSocketIndex", "batchSN", "comment", "errorCode", "errorMessage",
    "fixtureId", "user", "batchFailCount", "batchLoopIndex", "stepIdCausedUUTFailure",
)  # fmt: skip
_UUR_KEYS = (
    "comment", "user", "processCode", "processName", "refUUT", "confirmDate", "finalizeDate",
    "execTime", "parent", "children",
)  # fmt: skip
_MISC_KEYS = ("description", "text", "numeric")
_FAILURE_KEYS = (
    "artNumber", "artRev", "artVendor", "artDescription", "category", "code", "comment",
    "comRef", "funcBlock", "refStepId", "refStepName",
)  # fmt: skip


def id_key(report_id: str) -> str:
    """GUIDs are case-insensitive: one stored key whatever case the client used."""
    return report_id.lower()


def attachment_guid(report_key: str, kind: str, index: int) -> str:
    """Stable attachment id: the same report posted again keeps its attachment ids."""
    return str(uuid.uuid5(_ATTACHMENT_NS, f"{report_key}/{kind}/{index}"))


def iter_steps(root: Any, path: str = "") -> Iterator[tuple[int, str, dict[str, Any]]]:
    """``(pre-order number from 1, name path, step)`` for every step under ``root``."""
    counter = 0
    stack: list[tuple[Any, str]] = [(root, path)]
    while stack:
        step, parent_path = stack.pop()
        if not isinstance(step, dict):
            continue
        counter += 1
        name_path = f"{parent_path}/{step.get('name')}" if parent_path else str(step.get("name"))
        yield counter, name_path, step
        children = step.get("steps")
        if isinstance(children, list):
            stack.extend((child, name_path) for child in reversed(children))


def build_record(
    report: dict[str, Any], body: str, processes: ProcessTable, now: datetime | None = None
) -> ReportRecord:
    """Everything storage needs for a report that passed validation."""
    key = id_key(report["id"])
    is_uut = report["type"] == "T"
    detail = report.get("uut" if is_uut else "uur") or {}
    process = processes.get(int(report["processCode"]))
    start = parse_instant(report["start"])
    root = report.get("root") if is_uut else None
    seq_call = (root or {}).get("seqCall") or {}
    failed_name, failed_path = _failure_step(root)
    if is_uut:
        test_operation = process.name if process else None
    else:
        test_process = processes.get(detail["processCode"]) if "processCode" in detail else None
        test_operation = test_process.name if test_process else detail.get("processName")
    ref_uut = detail.get("refUUT") if not is_uut else None
    columns: dict[str, Any] = {
        "id": report["id"],
        "report_type": report["type"],
        "serial_number": report["sn"],
        "part_number": report["pn"],
        "revision": report["rev"],
        "batch_number": detail.get("batchSN") if is_uut else None,
        "station_name": report["machineName"],
        "location": report["location"],
        "purpose": report["purpose"],
        "process_code": int(report["processCode"]),
        "process_name": process.name if process else report.get("processName"),
        "result": RESULT_WORDS.get(report["result"], report["result"]),
        "start": report["start"],
        "start_utc": start.utc_text(),
        "start_key": start.sort_key(),
        "operator": detail.get("user"),
        "comment": detail.get("comment"),
        "execution_time": detail.get("execTime"),
        "sw_filename": seq_call.get("path"),
        "sw_version": seq_call.get("version"),
        "test_socket_index": detail.get("testSocketIndex") if is_uut else None,
        "fixture_id": detail.get("fixtureId") if is_uut else None,
        "report_size": math.ceil(len(body.encode("utf-8")) / 1024),
        "caused_uut_failure": failed_name,
        "caused_uut_failure_path": failed_path,
        "error_code": detail.get("errorCode") if is_uut else None,
        "error_message": detail.get("errorMessage") if is_uut else None,
        "referenced_uut": id_key(ref_uut) if isinstance(ref_uut, str) else None,
        "test_operation": test_operation,
        "root_node_type": (root or {}).get("stepType"),
    }
    received = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return ReportRecord(
        id_key=key,
        columns=columns,
        body=body,
        received_utc=received,
        sub_units=[
            (i, s.get("sn"), s.get("pn"), s.get("rev"), s.get("partType"))
            for i, s in enumerate(report.get("subUnits") or [])
        ],
        misc_infos=[
            (i, m.get("description"), _misc_value(m))
            for i, m in enumerate(report.get("miscInfos") or [])
        ],
        assets=[
            (i, a.get("assetSN", a.get("sn")), a.get("usageCount"))
            for i, a in enumerate(report.get("assets") or [])
            if isinstance(a, dict)
        ],
        attachments=list(_attachments(key, report)),
    )


def _misc_value(info: dict[str, Any]) -> str | None:
    if info.get("text") is not None:
        return str(info["text"])
    numeric = info.get("numeric")
    return None if numeric is None else json.dumps(numeric)


def _failure_step(root: Any) -> tuple[str | None, str | None]:
    for _, name_path, step in iter_steps(root):
        if step.get("causedUUTFailure") is True:
            return step.get("name"), name_path
    return None, None


def _attachments(key: str, report: dict[str, Any]) -> Iterator[AttachmentRow]:
    for number, _, step in iter_steps(report.get("root")):
        attachment = step.get("attachment")
        if isinstance(attachment, dict):
            step_id = step.get("id")
            yield AttachmentRow(
                attachment_id=attachment_guid(key, "step", number),
                report_id=key,
                step_id=int(step_id) if isinstance(step_id, (int, float)) else number,
                name=str(attachment.get("name") or "attachment"),
                content_type=str(attachment.get("contentType") or "application/octet-stream"),
                data=base64.b64decode(attachment.get("data") or ""),
            )
    for i, item in enumerate(report.get("binaryData") or []):
        yield AttachmentRow(
            attachment_id=attachment_guid(key, "binary", i),
            report_id=key,
            step_id=None,
            name=str(item.get("name") or "attachment"),
            content_type=str(item.get("contentType") or "application/octet-stream"),
            data=base64.b64decode(item.get("data") or ""),
        )


@dataclass(frozen=True)
class OutputContext:
    """What rendering needs besides the report: reference data and server identity."""

    processes: ProcessTable
    origin: str
    product_name: Callable[[str], str | None]
    referencing_uurs: Callable[[str], list[tuple[str, str]]]


def render_report(
    report: dict[str, Any],
    ctx: OutputContext,
    *,
    include_chart_data: bool = True,
    include_attachments: bool = True,
) -> dict[str, Any]:
    """The stored report as ``GET /api/Report/Wsjf/{id}`` returns it."""
    out = json.loads(json.dumps(report))  # deep copy; the stored tree is never modified
    key = id_key(out["id"])
    process = ctx.processes.get(int(out["processCode"]))
    out["startUTC"] = parse_instant(out["start"]).utc_text()
    out["processName"] = process.name if process else out.get("processName")
    out["processCodeFormat"] = process.code_format if process else None
    out["productName"] = ctx.product_name(out["pn"])
    out["origin"] = ctx.origin
    out["assetStats"] = []
    for name in _ROOT_LISTS:
        if out.get(name) is None:
            out[name] = []
    for info in out["miscInfos"]:
        _fill(info, _MISC_KEYS)
    if out["type"] == "T":
        _render_uut(out, key, ctx)
    else:
        _render_uur(out, ctx)
    for i, item in enumerate(out.get("binaryData") or []):
        item["id"] = attachment_guid(key, "binary", i)
    for _, _, step in iter_steps(out.get("root")):
        if not include_chart_data:
            step.pop("chart", None)
        if not include_attachments:
            step.pop("attachment", None)
    if not include_attachments:
        out.pop("binaryData", None)
    ordered = {name: out.pop(name) for name in _ROOT_ORDER if name in out}
    ordered.update(out)
    return ordered


def _render_uut(out: dict[str, Any], key: str, ctx: OutputContext) -> None:
    uut = out.get("uut")
    if not isinstance(uut, dict):
        return
    if "stepIdCausedUUTFailure" not in uut:
        uut["stepIdCausedUUTFailure"] = next(
            (s.get("id") for _, _, s in iter_steps(out.get("root")) if s.get("causedUUTFailure")),
            None,
        )
    _fill(uut, _UUT_KEYS)
    referencing = ctx.referencing_uurs(key)
    if referencing:
        uut["referencedByUURs"] = [{"id": i, "start": start} for i, start in referencing]


def _render_uur(out: dict[str, Any], ctx: OutputContext) -> None:
    uur = out.get("uur")
    if isinstance(uur, dict):
        code = uur.get("processCode")
        test_process = ctx.processes.get(code) if isinstance(code, int) else None
        if uur.get("processName") is None and test_process is not None:
            uur["processName"] = test_process.name
        _fill(uur, _UUR_KEYS)
    for sub in out["subUnits"]:
        for failure in sub.get("failures") or []:
            _fill(failure, _FAILURE_KEYS)


def _fill(obj: Any, keys: tuple[str, ...]) -> None:
    if isinstance(obj, dict):
        for name in keys:
            obj.setdefault(name, None)
