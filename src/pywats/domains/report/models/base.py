"""Base model and field types shared by every WSJF model.

Why a shared base: every WSJF object must keep unknown keys (a newer server never breaks an older
client), accept both the JSON alias and the Python name, and write back exactly what it read.
Round-trip fidelity relies on ``model_dump(mode="json", by_alias=True, exclude_unset=True)``: a
key present in the input (even as ``null``) is written back, an absent key stays absent.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from .enums import CompOp

__all__ = ["CompOpValue", "WatsModel", "WatsNumber", "parse_wats_number"]

_SPECIAL_NUMBERS: dict[str, float] = {
    "nan": math.nan,
    "infinity": math.inf,
    "+infinity": math.inf,
    "-infinity": -math.inf,
    "inf": math.inf,
    "+inf": math.inf,
    "-inf": -math.inf,
}


def parse_wats_number(value: object) -> object:
    """Turn the strings WATS uses for non-finite numbers (``"NaN"``, ``"Infinity"``) into floats."""
    if isinstance(value, str):
        special = _SPECIAL_NUMBERS.get(value.strip().lower())
        if special is not None:
            return special
    return value


def _dump_number(value: int | float) -> int | float | str:
    """Write non-finite floats as ``"NaN"``/``"Infinity"``/``"-Infinity"``: JSON has no NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    return value


WatsNumber = Annotated[
    int | float,
    BeforeValidator(parse_wats_number),
    PlainSerializer(_dump_number, when_used="json"),
]
"""A JSON number that keeps its kind (``10`` stays int, ``10.0`` stays float). NaN/±Inf load from
numbers or from the strings ``"NaN"``, ``"Infinity"``, ``"-Infinity"`` and are written as those."""

CompOpValue = Annotated[CompOp | str, Field(union_mode="left_to_right")]
"""A ``compOp``: a known operator loads as :class:`CompOp`, an unknown one stays a plain string."""


class WatsModel(BaseModel):
    """Base of all WSJF models: aliases or Python names on input, unknown keys kept.

    Subclasses list in ``_always_dumped`` the fields whose default must still be written by an
    ``exclude_unset`` dump (a generated report ``id``, the report ``type``...).
    """

    # ser_json_inf_nan: NaN/Infinity in unknown (extra) keys are written as strings too.
    model_config = ConfigDict(populate_by_name=True, extra="allow", ser_json_inf_nan="strings")

    _always_dumped: ClassVar[tuple[str, ...]] = ()

    def model_post_init(self, context: Any, /) -> None:
        """Mark ``_always_dumped`` fields as set so defaults are not lost on an unset-only dump."""
        if self._always_dumped:
            self.model_fields_set.update(self._always_dumped)
