"""Manual inspection endpoints (wats-api.md §2.10, internal).

Rules are in :mod:`pywats_emulator.manual_inspection` (see ``docs/emulator.md``, *Manual
inspection*). Path ids are GUIDs except in ``GetMiDetails``/``GetMiDetailsNew``, where the
unit is named by its serial number.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body
from pywats_emulator.errors import ApiError
from pywats_emulator.manual_inspection.checks import (
    CheckError,
    evaluate_string_test,
    validate_misc_infos,
)
from pywats_emulator.manual_inspection.relations import RelationStore
from pywats_emulator.manual_inspection.store import MiStore
from pywats_emulator.rootcause.rules import token_user
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/internal/ManualInspection")
State = Annotated[EmulatorState, Depends(get_state)]
Body = Annotated[Any, Depends(json_body)]
Id = Annotated[str, Path(alias="id")]


def _store(state: EmulatorState) -> MiStore:
    return MiStore(state.storage, token_user(state.config.token))


def _relations(state: EmulatorState) -> RelationStore:
    return RelationStore(_store(state), state.processes)


def _definition_id(value: str | None) -> str:
    if value is None or not value.strip():
        raise ApiError(400, "definitionId is required, e.g. ?definitionId=<definition GUID>")
    return value


# -- definitions -----------------------------------------------------------------------------


@router.get("/GetTestSequenceDefinitions")
def get_definitions(
    state: State, is_global: Annotated[bool | None, Query(alias="isGlobalDefinitions")] = None
) -> JSONResponse:
    """Every definition by name; only global (``true``) or only local (``false``) ones."""
    return JSONResponse(_store(state).definitions(is_global))


@router.get("/GetTestSequenceDefinition")
def get_definition(
    state: State, definition_id: Annotated[str | None, Query(alias="definitionId")] = None
) -> JSONResponse:
    return JSONResponse(_store(state).definition(_definition_id(definition_id)))


@router.get("/GetTestSequenceDefinitionXaml")
def get_xaml(
    state: State, definition_id: Annotated[str | None, Query(alias="definitionId")] = None
) -> JSONResponse:
    """The definition's XAML as a JSON string (``""`` when it has none yet)."""
    return JSONResponse(_store(state).xaml(_definition_id(definition_id)))


@router.get("/GetDefinitionCopy/{id}")
def get_definition_copy(state: State, definition_id: Id) -> JSONResponse:
    """An unsaved copy (no id, a free name, the XAML): POST it to ``PostDefinition``."""
    return JSONResponse(_store(state).copy(definition_id))


@router.get("/GetInstancesCount/{id}")
def get_instances_count(state: State, definition_id: Id) -> JSONResponse:
    """How many stored UUT reports ran the definition."""
    return JSONResponse(_relations(state).instances_count(definition_id))


@router.get("/GetWatswwfContent/{id}")
def get_wwf_content(state: State, definition_id: Id) -> JSONResponse:
    """``{definitionId, name, version, xaml}``: what a station runs."""
    return JSONResponse(_store(state).wwf_content(definition_id))


@router.post("/PostDefinition")
def post_definition(state: State, body: Body) -> JSONResponse:
    """Create a definition (``version`` 1); answers it."""
    return JSONResponse(_store(state).post_definition(body))


@router.put("/PutDefinitionNew")
def put_definition(state: State, body: Body) -> JSONResponse:
    """Change the definition named by ``definitionId`` in the body; answers it."""
    return JSONResponse(_store(state).put_definition(body))


@router.put("/PutTestSequenceDefinitionXaml")
def put_xaml(state: State, body: Body) -> JSONResponse:
    """Replace a definition's XAML (``{definitionId, xaml}``); answers the definition."""
    return JSONResponse(_store(state).put_xaml(body))


# -- relations -------------------------------------------------------------------------------


@router.get("/GetRelations/{id}")
def get_relations(state: State, definition_id: Id) -> JSONResponse:
    return JSONResponse(_relations(state).relations(definition_id))


@router.get("/GetRelationConflicts/{id}")
def get_relation_conflicts(state: State, definition_id: Id) -> JSONResponse:
    """Relations of other definitions that clash with this definition's."""
    return JSONResponse(_relations(state).conflicts(definition_id))


@router.get("/GetRelationConflictsNew/{id}")
def get_relation_conflicts_new(state: State, definition_id: Id) -> JSONResponse:
    """``[{relation, conflicts}]`` per clashing relation of this definition."""
    return JSONResponse(_relations(state).conflicts_new(definition_id))


@router.post("/PostRelation")
def post_relation(state: State, body: Body) -> JSONResponse:
    return JSONResponse(_relations(state).post(body))


@router.put("/PutRelation")
def put_relation(state: State, body: Body) -> JSONResponse:
    return JSONResponse(_relations(state).put(body))


@router.put("/DeleteRelationNew")
def delete_relation(state: State, body: Body) -> Response:
    """Delete the relation named by ``relationId`` in the body (a PUT, as on WATS)."""
    _relations(state).delete(body)
    return Response(status_code=204)


# -- units -----------------------------------------------------------------------------------


@router.get("/GetMiDetails/{id}")
def get_mi_details(state: State, serial_number: Id) -> JSONResponse:
    return JSONResponse(_relations(state).mi_details(serial_number))


@router.get("/GetMiDetailsNew/{id}")
def get_mi_details_new(state: State, serial_number: Id) -> JSONResponse:
    return JSONResponse(_relations(state).mi_details_new(serial_number))


# -- sequences -------------------------------------------------------------------------------


@router.get("/GetSequences")
def get_sequences(state: State) -> JSONResponse:
    return JSONResponse(_store(state).sequences())


@router.put("/PutSequence")
def put_sequence(state: State, body: Body) -> JSONResponse:
    """Create or update a sequence (by ``sequenceId``, else by name); answers it."""
    return JSONResponse(_store(state).put_sequence(body))


@router.delete("/DeleteSequence/{id}")
def delete_sequence(state: State, sequence_id: Id) -> Response:
    _store(state).delete_sequence(sequence_id)
    return Response(status_code=204)


# -- checks ----------------------------------------------------------------------------------


@router.put("/ValidateMiscInfo")
def validate_misc_info(body: Body) -> JSONResponse:
    """``{isValid, errors}`` for misc info entries (an array or ``{miscInfos: [...]}``)."""
    try:
        errors = validate_misc_infos(body)
    except CheckError as exc:
        raise ApiError(400, str(exc)) from None
    return JSONResponse({"isValid": not errors, "errors": errors})


@router.put("/PutStringTest")
def put_string_test(body: Body) -> JSONResponse:
    """A ``stringMeas`` answered with its ``status`` computed from ``compOp``."""
    try:
        return JSONResponse(evaluate_string_test(body))
    except CheckError as exc:
        raise ApiError(400, str(exc)) from None
