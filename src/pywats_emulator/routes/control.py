"""Emulator-only control endpoints under ``/_emulator`` (NOT part of the WATS API).

They need the same token as the WATS paths and are never subject to injected faults, so a test
can always inspect and switch faults off:

* ``GET /_emulator/faults`` - current fault settings plus live state.
* ``PUT /_emulator/faults`` - change the settings named in the JSON body; others are kept.
* ``DELETE /_emulator/faults`` - remove every fault.
* ``GET /_emulator/stats`` - request counts by route and status, reports stored.
* ``POST /_emulator/reset`` - delete all stored data (reports and every
  domain's tables) and zero the request counters.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.responses import JSONResponse

from pywats_emulator.bodies import json_body
from pywats_emulator.errors import ApiError
from pywats_emulator.middleware import CONTROL_PREFIX
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router", "stats_snapshot"]

router = APIRouter(prefix=CONTROL_PREFIX)
State = Annotated[EmulatorState, Depends(get_state)]

_NUMBER = (int, float)
_TYPES: dict[str, tuple[tuple[type, ...], bool]] = {  # name -> (accepted types, nullable)
    "latency_s": (_NUMBER, False),
    "error_rate": (_NUMBER, False),
    "error_status": ((int,), False),
    "outage": ((bool,), False),
    "outage_s": (_NUMBER, True),
    "rate_limit_count": ((int,), False),
    "rate_limit_max_requests": ((int,), True),
    "rate_limit_window_s": (_NUMBER, False),
    "retry_after_s": ((int,), False),
    "seed": ((int,), True),
}


def _check_fault_changes(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(400, "expected a JSON object of fault settings")
    problems = []
    for name, value in body.items():
        spec = _TYPES.get(name)
        if spec is None:
            problems.append(f"{name}: unknown setting (known: {', '.join(_TYPES)})")
            continue
        types, nullable = spec
        if value is None and nullable:
            continue
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            problems.append(f"{name}: wrong type ({type(value).__name__})")
    if problems:
        raise ApiError(400, "; ".join(problems), errors=problems)
    return body


@router.get("/faults")
def get_faults(state: State) -> JSONResponse:
    return JSONResponse(state.faults.snapshot())


@router.put("/faults")
def put_faults(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    changes = _check_fault_changes(body)
    try:
        state.faults.configure(**changes)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    return JSONResponse(state.faults.snapshot())


@router.delete("/faults")
def delete_faults(state: State) -> JSONResponse:
    state.faults.clear()
    return JSONResponse(state.faults.snapshot())


def stats_snapshot(state: EmulatorState) -> dict[str, Any]:
    """Request counters plus the number of stored reports (also used by ``EmulatorServer``)."""
    snapshot = state.stats.snapshot()
    snapshot["reports_stored"] = state.storage.count_reports()
    return snapshot


@router.get("/stats")
def get_stats(state: State) -> JSONResponse:
    return JSONResponse(stats_snapshot(state))


@router.post("/reset")
def reset(state: State) -> JSONResponse:
    state.reset()
    state.stats.reset()
    return JSONResponse({"message": "all stored data and request counters cleared"})
