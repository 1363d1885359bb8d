"""Report domain, part 2: attachments (one, or all as a zip) and the certificate.

Attachments come from step ``attachment`` objects and UUR ``binaryData``; each gets a stable
``attachmentId`` (shown by ``$expand=attachments`` on header queries). File names are reduced to
their last path component so a zip never carries a path that escapes the folder it is unpacked
in.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import Response

from pywats_emulator.errors import ApiError
from pywats_emulator.reports import RESULT_WORDS, id_key
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router", "safe_file_name"]

router = APIRouter(prefix="/api/Report")
State = Annotated[EmulatorState, Depends(get_state)]
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\"\\/:*?<>|]")


def safe_file_name(name: str, fallback: str = "attachment") -> str:
    """The last path component of ``name`` with characters unsafe in file names replaced."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = _UNSAFE_CHARS.sub("_", base).strip(" .")
    return cleaned or fallback


def _disposition(kind: str, name: str) -> dict[str, str]:
    ascii_name = safe_file_name(name).encode("ascii", "replace").decode("ascii").replace("?", "_")
    return {"Content-Disposition": f'{kind}; filename="{ascii_name}"'}


@router.get("/Attachment")
def get_attachment(
    state: State,
    attachment_id: Annotated[str | None, Query(alias="attachmentId")] = None,
    step_id: Annotated[int | None, Query(alias="stepId")] = None,
) -> Response:
    """One attachment's raw bytes with its content type.

    ``stepId`` alone must identify a single attachment across stored reports.
    """
    if attachment_id is None and step_id is None:
        raise ApiError(400, "give attachmentId and/or stepId")
    found = state.storage.attachments(
        attachment_id=None if attachment_id is None else attachment_id.lower(), step_id=step_id
    )
    if not found:
        raise ApiError(404, "attachment not found")
    if len(found) > 1:
        raise ApiError(
            400, f"stepId {step_id} matches {len(found)} attachments; give attachmentId as well"
        )
    item = found[0]
    return Response(
        item.data, media_type=item.content_type, headers=_disposition("attachment", item.name)
    )


@router.get("/Attachments/{reportId}")
def get_attachments_zip(
    state: State, report_id: Annotated[str, Path(alias="reportId")]
) -> Response:
    """All attachments of a report as a zip (empty zip when it has none)."""
    key = id_key(report_id)
    if state.storage.report_body(key) is None:
        raise ApiError(404, f"report {report_id} not found")
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in state.storage.attachments(report_id=key):
            archive.writestr(_unique(safe_file_name(item.name), used), item.data)
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers=_disposition("attachment", f"{report_id}.zip"),
    )


def _unique(name: str, used: set[str]) -> str:
    candidate, counter = name, 1
    stem, dot, suffix = name.rpartition(".")
    while candidate in used:
        counter += 1
        candidate = f"{stem} ({counter}).{suffix}" if dot else f"{name} ({counter})"
    used.add(candidate)
    return candidate


@router.get("/Certificate/{reportId}")
def get_certificate(state: State, report_id: Annotated[str, Path(alias="reportId")]) -> Response:
    """A plain-text certificate summarising a report (the emulator's stand-in for a PDF)."""
    body = state.storage.report_body(id_key(report_id))
    if body is None:
        raise ApiError(404, f"report {report_id} not found")
    report: dict[str, Any] = json.loads(body)
    text = certificate_text(state, report)
    return Response(
        text.encode("utf-8"),
        media_type="text/plain; charset=utf-8",
        headers=_disposition("inline", f"certificate-{report_id}.txt"),
    )


def certificate_text(state: EmulatorState, report: dict[str, Any]) -> str:
    is_uut = report["type"] == "T"
    detail = report.get("uut" if is_uut else "uur") or {}
    process = state.processes.get(int(report["processCode"]))
    lines = [
        "WATS report certificate (pyWATS emulator)",
        "",
        f"Report id:      {report['id']}",
        f"Report type:    {'UUT (test)' if is_uut else 'UUR (repair)'}",
        f"Part number:    {report['pn']}",
        f"Revision:       {report['rev']}",
        f"Serial number:  {report['sn']}",
        f"Process:        {report['processCode']} {process.name if process else ''}".rstrip(),
        f"Result:         {RESULT_WORDS.get(report['result'], report['result'])}",
        f"Start:          {report['start']}",
        f"Station:        {report['machineName']}",
        f"Location:       {report['location']}",
        f"Operator:       {detail.get('user') or ''}".rstrip(),
    ]
    return "\n".join(lines) + "\n"
