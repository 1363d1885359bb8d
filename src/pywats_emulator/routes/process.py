"""Process domain, internal API (PascalCase keys; ``wats-api.md`` §2.8).

Same process table as ``/api/App/Processes``. ``Referer`` (which the reference client sends to
internal endpoints) is accepted and ignored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from starlette.responses import JSONResponse

from pywats_emulator.errors import ApiError
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/internal/Process")
State = Annotated[EmulatorState, Depends(get_state)]


@router.get("/GetProcesses")
def get_processes(state: State) -> JSONResponse:
    return JSONResponse([process.to_internal() for process in state.processes.all()])


@router.get("/GetProcess/{id}")
def get_process(state: State, process_id: Annotated[str, Path(alias="id")]) -> JSONResponse:
    """One process by ``ProcessID`` (GUID) or by code."""
    process = state.processes.by_guid(process_id)
    if process is None and process_id.isdigit():
        process = state.processes.get(int(process_id))
    if process is None:
        raise ApiError(404, f"process {process_id} not found")
    return JSONResponse(process.to_internal())


@router.get("/GetRepairOperations")
def get_repair_operations(state: State) -> JSONResponse:
    """Repair configurations keyed by process code string (``"500"``)."""
    return JSONResponse(
        {str(op.code): op.to_internal() for op in state.processes.repair_operations()}
    )
