"""Internal analytics endpoints (wats-api.md §2.2, "Internal analytics endpoints").

* ``/api/internal/App/MeasurementList``, ``StepStatusList``, ``TopFailed``: GET with ids and
  ``days`` (:class:`~pywats_emulator.analytics.internal_queries.SimpleQuery`), POST with a
  WATSFilter body; the first two also take the ``stepFilters``/``sequenceFilters`` XML;
* ``/api/internal/Trigger/GetAlarmAndNotificationLogs``: derived logs
  (:mod:`pywats_emulator.analytics.alarm_logs`);
* ``/api/internal/UnitFlow`` (+ ``/SN``, ``/SplitBy``, ``/UnitOrder``) compute a flow from a
  UnitFlowFilter and keep it as the caller's session; ``/Links``, ``/Nodes``, ``/Units``
  answer parts of that last flow (:mod:`pywats_emulator.analytics.unit_flow_sessions`).

The ``Referer`` header clients add to internal calls is accepted and ignored.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import JSONResponse

from pywats_emulator.analytics.alarm_logs import alarm_logs
from pywats_emulator.analytics.filtering import parse_filter
from pywats_emulator.analytics.internal_queries import (
    SimpleQuery,
    measurement_list,
    simple_filter,
    step_status_list,
    whole_number,
)
from pywats_emulator.analytics.selection import Selection
from pywats_emulator.analytics.step_filters import StepScope, parse_step_filter
from pywats_emulator.analytics.step_queries import top_failed
from pywats_emulator.analytics.unit_flow import build_unit_flow
from pywats_emulator.analytics.unit_flow_filter import parse_unit_flow_filter
from pywats_emulator.analytics.unit_flow_sessions import load_flow, save_flow, session_key
from pywats_emulator.errors import ApiError
from pywats_emulator.routes.analytics import filter_body
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/internal")
State = Annotated[EmulatorState, Depends(get_state)]
Body = Annotated[Any, Depends(filter_body)]


def step_scope(
    step_filters: Annotated[str | None, Query(alias="stepFilters")] = None,
    sequence_filters: Annotated[str | None, Query(alias="sequenceFilters")] = None,
) -> StepScope:
    """The ``stepFilters``/``sequenceFilters`` query values, parsed."""
    return parse_step_filter(step_filters, sequence_filters)


def simple_query(
    product_group_id: Annotated[str | None, Query(alias="productGroupId")] = None,
    level_id: Annotated[str | None, Query(alias="levelId")] = None,
    days: str | None = None,
) -> SimpleQuery:
    """The id-based query parameters of the GET forms."""
    return SimpleQuery(product_group_id=product_group_id, level_id=level_id, days=days)


Scope = Annotated[StepScope, Depends(step_scope)]
Simple = Annotated[SimpleQuery, Depends(simple_query)]


def _simple_selection(state: EmulatorState, query: SimpleQuery, **keys: Any) -> Selection:
    now = datetime.now(timezone.utc)
    body = simple_filter(state.storage, state.levels, query, now, **keys)
    return Selection(state, parse_filter(body), now=now)


def _selection(state: EmulatorState, body: Any) -> Selection:
    return Selection(state, parse_filter(body))


# -- App ---------------------------------------------------------------------------------------


@router.get("/App/MeasurementList")
def measurement_list_get(state: State, simple: Simple, scope: Scope) -> JSONResponse:
    return JSONResponse(measurement_list(_simple_selection(state, simple), scope))


@router.post("/App/MeasurementList")
def measurement_list_post(state: State, body: Body, scope: Scope) -> JSONResponse:
    return JSONResponse(measurement_list(_selection(state, body), scope))


@router.get("/App/StepStatusList")
def step_status_list_get(state: State, simple: Simple, scope: Scope) -> JSONResponse:
    return JSONResponse(step_status_list(_simple_selection(state, simple), scope))


@router.post("/App/StepStatusList")
def step_status_list_post(state: State, body: Body, scope: Scope) -> JSONResponse:
    return JSONResponse(step_status_list(_selection(state, body), scope))


@router.get("/App/TopFailed")
def top_failed_get(
    state: State,
    simple: Simple,
    part_number: Annotated[str | None, Query(alias="partNumber")] = None,
    process_code: Annotated[str | None, Query(alias="processCode")] = None,
    count: str | None = None,
) -> JSONResponse:
    """TopFailed by ids: ``processCode`` selects the test operation, ``count`` the top N."""
    code = whole_number("processCode", process_code, minimum=0)
    top = whole_number("count", count, minimum=1)
    selection = _simple_selection(
        state,
        simple,
        partNumber=part_number,
        testOperation=None if code is None else str(code),
        topCount=top,
    )
    return JSONResponse(top_failed(selection))


@router.post("/App/TopFailed")
def top_failed_post(state: State, body: Body) -> JSONResponse:
    return JSONResponse(top_failed(_selection(state, body)))


# -- Trigger -----------------------------------------------------------------------------------


@router.post("/Trigger/GetAlarmAndNotificationLogs")
def alarm_and_notification_logs(state: State, body: Body) -> JSONResponse:
    """Derived alarm logs; the body's ``topCount``, dates, ``productGroup``, ``level`` apply."""
    if not isinstance(body, dict):
        raise ApiError(400, 'the request body must be a JSON object, e.g. {"topCount": 10}')
    keys = ("topCount", "dateFrom", "dateTo", "productGroup", "level")
    return JSONResponse(alarm_logs(_selection(state, {k: body.get(k) for k in keys})))


# -- Unit flow ---------------------------------------------------------------------------------


def _flow(state: EmulatorState, request: Request, body: Any, required: str | None) -> JSONResponse:
    if required is not None and (
        not isinstance(body, dict) or body.get(required) in (None, "", [])
    ):
        raise ApiError(
            400, f"this unit flow call needs {required} in the body (with the rest of the filter)"
        )
    query = parse_unit_flow_filter(body)
    reports = Selection(state, query.selection).reports(None)
    flow = build_unit_flow(reports, query)
    save_flow(state.storage, session_key(request.headers.get("authorization")), flow)
    return JSONResponse(flow)


def _saved(state: EmulatorState, request: Request, part: str) -> JSONResponse:
    flow = load_flow(state.storage, session_key(request.headers.get("authorization")))
    return JSONResponse(flow[part])


@router.post("/UnitFlow")
def unit_flow(state: State, request: Request, body: Body) -> JSONResponse:
    return _flow(state, request, body, None)


@router.post("/UnitFlow/SN")
def unit_flow_by_serial_numbers(state: State, request: Request, body: Body) -> JSONResponse:
    return _flow(state, request, body, "serialNumbers")


@router.post("/UnitFlow/SplitBy")
def unit_flow_split_by(state: State, request: Request, body: Body) -> JSONResponse:
    return _flow(state, request, body, "splitBy")


@router.post("/UnitFlow/UnitOrder")
def unit_flow_unit_order(state: State, request: Request, body: Body) -> JSONResponse:
    return _flow(state, request, body, "unitOrder")


@router.get("/UnitFlow/Links")
def unit_flow_links(state: State, request: Request) -> JSONResponse:
    return _saved(state, request, "links")


@router.get("/UnitFlow/Nodes")
def unit_flow_nodes(state: State, request: Request) -> JSONResponse:
    return _saved(state, request, "nodes")


@router.get("/UnitFlow/Units")
def unit_flow_units(state: State, request: Request) -> JSONResponse:
    return _saved(state, request, "units")
