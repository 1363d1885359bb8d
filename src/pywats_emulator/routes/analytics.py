"""Analytics endpoints of ``/api/App`` (wats-api.md §2.2), computed from the stored reports.

Each endpoint parses the WATSFilter (POST body and/or query parameters) into a
:class:`~pywats_emulator.analytics.selection.Selection` and hands it to the computation in
:mod:`pywats_emulator.analytics`. A POST may send an empty body (read as ``{}``). Version,
processes, levels and product groups live in ``routes/app.py``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import JSONResponse

from pywats_emulator.analytics.filtering import parse_filter
from pywats_emulator.analytics.repair import dynamic_repair, repair_history
from pywats_emulator.analytics.report_queries import (
    oee_analysis,
    report_headers,
    serial_number_history,
)
from pywats_emulator.analytics.selection import UUR, UUT, Selection
from pywats_emulator.analytics.step_queries import (
    aggregated_measurements,
    measurements,
    step_analysis,
    top_failed,
)
from pywats_emulator.analytics.yield_queries import YieldView, yield_rows
from pywats_emulator.bodies import parse_json, raw_body
from pywats_emulator.errors import ApiError
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/App")
State = Annotated[EmulatorState, Depends(get_state)]


async def filter_body(request: Request) -> Any:
    """The POST body as JSON; an empty body is the empty filter ``{}``."""
    data = await raw_body(request)
    return parse_json(data) if data.strip() else {}


def query_filter(
    product_group: Annotated[str | None, Query(alias="productGroup")] = None,
    level: str | None = None,
    part_number: Annotated[str | None, Query(alias="partNumber")] = None,
    revision: str | None = None,
    serial_number: Annotated[str | None, Query(alias="serialNumber")] = None,
    status: str | None = None,
    top_count: Annotated[str | None, Query(alias="topCount")] = None,
    dimensions: str | None = None,
    measurement_paths: Annotated[str | None, Query(alias="measurementPaths")] = None,
) -> dict[str, str | None]:
    """The filter keys the GET forms (and ``dimensions``/``measurementPaths``) take as query."""
    return {
        "productGroup": product_group,
        "level": level,
        "partNumber": part_number,
        "revision": revision,
        "serialNumber": serial_number,
        "status": status,
        "topCount": top_count,
        "dimensions": dimensions,
        "measurementPaths": measurement_paths,
    }


Body = Annotated[Any, Depends(filter_body)]
QueryFilter = Annotated[dict[str, str | None], Depends(query_filter)]


def _select(state: EmulatorState, body: Any, query: dict[str, str | None]) -> Selection:
    return Selection(state, parse_filter(body, query))


# -- yield -------------------------------------------------------------------------------------


@router.post("/DynamicYield")
def dynamic_yield(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(yield_rows(_select(state, body, query), YieldView.DYNAMIC))


@router.get("/VolumeYield")
def volume_yield_get(state: State, query: QueryFilter) -> JSONResponse:
    return JSONResponse(yield_rows(_select(state, None, query), YieldView.VOLUME))


@router.post("/VolumeYield")
def volume_yield(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(yield_rows(_select(state, body, query), YieldView.VOLUME))


@router.get("/HighVolume")
def high_volume_get(state: State, query: QueryFilter) -> JSONResponse:
    return JSONResponse(yield_rows(_select(state, None, query), YieldView.HIGH_VOLUME))


@router.post("/HighVolume")
def high_volume(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(yield_rows(_select(state, body, query), YieldView.HIGH_VOLUME))


@router.post("/HighVolumeByProductGroup")
def high_volume_by_product_group(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    view = YieldView.HIGH_VOLUME_BY_PRODUCT_GROUP
    return JSONResponse(yield_rows(_select(state, body, query), view))


@router.get("/WorstYield")
def worst_yield_get(state: State, query: QueryFilter) -> JSONResponse:
    return JSONResponse(yield_rows(_select(state, None, query), YieldView.WORST))


@router.post("/WorstYield")
def worst_yield(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(yield_rows(_select(state, body, query), YieldView.WORST))


@router.post("/WorstYieldByProductGroup")
def worst_yield_by_product_group(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    view = YieldView.WORST_BY_PRODUCT_GROUP
    return JSONResponse(yield_rows(_select(state, body, query), view))


# -- repair ------------------------------------------------------------------------------------


@router.post("/DynamicRepair")
def dynamic_repair_post(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(dynamic_repair(_select(state, body, query)))


@router.get("/RelatedRepairHistory")
def related_repair_history(state: State, query: QueryFilter) -> JSONResponse:
    """Repairs of a part number (and revision); 404 when nothing knows the part number."""
    part_number = query["partNumber"]
    if not part_number:
        raise ApiError(400, "RelatedRepairHistory needs the partNumber query parameter")
    known = state.storage.fetch_one(
        "SELECT 1 FROM reports WHERE part_number LIKE ? LIMIT 1", (part_number,)
    )
    if known is None and state.storage.product_name(part_number) is None:
        raise ApiError(
            404,
            f"part number {part_number!r} not found: no product or report has it"
            " (check the spelling, or submit a report for it first)",
        )
    keys = {"partNumber": part_number, "revision": query["revision"]}
    return JSONResponse(repair_history(_select(state, None, keys)))


# -- steps and measurements --------------------------------------------------------------------


@router.get("/TopFailed")
def top_failed_get(state: State, query: QueryFilter) -> JSONResponse:
    return JSONResponse(top_failed(_select(state, None, query)))


@router.post("/TopFailed")
def top_failed_post(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(top_failed(_select(state, body, query)))


@router.post("/TestStepAnalysis")
def test_step_analysis(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(step_analysis(_select(state, body, query)))


@router.post("/Measurements")
def measurements_post(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(measurements(_select(state, body, query)))


@router.post("/AggregatedMeasurements")
def aggregated_measurements_post(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(aggregated_measurements(_select(state, body, query)))


@router.post("/OeeAnalysis")
def oee_analysis_post(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(oee_analysis(_select(state, body, query)))


# -- report lists ------------------------------------------------------------------------------


@router.post("/SerialNumberHistory")
def serial_number_history_post(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(serial_number_history(_select(state, body, query)))


@router.get("/UutReport")
def uut_report_get(state: State, query: QueryFilter) -> JSONResponse:
    return JSONResponse(report_headers(_select(state, None, query), UUT))


@router.post("/UutReport")
def uut_report_post(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(report_headers(_select(state, body, query), UUT))


@router.post("/UurReport")
def uur_report_post(state: State, body: Body, query: QueryFilter) -> JSONResponse:
    return JSONResponse(report_headers(_select(state, body, query), UUR))
