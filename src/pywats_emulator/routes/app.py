"""App domain: server version and reference data (``wats-api.md`` §1.2, §2.2).

Analytics endpoints of the same ``/api/App`` prefix (yield, measurements...) belong in a sibling
module (``routes/analytics.py``) sharing the storage.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import JSONResponse

from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/App")
State = Annotated[EmulatorState, Depends(get_state)]


@router.get("/Version")
def get_version(state: State) -> JSONResponse:
    """The WATS version the emulator claims, as a JSON string (e.g. ``"24.1.0"``)."""
    return JSONResponse(state.config.version)


@router.get("/Processes")
def get_processes(
    state: State,
    include_test: Annotated[bool, Query(alias="includeTestOperations")] = True,
    include_repair: Annotated[bool, Query(alias="includeRepairOperations")] = True,
    include_wip: Annotated[bool, Query(alias="includeWipOperations")] = True,
    include_inactive: Annotated[bool, Query(alias="includeInactiveProcesses")] = False,
) -> JSONResponse:
    """Processes (camelCase ProcessInfo), filtered by kind."""
    chosen = state.processes.select(
        test=include_test, repair=include_repair, wip=include_wip, inactive=include_inactive
    )
    return JSONResponse([process.to_public() for process in chosen])


@router.get("/Levels")
def get_levels(state: State) -> JSONResponse:
    return JSONResponse([level.to_public() for level in state.levels])


@router.get("/ProductGroups")
def get_product_groups(
    state: State,
    include_filters: Annotated[bool, Query(alias="includeFilters")] = False,
) -> JSONResponse:
    """Product groups; with ``includeFilters=true`` each carries its part-number ``filters``.

    The same table as ``/api/Product/Groups`` (:mod:`pywats_emulator.product.groups`).
    """
    from pywats_emulator.product.groups import list_groups  # the product domain owns the table

    rows = list_groups(state.storage)
    return JSONResponse([group.to_public(include_filters=include_filters) for group in rows])
