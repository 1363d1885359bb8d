"""Unit phases (wats-api.md §2.5 flag values) and how a phase given by id or name is resolved.

``SetUnitPhase``/``CreateUnit`` take a phase "id or name": the emulator accepts the numeric id,
the ``Name`` (``"Under production"``) or the ``Code`` (``"UnderProduction"``), any letter case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_PHASE_ID", "PHASES", "UnitPhaseDef", "phase_by_id", "resolve_phase"]


@dataclass(frozen=True)
class UnitPhaseDef:
    phase_id: int
    code: str
    name: str
    description: str

    def to_internal(self) -> dict[str, Any]:
        """A row of ``GET /api/internal/Mes/GetUnitPhases`` (PascalCase)."""
        return {
            "UnitPhaseId": self.phase_id,
            "Code": self.code,
            "Name": self.name,
            "Description": self.description,
        }


PHASES: tuple[UnitPhaseDef, ...] = (
    UnitPhaseDef(1, "Unknown", "Unknown", "Phase not known"),
    UnitPhaseDef(2, "UnderProduction", "Under production", "Being built and tested"),
    UnitPhaseDef(4, "ProductionRepair", "Production repair", "In repair during production"),
    UnitPhaseDef(8, "ServiceRepair", "Service repair", "In repair after delivery"),
    UnitPhaseDef(16, "Finalized", "Finalized", "Production finished"),
    UnitPhaseDef(32, "Scrapped", "Scrapped", "Taken out of use"),
    UnitPhaseDef(64, "ExtendedTest", "Extended test", "In extended testing"),
    UnitPhaseDef(128, "Customization", "Customization", "Being customised"),
    UnitPhaseDef(256, "Repaired", "Repaired", "Repair finished"),
    UnitPhaseDef(512, "Missing", "Missing", "Cannot be found"),
    UnitPhaseDef(1024, "InStorage", "In storage", "Stored"),
    UnitPhaseDef(2048, "Shipped", "Shipped", "Delivered to the customer"),
)
DEFAULT_PHASE_ID = 2
"""New units start "Under production" unless a phase is given."""

_BY_ID = {p.phase_id: p for p in PHASES}
_BY_TEXT = {key.casefold(): p for p in PHASES for key in (p.code, p.name)}


def phase_by_id(phase_id: int | None) -> UnitPhaseDef | None:
    return None if phase_id is None else _BY_ID.get(phase_id)


def _valid() -> str:
    return ", ".join(f"{p.phase_id} ({p.name})" for p in PHASES)


def resolve_phase(value: str | int) -> UnitPhaseDef:
    """The phase meant by an id, a name or a code.

    Raises:
        ValueError: no such phase; the message lists the valid ones.
    """
    text = str(value).strip()
    found = _BY_ID.get(int(text)) if text.lstrip("-").isdigit() else _BY_TEXT.get(text.casefold())
    if found is None:
        raise ValueError(f"unknown unit phase {text!r}; valid phases: {_valid()}")
    return found
