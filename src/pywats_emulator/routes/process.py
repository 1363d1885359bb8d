"""Process domain, internal API (PascalCase keys; ``wats-api.md`` §2.8).

Same process table as ``/api/App/Processes``. ``Referer`` (which the reference client sends to
internal endpoints) is accepted and ignored. A process ``{id}`` is its ``ProcessID`` GUID or
its code (the emulator's choice: the sources do not say which ids WATS accepts).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse

from pywats_emulator.errors import ApiError
from pywats_emulator.seed import Process
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/internal/Process")
State = Annotated[EmulatorState, Depends(get_state)]


def _known(processes: list[Process]) -> str:
    return ", ".join(f"{p.code} {p.name!r} (ProcessID {p.process_id})" for p in processes)


def _find(state: EmulatorState, process_id: str) -> Process | None:
    process = state.processes.by_guid(process_id)
    if process is None and process_id.isdigit():
        process = state.processes.get(int(process_id))
    return process


@router.get("/GetProcesses")
def get_processes(state: State) -> JSONResponse:
    return JSONResponse([process.to_internal() for process in state.processes.all()])


@router.get("/GetProcess/{id}")
def get_process(state: State, process_id: Annotated[str, Path(alias="id")]) -> JSONResponse:
    """One process by ``ProcessID`` (GUID) or by code."""
    process = _find(state, process_id)
    if process is None:
        raise ApiError(
            404,
            f"process {process_id!r} not found: use a ProcessID or code of "
            f"GET /api/internal/Process/GetProcesses; known: {_known(state.processes.all())}",
        )
    return JSONResponse(process.to_internal())


@router.get("/GetRepairOperations")
def get_repair_operations(state: State) -> JSONResponse:
    """Repair configurations keyed by process code string (``"500"``)."""
    return JSONResponse(
        {str(op.code): op.to_internal() for op in state.processes.repair_operations()}
    )


@router.get("/GetRepairOperation/{id}")
def get_repair_operation(
    state: State,
    operation_id: Annotated[str, Path(alias="id")],
    process_code: Annotated[int | None, Query(alias="processCode")] = None,
) -> JSONResponse:
    """One repair configuration, by the repair process's ``ProcessID`` or code.

    ``processCode``, when sent, must be the code of that same repair process.
    """
    repair_processes = [
        p for p in state.processes.all() if state.processes.repair_operation(p.code) is not None
    ]
    process = _find(state, operation_id)
    if process is None:
        raise ApiError(
            404,
            f"repair operation {operation_id!r} not found: use the ProcessID or code of a "
            f"repair process; repair processes: {_known(repair_processes)}",
        )
    operation = state.processes.repair_operation(process.code)
    if operation is None:
        raise ApiError(
            404,
            f"process {process.code} {process.name!r} is not a repair operation; "
            f"repair processes: {_known(repair_processes)}",
        )
    if process_code is not None and process_code != process.code:
        raise ApiError(
            400,
            f"processCode={process_code} does not match repair operation {operation_id!r} "
            f"(process {process.code} {process.name!r}): send processCode={process.code} "
            "or leave it out",
        )
    return JSONResponse(operation.to_internal())
