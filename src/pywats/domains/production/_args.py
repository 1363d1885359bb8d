"""Argument checks of the production service: plainly wrong values fail before any HTTP call.

Each check raises ``ValueError`` naming the parameter and what to give instead; everything a
server must judge (does the unit exist, is the phase name known) is left to the server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from pydantic import BaseModel

from pywats.domains.product.models import to_body
from pywats.domains.production.models import UnitPhase

__all__ = [
    "bodies_of",
    "body_of",
    "phase_param",
    "require_text",
    "unit_params",
    "utc_param",
]


def require_text(value: str, name: str) -> str:
    """``value`` stripped; ``ValueError`` when it is not a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value.strip()


def unit_params(
    serial_number: str,
    part_number: str,
    *,
    serial_name: str = "serialNumber",
    part_name: str = "partNumber",
) -> dict[str, Any]:
    """Query parameters naming one unit."""
    return {
        serial_name: require_text(serial_number, "serial_number"),
        part_name: require_text(part_number, "part_number"),
    }


def phase_param(phase: UnitPhase | int | str) -> str:
    """A phase as ``SetUnitPhase``/``CreateUnit`` take it: the id, or the name as given."""
    if isinstance(phase, bool):
        raise ValueError(f"phase must be a UnitPhase, a phase id or a phase name, not {phase!r}")
    if isinstance(phase, int):  # UnitPhase included
        if phase <= 0:
            raise ValueError(f"phase id must be positive (e.g. UnitPhase.FINALIZED), not {phase}")
        return str(int(phase))
    return require_text(phase, "phase")


def utc_param(value: datetime | None, name: str) -> str | None:
    """A timezone-aware datetime as ISO 8601 UTC text (naive datetimes are ambiguous)."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} is a naive datetime: give it a timezone, "
            "e.g. datetime(..., tzinfo=timezone.utc)"
        )
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def body_of(item: BaseModel | Mapping[str, Any], what: str) -> dict[str, Any]:
    """A request body from a model (JSON keys, no ``None``) or a mapping (copied as is)."""
    if isinstance(item, BaseModel):
        return to_body(item)
    if isinstance(item, Mapping):
        return {str(k): v.value if isinstance(v, Enum) else v for k, v in item.items()}
    raise TypeError(f"{what} must be a model or a dict, not {type(item).__name__}")


def bodies_of(items: Sequence[BaseModel | Mapping[str, Any]], what: str) -> list[dict[str, Any]]:
    """Bodies of a non-empty list of models or dicts."""
    if isinstance(items, (str, bytes, Mapping, BaseModel)) or not isinstance(items, Sequence):
        raise TypeError(f"give a list of {what}s, not {type(items).__name__}")
    if not items:
        raise ValueError(f"give at least one {what}")
    return [body_of(item, what) for item in items]
