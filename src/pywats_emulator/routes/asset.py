"""Asset endpoints (wats-api.md §2.4): assets, types, status, counts, service dates, log, files.

Most operations name the asset by query ``id`` (GUID) or ``serialNumber``; an unknown asset is
``404 asset 'X' not found``. Operations that only change something answer ``204``. The rules
live in :mod:`pywats_emulator.asset`; this module maps HTTP to them, one transaction per call.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.asset.activity import (
    Service,
    increment_counts,
    record_external_service,
    record_service,
    set_count,
    set_state,
)
from pywats_emulator.asset.bodies import parse_asset, parse_message, parse_type
from pywats_emulator.asset.dates import now_utc, parse_query_datetime
from pywats_emulator.asset.file_routes import router as files_router
from pywats_emulator.asset.log import DEFAULT_USER, LogType, add_log
from pywats_emulator.asset.records import (
    ASSET_DEFAULT_ORDER,
    ASSET_SCHEMA,
    ASSET_SELECT,
    ASSET_SORTABLE,
    LOG_DEFAULT_ORDER,
    LOG_SCHEMA,
    LOG_SORTABLE,
    TYPE_DEFAULT_ORDER,
    TYPE_SCHEMA,
    TYPE_SORTABLE,
    asset_json,
    log_json,
    type_json,
)
from pywats_emulator.asset.status import asset_status
from pywats_emulator.asset.store import (
    descendant_ids,
    find_asset,
    find_asset_by_key,
    find_type,
    upsert_asset,
    upsert_type,
)
from pywats_emulator.bodies import json_body
from pywats_emulator.errors import ApiError
from pywats_emulator.odata import FilterSchema, ODataError, compile_filter, compile_orderby
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter()
State = Annotated[EmulatorState, Depends(get_state)]
Body = Annotated[Any, Depends(json_body)]
BASE = "/api/Asset"


@dataclass(frozen=True)
class AssetRef:
    """The ``id`` / ``serialNumber`` query pair that names an asset."""

    asset_id: str | None
    serial_number: str | None

    def find(self, conn: sqlite3.Connection) -> sqlite3.Row:
        return find_asset(conn, self.asset_id, self.serial_number)


def asset_ref(
    asset_id: Annotated[str | None, Query(alias="id")] = None,
    serial_number: Annotated[str | None, Query(alias="serialNumber")] = None,
) -> AssetRef:
    return AssetRef(asset_id, serial_number)


Ref = Annotated[AssetRef, Depends(asset_ref)]
Top = Annotated[int | None, Query(alias="$top", ge=0)]
Skip = Annotated[int, Query(alias="$skip", ge=0)]
FilterText = Annotated[str | None, Query(alias="$filter")]
OrderBy = Annotated[str | None, Query(alias="$orderby")]
Comment = Annotated[str | None, Query()]


def _odata(
    schema: FilterSchema,
    sortable: dict[str, str],
    default: str,
    text: str | None,
    order: str | None,
) -> tuple[str, list[Any], str]:
    try:
        where, params = compile_filter(text or "", schema)
        order_sql = compile_orderby(order or "", sortable, default)
    except ODataError as exc:
        raise ApiError(400, str(exc)) from None
    return where, params, order_sql


def _single(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """An asset with its direct sub-assets in ``assetChildren``."""
    children = conn.execute(
        f"{ASSET_SELECT} WHERE a.parent_asset_id = ? ORDER BY a.serial_number",
        (row["asset_id"],),
    ).fetchall()
    return asset_json(row, children=[asset_json(child) for child in children])


def _no_content() -> Response:
    return Response(status_code=204)


# -- assets -----------------------------------------------------------------------------------


@router.get(BASE)
def get_assets(
    state: State,
    filter_text: FilterText = None,
    orderby: OrderBy = None,
    top: Top = None,
    skip: Skip = 0,
) -> JSONResponse:
    """Assets matching an OData filter, as a bare JSON array."""
    where, params, order = _odata(
        ASSET_SCHEMA, ASSET_SORTABLE, ASSET_DEFAULT_ORDER, filter_text, orderby
    )
    sql = f"{ASSET_SELECT} WHERE {where} ORDER BY {order}, a.asset_id LIMIT ? OFFSET ?"
    rows = state.storage.fetch_all(sql, [*params, -1 if top is None else top, skip])
    return JSONResponse([asset_json(row) for row in rows])


@router.put(BASE)
def put_asset(state: State, body: Body) -> JSONResponse:
    """Create or update an asset (upsert on ``assetId``, else ``serialNumber``)."""
    parsed = parse_asset(body)
    with state.storage.transaction() as conn:
        asset_id = upsert_asset(conn, parsed, now_utc(), DEFAULT_USER)
        return JSONResponse(_single(conn, find_asset(conn, asset_id, None)))


@router.delete(BASE)
def delete_asset(state: State, ref: Ref) -> Response:
    """Delete an asset with its log and files; refused while it has sub-assets."""
    with state.storage.transaction() as conn:
        row = ref.find(conn)
        children = descendant_ids(conn, row["asset_id"], 1)
        if children:
            raise ApiError(
                409,
                f"asset '{row['serial_number']}' has {len(children)} sub-asset(s): delete them"
                " or move them to another parent first",
            )
        for table in ("asset_files", "asset_log", "assets"):
            conn.execute(f"DELETE FROM {table} WHERE asset_id = ?", (row["asset_id"],))  # noqa: S608
    return _no_content()


@router.get(f"{BASE}/Status")
def get_status(
    state: State,
    ref: Ref,
    translate: bool = False,
    culture_code: Annotated[str | None, Query(alias="cultureCode")] = None,
) -> JSONResponse:
    """Counts, due dates and the computed alarm state (messages are always English)."""
    del translate, culture_code
    with state.storage.transaction() as conn:
        row = ref.find(conn)
    return JSONResponse(asset_status(row, now_utc()))


@router.put(f"{BASE}/State")
def put_state(state: State, ref: Ref, new_state: Annotated[int, Query(alias="state")]) -> Response:
    """Change the asset's state (0..6); logged as a state change."""
    with state.storage.transaction() as conn:
        set_state(conn, ref.find(conn), new_state, DEFAULT_USER, now_utc())
    return _no_content()


# -- counts -----------------------------------------------------------------------------------


@router.put(f"{BASE}/Count")
def put_count(
    state: State,
    ref: Ref,
    total_count: Annotated[int | None, Query(alias="totalCount")] = None,
    increment_by: Annotated[int | None, Query(alias="incrementBy")] = None,
    increment_children: Annotated[bool, Query(alias="incrementChildren")] = True,
) -> Response:
    """Add usage: ``incrementBy`` (default 1) or up to ``totalCount``; sub-assets too."""
    with state.storage.transaction() as conn:
        increment_counts(
            conn,
            ref.find(conn),
            increment_by=increment_by,
            total_count=total_count,
            children=increment_children,
            now=now_utc(),
        )
    return _no_content()


@router.post(f"{BASE}/ResetRunningCount")
def reset_running_count(state: State, ref: Ref, comment: Comment = None) -> Response:
    """Set the running count to 0 (logged as a count reset)."""
    with state.storage.transaction() as conn:
        set_count(conn, ref.find(conn), "running_count", 0, comment, DEFAULT_USER, now_utc())
    return _no_content()


@router.put(f"{BASE}/SetRunningCount")
def set_running_count(
    state: State, ref: Ref, value: Annotated[int, Query(alias="runningCount")]
) -> Response:
    """Set the running count (logged as a count reset)."""
    with state.storage.transaction() as conn:
        set_count(conn, ref.find(conn), "running_count", value, None, DEFAULT_USER, now_utc())
    return _no_content()


@router.put(f"{BASE}/SetTotalCount")
def set_total_count(
    state: State, ref: Ref, value: Annotated[int, Query(alias="totalCount")]
) -> Response:
    """Set the total count (logged as a count reset)."""
    with state.storage.transaction() as conn:
        set_count(conn, ref.find(conn), "total_count", value, None, DEFAULT_USER, now_utc())
    return _no_content()


# -- calibration and maintenance --------------------------------------------------------------


def _service_done(
    state: EmulatorState, ref: AssetRef, service: Service, when: str | None, comment: str | None
) -> Response:
    now = now_utc()
    moment = now if when is None else parse_query_datetime(when, "dateTime")
    with state.storage.transaction() as conn:
        record_service(conn, ref.find(conn), service, moment, comment, DEFAULT_USER, now)
    return _no_content()


def _external_service_done(
    state: EmulatorState,
    ref: AssetRef,
    service: Service,
    dates: tuple[str, str],
    comment: str | None,
) -> Response:
    from_date = parse_query_datetime(dates[0], "fromDate")
    to_date = parse_query_datetime(dates[1], "toDate")
    with state.storage.transaction() as conn:
        record_external_service(
            conn, ref.find(conn), service, from_date, to_date, comment, DEFAULT_USER, now_utc()
        )
    return _no_content()


DateTime = Annotated[str | None, Query(alias="dateTime")]
FromDate = Annotated[str, Query(alias="fromDate")]
ToDate = Annotated[str, Query(alias="toDate")]


@router.post(f"{BASE}/Calibration")
def post_calibration(
    state: State, ref: Ref, when: DateTime = None, comment: Comment = None
) -> Response:
    """Record a calibration at ``dateTime`` (default now)."""
    return _service_done(state, ref, Service.CALIBRATION, when, comment)


@router.post(f"{BASE}/Calibration/External")
def post_calibration_external(
    state: State, ref: Ref, from_date: FromDate, to_date: ToDate, comment: Comment = None
) -> Response:
    """Record an external calibration valid from ``fromDate`` to ``toDate``."""
    return _external_service_done(state, ref, Service.CALIBRATION, (from_date, to_date), comment)


@router.post(f"{BASE}/Maintenance")
def post_maintenance(
    state: State, ref: Ref, when: DateTime = None, comment: Comment = None
) -> Response:
    """Record a maintenance at ``dateTime`` (default now)."""
    return _service_done(state, ref, Service.MAINTENANCE, when, comment)


@router.post(f"{BASE}/Maintenance/External")
def post_maintenance_external(
    state: State, ref: Ref, from_date: FromDate, to_date: ToDate, comment: Comment = None
) -> Response:
    """Record an external maintenance valid from ``fromDate`` to ``toDate``."""
    return _external_service_done(state, ref, Service.MAINTENANCE, (from_date, to_date), comment)


# -- log, types, sub-assets -------------------------------------------------------------------


@router.get(f"{BASE}/Log")
def get_log(
    state: State,
    filter_text: FilterText = None,
    orderby: OrderBy = None,
    top: Top = None,
    skip: Skip = 0,
) -> JSONResponse:
    """Log entries matching an OData filter (newest first by default)."""
    where, params, order = _odata(LOG_SCHEMA, LOG_SORTABLE, LOG_DEFAULT_ORDER, filter_text, orderby)
    sql = f"SELECT * FROM asset_log AS l WHERE {where} ORDER BY {order}, l.log_id LIMIT ? OFFSET ?"  # noqa: S608
    rows = state.storage.fetch_all(sql, [*params, -1 if top is None else top, skip])
    return JSONResponse([log_json(row) for row in rows])


@router.post(f"{BASE}/Message")
def post_message(state: State, body: Body) -> Response:
    """Add a message (log type 0) to an asset's log."""
    message = parse_message(body)
    with state.storage.transaction() as conn:
        row = find_asset(conn, message.asset_id, None)
        user = message.user or DEFAULT_USER
        serial = row["serial_number"]
        add_log(conn, row["asset_id"], serial, LogType.MESSAGE, message.comment, user, now_utc())
    return _no_content()


@router.get(f"{BASE}/Types")
def get_types(
    state: State,
    filter_text: FilterText = None,
    orderby: OrderBy = None,
    top: Top = None,
    skip: Skip = 0,
) -> JSONResponse:
    """Asset types matching an OData filter."""
    where, params, order = _odata(
        TYPE_SCHEMA, TYPE_SORTABLE, TYPE_DEFAULT_ORDER, filter_text, orderby
    )
    sql = (
        f"SELECT * FROM asset_types AS t WHERE {where} ORDER BY {order}, t.type_id LIMIT ? OFFSET ?"  # noqa: S608
    )
    rows = state.storage.fetch_all(sql, [*params, -1 if top is None else top, skip])
    return JSONResponse([type_json(row) for row in rows])


@router.put(f"{BASE}/Types")
def put_type(state: State, body: Body) -> JSONResponse:
    """Create or update an asset type (upsert on ``typeId``, else ``typeName``)."""
    parsed = parse_type(body)
    with state.storage.transaction() as conn:
        type_id = upsert_type(conn, parsed)
        return JSONResponse(type_json(find_type(conn, type_id, None)))


@router.get(f"{BASE}/SubAssets")
def get_sub_assets(
    state: State, ref: Ref, level: Annotated[int | None, Query(ge=1)] = None
) -> JSONResponse:
    """Sub-assets down to ``level`` generations (1 = direct children; all by default)."""
    with state.storage.transaction() as conn:
        ids = descendant_ids(conn, ref.find(conn)["asset_id"], level)
        marks = ", ".join("?" * len(ids))
        rows = conn.execute(f"{ASSET_SELECT} WHERE a.asset_id IN ({marks})", ids).fetchall()
    position = {asset_id: index for index, asset_id in enumerate(ids)}
    rows.sort(key=lambda row: position[row["asset_id"]])
    return JSONResponse([asset_json(row) for row in rows])


# Registered last: the literal paths above win over an asset whose serial number is "Status".
@router.get(f"{BASE}/{{key:path}}")
def get_asset(state: State, key: Annotated[str, Path()]) -> JSONResponse:
    """One asset by ``assetId`` or ``serialNumber``, with its direct sub-assets."""
    with state.storage.transaction() as conn:
        return JSONResponse(_single(conn, find_asset_by_key(conn, key)))


router.include_router(files_router)
