"""Manual inspection endpoints (wats-api.md §2.10, internal)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/internal/ManualInspection")
State = Annotated[EmulatorState, Depends(get_state)]
