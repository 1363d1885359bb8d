"""Production (MES) endpoints, wats-api.md §2.5: ``/api/Production/...`` here, the internal
``/api/internal/Production/...`` and ``/api/internal/Mes/...`` ones in
:mod:`pywats_emulator.production.internal_routes` (added to the same router below).

Operations that return nothing answer ``204``. Choices where wats-api.md is silent are in
``docs/emulator.md`` (*Production*).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body, raw_body
from pywats_emulator.production import assembly, batches, serials, units
from pywats_emulator.production.http import bound, done, prefers_xml
from pywats_emulator.production.info import verification_json
from pywats_emulator.production.internal_routes import INTERNAL_ROUTES
from pywats_emulator.production.serial_types import SERIAL_NUMBER_TYPES
from pywats_emulator.production.sn_files import (
    FileFormat,
    parse_upload,
    take_xml,
    write_csv,
    write_xml,
)
from pywats_emulator.production.unit_rows import UnitKey, require_key
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter()
PUBLIC = "/api/Production"
State = Annotated[EmulatorState, Depends(get_state)]
Text = Annotated[str | None, Query()]


@router.get(PUBLIC + "/Unit/{serialNumber}/{partNumber}")
def get_unit(
    state: State,
    serial_number: Annotated[str, Path(alias="serialNumber")],
    part_number: Annotated[str, Path(alias="partNumber")],
) -> JSONResponse:
    return JSONResponse(units.get_unit(state.storage, UnitKey(serial_number, part_number)))


@router.put(f"{PUBLIC}/Units")
def save_units(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    """Upsert units (key serialNumber + partNumber); answers the saved units."""
    return JSONResponse(units.save_units(state.storage, state.processes, body))


@router.get(f"{PUBLIC}/UnitVerification")
def unit_verification(
    state: State,
    serial_number: Annotated[str | None, Query(alias="serialNumber")] = None,
    part_number: Annotated[str | None, Query(alias="partNumber")] = None,
    revision: Text = None,
) -> JSONResponse:
    key = require_key(serial_number, part_number)
    return JSONResponse(verification_json(state.storage, state.processes, key, revision))


@router.get(f"{PUBLIC}/Units/Changes")
def unit_changes(
    state: State,
    serial_number: Annotated[str | None, Query(alias="serialNumber")] = None,
    part_number: Annotated[str | None, Query(alias="partNumber")] = None,
    top: Annotated[int | None, Query(alias="$top", ge=0)] = None,
    skip: Annotated[int, Query(alias="$skip", ge=0)] = 0,
) -> JSONResponse:
    return JSONResponse(units.list_changes(state.storage, serial_number, part_number, top, skip))


@router.delete(PUBLIC + "/Units/Changes/{id}")
def delete_unit_change(state: State, change_id: Annotated[int, Path(alias="id")]) -> Response:
    units.delete_change(state.storage, change_id)
    return done()


@router.put(f"{PUBLIC}/SetUnitPhase")
def set_unit_phase(
    state: State,
    serial_number: Annotated[str | None, Query(alias="serialNumber")] = None,
    part_number: Annotated[str | None, Query(alias="partNumber")] = None,
    phase: Text = None,
    comment: Text = None,
) -> Response:
    key = require_key(serial_number, part_number)
    units.set_phase(state.storage, key, phase or "", comment)
    return done()


@router.put(f"{PUBLIC}/SetUnitProcess")
def set_unit_process(
    state: State,
    process_code: Annotated[int, Query(alias="processCode")],
    serial_number: Annotated[str | None, Query(alias="serialNumber")] = None,
    part_number: Annotated[str | None, Query(alias="partNumber")] = None,
    comment: Text = None,
) -> Response:
    key = require_key(serial_number, part_number)
    units.set_process(state.storage, state.processes, key, process_code, comment)
    return done()


def _parent_and_child(
    parent_serial: str | None,
    parent_part: str | None,
    child_serial: str | None,
    child_part: str | None,
) -> tuple[UnitKey, UnitKey]:
    parent = require_key(
        parent_serial, parent_part, serial_name="parentSerialNumber", part_name="parentPartNumber"
    )
    child = require_key(
        child_serial, child_part, serial_name="childSerialNumber", part_name="childPartNumber"
    )
    return parent, child


@router.post(f"{PUBLIC}/AddChildUnit")
def add_child_unit(
    state: State,
    parent_serial: Annotated[str | None, Query(alias="parentSerialNumber")] = None,
    parent_part: Annotated[str | None, Query(alias="parentPartNumber")] = None,
    child_serial: Annotated[str | None, Query(alias="childSerialNumber")] = None,
    child_part: Annotated[str | None, Query(alias="childPartNumber")] = None,
) -> Response:
    parent, child = _parent_and_child(parent_serial, parent_part, child_serial, child_part)
    assembly.add_child(state.storage, parent, child.serial_number, child.part_number)
    return done()


@router.post(f"{PUBLIC}/RemoveChildUnit")
def remove_child_unit(
    state: State,
    parent_serial: Annotated[str | None, Query(alias="parentSerialNumber")] = None,
    parent_part: Annotated[str | None, Query(alias="parentPartNumber")] = None,
    child_serial: Annotated[str | None, Query(alias="childSerialNumber")] = None,
    child_part: Annotated[str | None, Query(alias="childPartNumber")] = None,
) -> Response:
    parent, child = _parent_and_child(parent_serial, parent_part, child_serial, child_part)
    assembly.remove_child(state.storage, parent, child)
    return done()


@router.get(f"{PUBLIC}/CheckChildUnits")
def check_child_units(
    state: State,
    serial_number: Annotated[str | None, Query(alias="serialNumber")] = None,
    part_number: Annotated[str | None, Query(alias="partNumber")] = None,
    revision: Text = None,
) -> JSONResponse:
    key = require_key(serial_number, part_number)
    return JSONResponse(assembly.check_children(state.storage, state.processes, key, revision))


@router.get(f"{PUBLIC}/SerialNumbers/Types")
def serial_number_types() -> JSONResponse:
    return JSONResponse([t.to_public() for t in SERIAL_NUMBER_TYPES])


@router.post(f"{PUBLIC}/SerialNumbers/Take")
def take_serial_numbers(
    state: State,
    serial_number_type: Annotated[str | None, Query(alias="serialNumberType")] = None,
    quantity: int = 1,
    ref_sn: Annotated[str | None, Query(alias="refSN")] = None,
    ref_pn: Annotated[str | None, Query(alias="refPN")] = None,
    station_name: Annotated[str | None, Query(alias="stationName")] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Allocate numbers; XML ``<SerialNumbers><SN id/>`` when Accept prefers XML, else JSON."""
    serial_type = serials.require_type(serial_number_type)
    taken = serials.take(
        state.storage,
        serial_type,
        quantity,
        reference_serial_number=ref_sn,
        reference_part_number=ref_pn,
        station_name=station_name,
    )
    if prefers_xml(accept):
        return Response(take_xml(serial_type.name, taken), media_type="application/xml")
    return JSONResponse(taken)


@router.get(f"{PUBLIC}/SerialNumbers/ByRange")
def serial_numbers_by_range(
    state: State,
    type_name: Annotated[str | None, Query(alias="typeName")] = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> JSONResponse:
    serial_type = serials.require_type(type_name, "typeName")
    criteria = serials.TakenFilter(
        from_address=bound(serial_type, start, "from"), to_address=bound(serial_type, end, "to")
    )
    return JSONResponse(serials.taken_records(state.storage, serial_type, criteria))


@router.get(f"{PUBLIC}/SerialNumbers/ByReference")
def serial_numbers_by_reference(
    state: State,
    type_name: Annotated[str | None, Query(alias="typeName")] = None,
    ref_serial: Annotated[str | None, Query(alias="referenceSerialNumber")] = None,
    ref_part: Annotated[str | None, Query(alias="referencePartNumber")] = None,
) -> JSONResponse:
    serial_type = serials.require_type(type_name, "typeName")
    criteria = serials.TakenFilter(
        reference_serial_number=ref_serial or None, reference_part_number=ref_part or None
    )
    return JSONResponse(serials.taken_records(state.storage, serial_type, criteria))


@router.put(f"{PUBLIC}/SerialNumbers")
def upload_serial_numbers(
    state: State,
    body: Annotated[bytes, Depends(raw_body)],
    content_type: Annotated[str | None, Header()] = None,
    serial_number_type: Annotated[str | None, Query(alias="serialNumberType")] = None,
) -> JSONResponse:
    """Load a CSV or XML file: ``Free`` rows join the pool, ``Taken`` rows are recorded."""
    rows = parse_upload(body, content_type or "", serial_number_type)
    return JSONResponse(serials.import_records(state.storage, rows))


@router.get(f"{PUBLIC}/SerialNumbers")
def export_serial_numbers(
    state: State,
    type_name: Annotated[str | None, Query(alias="typeName")] = None,
    serial_state: Annotated[str | None, Query(alias="state")] = None,
    file_format: Annotated[str | None, Query(alias="format")] = None,
) -> Response:
    serial_type = serials.require_type(type_name, "typeName")
    chosen = FileFormat.parse(file_format)
    records = serials.export_records(
        state.storage, serial_type, serials.SerialState.parse(serial_state)
    )
    content = (
        write_csv(records) if chosen is FileFormat.CSV else write_xml(serial_type.name, records)
    )
    disposition = f'attachment; filename="{serial_type.name}.{chosen.value}"'
    return Response(
        content, media_type=chosen.media_type, headers={"Content-Disposition": disposition}
    )


@router.get(f"{PUBLIC}/Batches")
def get_batches(
    state: State,
    part_number: Annotated[str | None, Query(alias="partNumber")] = None,
    batch_id: Annotated[str | None, Query(alias="batchId")] = None,
) -> JSONResponse:
    return JSONResponse(batches.get_batches(state.storage, part_number, batch_id))


@router.put(f"{PUBLIC}/Batch")
def save_batch(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    return JSONResponse(batches.save_batches(state.storage, [body])[0])


@router.put(f"{PUBLIC}/Batches")
def save_batches(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    items = body if isinstance(body, list) else [body]
    return JSONResponse(batches.save_batches(state.storage, items))


# One flat router: FastAPI keeps included routers nested, where the case-insensitive route
# table (pywats_emulator.routing) cannot see them.
for _method, _path, _endpoint in INTERNAL_ROUTES:
    router.add_api_route(_path, _endpoint, methods=[_method])
