"""Internal production endpoints (``/api/internal/Production``, ``/api/internal/Mes``).

Clients send ``Referer`` to these; it is accepted and ignored. ``cultureCode`` is accepted and
ignored too (messages are English). Registered on the router of
:mod:`pywats_emulator.routes.production`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body
from pywats_emulator.errors import ApiError
from pywats_emulator.production import assembly, serials, units
from pywats_emulator.production.http import bound, done, flag, parse_ranges, utc_bound
from pywats_emulator.production.info import unit_info, unit_phase, unit_process
from pywats_emulator.production.phases import PHASES
from pywats_emulator.production.serial_types import SerialNumberType
from pywats_emulator.production.unit_rows import require_key
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["INTERNAL_ROUTES"]

_Endpoint = TypeVar("_Endpoint", bound=Callable[..., Response])

INTERNAL = "/api/internal/Production"
INTERNAL_ROUTES: list[tuple[str, str, Callable[..., Response]]] = []
"""``(method, path, endpoint)`` of every internal route, for the production router."""


def _route(method: str, path: str) -> Callable[[_Endpoint], _Endpoint]:
    def register(endpoint: _Endpoint) -> _Endpoint:
        INTERNAL_ROUTES.append((method, path, endpoint))
        return endpoint

    return register


State = Annotated[EmulatorState, Depends(get_state)]
Text = Annotated[str | None, Query()]
Serial = Annotated[str | None, Query(alias="serialNumber")]
Part = Annotated[str | None, Query(alias="partNumber")]
SnType = Annotated[str | None, Query(alias="serialNumberType")]
Culture = Annotated[str | None, Query(alias="cultureCode")]


@_route("GET", "/api/internal/Mes/GetUnitPhases")
def get_unit_phases() -> JSONResponse:
    return JSONResponse([phase.to_internal() for phase in PHASES])


@_route("GET", f"{INTERNAL}/isConnected")
def is_connected() -> JSONResponse:
    return JSONResponse(True)


@_route("GET", f"{INTERNAL}/GetSites")
def get_sites(state: State) -> JSONResponse:
    """Sites: the emulator's levels (its only notion of a place)."""
    return JSONResponse([{"SiteId": lv.level_id, "Name": lv.name} for lv in state.levels])


@_route("GET", f"{INTERNAL}/GetUnit")
def get_unit_by_serial(state: State, serial: Serial = None, part: Part = None) -> JSONResponse:
    """A unit by serial number; the part number is needed only when the serial is shared."""
    if part:
        return JSONResponse(units.get_unit(state.storage, require_key(serial, part)))
    if not serial:
        raise ApiError(400, "serialNumber required (query parameter)")
    found = units.units_by_serial(state.storage, serial)
    if not found:
        raise ApiError(404, f"no unit with serial number {serial!r}")
    if len(found) > 1:
        parts = ", ".join(unit["partNumber"] for unit in found)
        raise ApiError(
            400, f"serial number {serial!r} is used by part numbers {parts}: give partNumber"
        )
    return JSONResponse(found[0])


@_route("GET", f"{INTERNAL}/GetUnitInfo")
def get_unit_info(state: State, serial: Serial = None, part: Part = None) -> JSONResponse:
    return JSONResponse(unit_info(state.storage, state.processes, require_key(serial, part)))


@_route("GET", f"{INTERNAL}/GetUnitHierarchy")
def get_unit_hierarchy(state: State, serial: Serial = None, part: Part = None) -> JSONResponse:
    return JSONResponse(assembly.hierarchy(state.storage, require_key(serial, part)))


@_route("GET", f"{INTERNAL}/GetUnitStateHistory")
def get_unit_state_history(state: State, serial: Serial = None, part: Part = None) -> JSONResponse:
    key = require_key(serial, part)
    return JSONResponse(units.state_history(state.storage, state.processes, key))


@_route("GET", f"{INTERNAL}/GetUnitPhase")
def get_unit_phase(state: State, serial: Serial = None, part: Part = None) -> JSONResponse:
    return JSONResponse(unit_phase(state.storage, require_key(serial, part)))


@_route("GET", f"{INTERNAL}/GetUnitProcess")
def get_unit_process(state: State, serial: Serial = None, part: Part = None) -> Response:
    found = unit_process(state.storage, state.processes, require_key(serial, part))
    return done() if found is None else JSONResponse(found)


@_route("GET", f"{INTERNAL}/GetUnitContents")
def get_unit_contents(
    state: State, serial: Serial = None, part: Part = None, revision: Text = None
) -> JSONResponse:
    key = require_key(serial, part)
    return JSONResponse(assembly.unit_contents(state.storage, key, revision))


@_route("POST", f"{INTERNAL}/CreateUnit")
def create_unit(
    state: State,
    serial: Serial = None,
    part: Part = None,
    revision: Text = None,
    batch_number: Annotated[str | None, Query(alias="batchNumber")] = None,
    phase: Annotated[str | None, Query(alias="unitPhase")] = None,
) -> JSONResponse:
    key = require_key(serial, part)
    created = units.create_unit(
        state.storage, key, revision=revision, batch_number=batch_number, phase=phase
    )
    return JSONResponse(created)


@_route("POST", f"{INTERNAL}/AddChildUnit")
def add_child_unit_validated(
    state: State,
    serial: Serial = None,
    part: Part = None,
    child_serial: Annotated[str | None, Query(alias="childSerialNumber")] = None,
    child_part: Annotated[str | None, Query(alias="childPartNumber")] = None,
    check_part_number: Annotated[str | None, Query(alias="checkPartNumber")] = None,
    check_revision: Annotated[str | None, Query(alias="checkRevision")] = None,
    check_phase: Annotated[str | None, Query(alias="checkPhase")] = None,
    culture: Culture = None,
) -> Response:
    del culture
    parent = require_key(serial, part)
    if not child_serial:
        raise ApiError(400, "childSerialNumber required (query parameter)")
    assembly.add_child(
        state.storage,
        parent,
        child_serial,
        child_part,
        check_part_number=flag(check_part_number, "checkPartNumber"),
        check_revision=flag(check_revision, "checkRevision"),
        check_phase=flag(check_phase, "checkPhase"),
    )
    return done()


@_route("POST", f"{INTERNAL}/RemoveChildUnit")
def remove_child_unit_localized(
    state: State,
    serial: Serial = None,
    part: Part = None,
    child_serial: Annotated[str | None, Query(alias="childSerialNumber")] = None,
    child_part: Annotated[str | None, Query(alias="childPartNumber")] = None,
    culture: Culture = None,
) -> Response:
    del culture
    parent = require_key(serial, part)
    child = require_key(
        child_serial, child_part, serial_name="childSerialNumber", part_name="childPartNumber"
    )
    assembly.remove_child(state.storage, parent, child)
    return done()


@_route("POST", f"{INTERNAL}/RemoveAllChildUnits")
def remove_all_child_units(
    state: State, serial: Serial = None, part: Part = None, culture: Culture = None
) -> JSONResponse:
    del culture
    removed = assembly.remove_all_children(state.storage, require_key(serial, part))
    return JSONResponse({"count": removed})


@_route("GET", f"{INTERNAL}/CheckChildUnits")
def validate_child_units(
    state: State,
    parent_serial: Annotated[str | None, Query(alias="ParentSerialNumber")] = None,
    parent_part: Annotated[str | None, Query(alias="ParentPartNumber")] = None,
    culture: Annotated[str | None, Query(alias="CultureCode")] = None,
) -> JSONResponse:
    del culture
    key = require_key(
        parent_serial, parent_part, serial_name="ParentSerialNumber", part_name="ParentPartNumber"
    )
    return JSONResponse(assembly.check_children(state.storage, state.processes, key, None))


def _taken_filter(
    serial_type: SerialNumberType,
    start: str | None,
    end: str | None,
    from_date: str | None,
    to_date: str | None,
    date_names: tuple[str, str],
) -> serials.TakenFilter:
    return serials.TakenFilter(
        from_address=bound(serial_type, start, "startAddress"),
        to_address=bound(serial_type, end, "endAddress"),
        from_utc=utc_bound(from_date, date_names[0]),
        to_utc=utc_bound(to_date, date_names[1]),
    )


@_route("GET", f"{INTERNAL}/SerialNumbers")
def find_serial_numbers(
    state: State,
    serial_number_type: SnType = None,
    start: Annotated[str | None, Query(alias="startAddress")] = None,
    end: Annotated[str | None, Query(alias="endAddress")] = None,
    start_date: Annotated[str | None, Query(alias="startDate")] = None,
    end_date: Annotated[str | None, Query(alias="endDate")] = None,
) -> JSONResponse:
    """Taken numbers of a type by address range and taken date, lowest address first."""
    serial_type = serials.require_type(serial_number_type)
    names = ("startDate", "endDate")
    criteria = _taken_filter(serial_type, start, end, start_date, end_date, names)
    return JSONResponse(serials.taken_records(state.storage, serial_type, criteria))


@_route("GET", f"{INTERNAL}/SerialNumbers/Count")
def serial_number_count(
    state: State,
    serial_number_type: SnType = None,
    start: Annotated[str | None, Query(alias="startAddress")] = None,
    end: Annotated[str | None, Query(alias="endAddress")] = None,
    from_date: Annotated[str | None, Query(alias="fromDate")] = None,
    to_date: Annotated[str | None, Query(alias="toDate")] = None,
) -> JSONResponse:
    serial_type = serials.require_type(serial_number_type)
    criteria = _taken_filter(serial_type, start, end, from_date, to_date, ("fromDate", "toDate"))
    count = serials.taken_records(state.storage, serial_type, criteria, count_only=True)
    return JSONResponse(count)


@_route("PUT", f"{INTERNAL}/SerialNumbers/Free")
def free_serial_numbers(
    state: State, body: Annotated[Any, Depends(json_body)], serial_number_type: SnType = None
) -> JSONResponse:
    """Add ranges to the free pool (numbers ever taken are skipped)."""
    grouped = parse_ranges(body, serial_number_type)
    count = sum(serials.free_ranges(state.storage, t, r) for t, r in grouped.items())
    return JSONResponse({"count": count})


@_route("DELETE", f"{INTERNAL}/SerialNumbers/Free")
def delete_free_serial_numbers(
    state: State, body: Annotated[Any, Depends(json_body)], serial_number_type: SnType = None
) -> JSONResponse:
    """Remove free (never taken) numbers in the ranges from the pool."""
    grouped = parse_ranges(body, serial_number_type)
    count = sum(serials.delete_free(state.storage, t, r) for t, r in grouped.items())
    return JSONResponse({"count": count})


@_route("GET", f"{INTERNAL}/SerialNumbers/Ranges")
def serial_number_ranges(state: State, serial_number_type: SnType = None) -> JSONResponse:
    serial_type = serials.require_type(serial_number_type)
    return JSONResponse(serials.ranges(state.storage, serial_type))


@_route("GET", f"{INTERNAL}/SerialNumbers/Statistics")
def serial_number_statistics(state: State, serial_number_type: SnType = None) -> JSONResponse:
    serial_type = serials.require_type(serial_number_type)
    return JSONResponse(serials.statistics(state.storage, serial_type))
