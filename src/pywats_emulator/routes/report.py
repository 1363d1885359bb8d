"""Report domain, part 1: submit and read reports (WSJF and WSXF) and query headers.

``wats-api.md`` §2.1. Submitting is an upsert on the report ``id``; success answers
``{"ID": id, "id": id}``. Reading returns the stored report plus the output-only fields of an
export. A report submitted in one format can be read in the other.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body, raw_body
from pywats_emulator.errors import ApiError
from pywats_emulator.headers import (
    DEFAULT_ORDER,
    EXPANSIONS,
    HEADER_SCHEMA,
    SORTABLE,
    expand_headers,
    header_from_row,
)
from pywats_emulator.odata import ODataError, compile_filter, compile_orderby
from pywats_emulator.reports import id_key, render_report
from pywats_emulator.state import EmulatorState, get_state
from pywats_emulator.wsxf import WsxfError, dict_to_wsxf, wsxf_to_dict

__all__ = ["router"]

router = APIRouter(prefix="/api/Report")
State = Annotated[EmulatorState, Depends(get_state)]
XML_MEDIA_TYPE = "application/xml"
_REPORT_TYPES = {"U": "T", "T": "T", "R": "R"}


def _submitted(report_id: str) -> JSONResponse:
    return JSONResponse({"ID": report_id, "id": report_id})


@router.post("/WSJF")
def post_wsjf(state: State, report: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    """Submit a WSJF report (insert, or overwrite the report with the same id)."""
    return _submitted(state.submit_report(report))


@router.post("/WSXF")
def post_wsxf(state: State, body: Annotated[bytes, Depends(raw_body)]) -> JSONResponse:
    """Submit a WSXF (XML) report; stored like a WSJF one."""
    try:
        report = wsxf_to_dict(body)
    except WsxfError as exc:
        raise ApiError(400, f"invalid WSXF: {exc}") from None
    return _submitted(state.submit_report(report))


def _load(state: EmulatorState, report_id: str) -> dict[str, Any]:
    body = state.storage.report_body(id_key(report_id))
    if body is None:
        raise ApiError(404, f"report {report_id} not found")
    report = json.loads(body)
    assert isinstance(report, dict)
    return report


@router.get("/Wsjf/{id}")
def get_wsjf(
    state: State,
    report_id: Annotated[str, Path(alias="id")],
    include_chart_data: Annotated[bool, Query(alias="includeChartdata")] = True,
    include_attachments: Annotated[bool, Query(alias="includeAttachments")] = True,
    detail_level: Annotated[int | None, Query(alias="detailLevel", ge=0, le=7)] = None,
) -> JSONResponse:
    """A stored report as WSJF (``detailLevel`` is accepted and ignored: always full)."""
    del detail_level
    report = render_report(
        _load(state, report_id),
        state.output_context(),
        include_chart_data=include_chart_data,
        include_attachments=include_attachments,
    )
    return JSONResponse(report)


@router.get("/Wsxf/{id}")
def get_wsxf(
    state: State,
    report_id: Annotated[str, Path(alias="id")],
    include_chart_data: Annotated[bool, Query(alias="includeChartdata")] = True,
    include_attachments: Annotated[bool, Query(alias="includeAttachments")] = True,
    include_indexes: Annotated[bool, Query(alias="includeIndexes")] = True,
) -> Response:
    """A stored report as WSXF bytes (``includeIndexes`` is accepted and ignored)."""
    del include_indexes
    report = render_report(
        _load(state, report_id),
        state.output_context(),
        include_chart_data=include_chart_data,
        include_attachments=include_attachments,
    )
    return Response(dict_to_wsxf(report), media_type=XML_MEDIA_TYPE)


def _expand_names(text: str | None) -> list[str]:
    names = [name.strip() for name in (text or "").split(",") if name.strip()]
    unknown = [name for name in names if name not in EXPANSIONS]
    if unknown:
        known = ", ".join(EXPANSIONS)
        raise ApiError(400, f"$expand: unknown name(s) {', '.join(unknown)} (known: {known})")
    return list(dict.fromkeys(names))


@router.get("/Query/Header")
def query_header(
    state: State,
    report_type: Annotated[str | None, Query(alias="reportType")] = None,
    filter_text: Annotated[str | None, Query(alias="$filter")] = None,
    top: Annotated[int | None, Query(alias="$top", ge=0)] = None,
    skip: Annotated[int, Query(alias="$skip", ge=0)] = 0,
    orderby: Annotated[str | None, Query(alias="$orderby")] = None,
    expand: Annotated[str | None, Query(alias="$expand")] = None,
) -> JSONResponse:
    """Report headers matching an OData filter, as a bare JSON array."""
    clauses, params = [], []
    if report_type is not None:
        wanted = _REPORT_TYPES.get(report_type.upper())
        if wanted is None:
            raise ApiError(400, f"reportType must be U (UUT) or R (UUR), got {report_type!r}")
        clauses.append("r.report_type = ?")
        params.append(wanted)
    try:
        where, filter_params = compile_filter(filter_text or "", HEADER_SCHEMA)
        order = compile_orderby(orderby or "", SORTABLE, DEFAULT_ORDER)
    except ODataError as exc:
        raise ApiError(400, str(exc)) from None
    clauses.append(where)
    params.extend(filter_params)
    names = _expand_names(expand)
    rows = state.storage.select_reports(
        " AND ".join(clauses), params, f"{order}, r.id_key", -1 if top is None else top, skip
    )
    headers = [header_from_row(row) for row in rows]
    expand_headers(state.storage, headers, [row["id_key"] for row in rows], names)
    return JSONResponse(headers)


@router.get("/Query/HeaderByMiscInfo")
def query_header_by_misc_info(
    state: State,
    description: str | None = None,
    string_value: Annotated[str | None, Query(alias="stringValue")] = None,
    top: Annotated[int | None, Query(alias="$top", ge=0)] = None,
) -> JSONResponse:
    """Headers of reports having a misc info with this description (and text value)."""
    if description is None and string_value is None:
        raise ApiError(400, "give description and/or stringValue")
    conditions, params = [], []
    if description is not None:
        conditions.append("m.description = ?")
        params.append(description)
    if string_value is not None:
        conditions.append("m.value = ?")
        params.append(string_value)
    where = (
        "EXISTS (SELECT 1 FROM misc_infos AS m WHERE m.report_id = r.id_key"  # noqa: S608
        f" AND {' AND '.join(conditions)})"
    )
    rows = state.storage.select_reports(
        where, params, f"{DEFAULT_ORDER}, r.id_key", -1 if top is None else top, 0
    )
    return JSONResponse([header_from_row(row) for row in rows])
