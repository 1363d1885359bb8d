"""Leaf-step handles of the ReportBuilder and the measurement factories.

A handle wraps the :class:`Step` model being built (``handle.step``, for anything the helpers
do not cover) plus what the model cannot hold: a status the caller forced. Statuses are resolved
when the report is built (see ``_builder_status``); measurement statuses are evaluated as soon as
a measurement is added, so a missing limit fails at the line that caused it.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from typing import Any, TypeVar

from pywats.domains.report.comparison import ComparisonError, evaluate
from pywats.domains.report.models import (
    Attachment,
    BooleanMeasurement,
    ChartSeries,
    CompOp,
    NumericMeasurement,
    SeriesDataType,
    Step,
    StepStatus,
    StringMeasurement,
)

from ._builder_common import present
from ._builder_status import combine_statuses
from ._builder_validate import ReportBuildError

__all__ = [
    "ChartStep",
    "MultiNumericStep",
    "MultiPassFailStep",
    "MultiStringStep",
    "Number",
    "StepHandle",
    "boolean_measurement",
    "numeric_measurement",
    "string_measurement",
]

Number = int | float
H = TypeVar("H", bound="StepHandle")

_SINGLE_LIMIT_OPS = frozenset(
    {CompOp.EQ, CompOp.NE, CompOp.GT, CompOp.GE, CompOp.LT, CompOp.LE, CompOp.EQT}
)


def _default_numeric_op(low: Number | None, high: Number | None) -> CompOp:
    if low is not None and high is not None:
        return CompOp.GELE
    if low is not None:
        return CompOp.GE
    if high is not None:
        return CompOp.LE
    return CompOp.LOG


def numeric_measurement(
    value: Number,
    *,
    name: str | None = None,
    low: Number | None = None,
    high: Number | None = None,
    comp_op: CompOp | str | None = None,
    unit: str | None = None,
    status: StepStatus | None = None,
    tolerance: float = 0.0,
) -> NumericMeasurement:
    """A numeric measurement with its status evaluated from ``comp_op`` unless forced.

    Without ``comp_op``: both limits → ``GELE``, only ``low`` → ``GE``, only ``high`` → ``LE``,
    none → ``LOG``. Single-limit operators compare against ``lowLimit`` (wats-api.md §3.6), so a
    lone ``high`` given to one of them is written as ``lowLimit``.
    """
    op = _default_numeric_op(low, high) if comp_op is None else _as_op(comp_op)
    if op in _SINGLE_LIMIT_OPS:
        if low is not None and high is not None:
            raise ReportBuildError(f"{op.value} compares with one limit; got low={low} high={high}")
        if low is None:
            low, high = high, None
    try:
        computed = status or evaluate(op, value, low, high, tolerance=tolerance)
    except ComparisonError as exc:
        raise ReportBuildError(f"measurement {name or '(single)'}: {exc}") from exc
    return NumericMeasurement(
        **present(name=name, comp_op=op, status=computed, unit=unit, value=value),
        **present(low_limit=low, high_limit=high),
    )


def string_measurement(
    value: str,
    *,
    name: str | None = None,
    limit: str | None = None,
    comp_op: CompOp | str | None = None,
    status: StepStatus | None = None,
) -> StringMeasurement:
    """A string measurement; without ``comp_op``: ``CASESENSIT`` with a limit, else ``LOG``."""
    op = (CompOp.LOG if limit is None else CompOp.CASESENSIT) if comp_op is None else comp_op
    op = _as_op(op)
    try:
        computed = status or evaluate(op, value, limit)
    except ComparisonError as exc:
        raise ReportBuildError(f"measurement {name or '(single)'}: {exc}") from exc
    return StringMeasurement(
        **present(name=name, comp_op=op, status=computed, value=value, limit=limit)
    )


def boolean_measurement(
    passed: bool, *, name: str | None = None, status: StepStatus | None = None
) -> BooleanMeasurement:
    """A pass/fail measurement: Passed when ``passed`` is true, unless a status is forced."""
    computed = status or (StepStatus.PASSED if passed else StepStatus.FAILED)
    return BooleanMeasurement(**present(name=name, status=computed))


def _as_op(comp_op: CompOp | str) -> CompOp:
    try:
        return CompOp(comp_op)
    except ValueError:
        raise ReportBuildError(f"unknown comparison operator {comp_op!r}") from None


def _format_number(value: Number) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


class StepHandle:
    """A step being built. ``step`` is the live model; ``forced_status`` overrides the computed one.

    Methods that change the step return the handle, so calls chain.
    """

    def __init__(self, step: Step, forced_status: StepStatus | None = None) -> None:
        self.step = step
        self.forced_status = forced_status

    def force_status(self: H, status: StepStatus) -> H:
        """Use ``status`` for this step whatever its measurements say."""
        self.forced_status = status
        return self

    def error(self: H, code: int, message: str | None = None) -> H:
        """Record a step error code/message (does not change the status by itself)."""
        self.step.error_code = code
        if message is not None:
            self.step.error_message = message
        return self

    def report_text(self: H, text: str) -> H:
        """Set the step's free report text."""
        self.step.report_text = text
        return self

    def attach(
        self: H,
        data: bytes,
        *,
        name: str,
        content_type: str = "application/octet-stream",
        description: str | None = None,
    ) -> H:
        """Attach a file (one per step, not on a chart step); ``data`` is base64-encoded here."""
        if self.step.chart is not None:
            raise ReportBuildError(
                f"step {self.step.name!r} has a chart: a step holds one or other"
            )
        self.step.attachment = Attachment(
            **present(
                name=name,
                content_type=content_type,
                data=base64.b64encode(data).decode("ascii"),
                description=description,
            )
        )
        return self

    def _measurement_statuses(self) -> list[StepStatus | None]:
        step = self.step
        groups: Sequence[Sequence[Any]] = (
            step.numeric_meas or (),
            step.boolean_meas or (),
            step.string_meas or (),
        )
        return [meas.status for group in groups for meas in group]

    def resolve_steps(self) -> list[Step]:
        """The finished step(s): copies with statuses resolved (``build()`` calls this)."""
        out = self.step.model_copy()
        out.status = self.forced_status or combine_statuses(self._measurement_statuses())
        return [out]


def _add_named(existing: list[Any] | None, name: str, step: Step) -> None:
    if not name:
        raise ReportBuildError(
            f"multi-measurement step {step.name!r}: every measurement needs a name"
        )
    if any(meas.name == name for meas in existing or ()):
        raise ReportBuildError(f"multi-measurement step {step.name!r}: duplicate name {name!r}")


class MultiNumericStep(StepHandle):
    """A multiple numeric limit step; add named measurements with :meth:`add`."""

    def add(
        self,
        name: str,
        value: Number,
        *,
        low: Number | None = None,
        high: Number | None = None,
        comp_op: CompOp | str | None = None,
        unit: str | None = None,
        status: StepStatus | None = None,
        tolerance: float = 0.0,
    ) -> NumericMeasurement:
        """Add one named measurement (limits and operator as in ``numeric_measurement``)."""
        _add_named(self.step.numeric_meas, name, self.step)
        meas = numeric_measurement(
            value, name=name, low=low, high=high, comp_op=comp_op, unit=unit, status=status,
            tolerance=tolerance,
        )  # fmt: skip
        self.step.numeric_meas = [*(self.step.numeric_meas or ()), meas]
        return meas


class MultiPassFailStep(StepHandle):
    """A multiple pass/fail step; add named measurements with :meth:`add`."""

    def add(
        self, name: str, passed: bool, *, status: StepStatus | None = None
    ) -> BooleanMeasurement:
        """Add one named pass/fail measurement."""
        _add_named(self.step.boolean_meas, name, self.step)
        meas = boolean_measurement(passed, name=name, status=status)
        self.step.boolean_meas = [*(self.step.boolean_meas or ()), meas]
        return meas


class MultiStringStep(StepHandle):
    """A multiple string value step; add named measurements with :meth:`add`."""

    def add(
        self,
        name: str,
        value: str,
        *,
        limit: str | None = None,
        comp_op: CompOp | str | None = None,
        status: StepStatus | None = None,
    ) -> StringMeasurement:
        """Add one named string measurement."""
        _add_named(self.step.string_meas, name, self.step)
        meas = string_measurement(value, name=name, limit=limit, comp_op=comp_op, status=status)
        self.step.string_meas = [*(self.step.string_meas or ()), meas]
        return meas


class ChartStep(MultiNumericStep):
    """A chart step (``Chart``) or XY graph with limits (``WATS_XYGMNLT``).

    Add series with :meth:`add_series`; the limit measurements of an XY graph with
    :meth:`add_numeric` (unnamed, single) or :meth:`add` (named, several).
    """

    def add_series(
        self,
        name: str,
        x: Sequence[Number],
        y: Sequence[Number],
        *,
        data_type: str = SeriesDataType.XYG.value,
    ) -> ChartSeries:
        """Add a series; ``x`` and ``y`` are written as ``;``-separated numbers."""
        if len(x) != len(y):
            raise ReportBuildError(f"series {name!r}: {len(x)} x values but {len(y)} y values")
        series = ChartSeries(
            data_type=data_type,
            name=name,
            xdata=";".join(_format_number(v) for v in x),
            ydata=";".join(_format_number(v) for v in y),
        )
        assert self.step.chart is not None  # chart steps are created with a chart
        self.step.chart.series = [*(self.step.chart.series or ()), series]
        return series

    def add_numeric(
        self,
        value: Number,
        *,
        low: Number | None = None,
        high: Number | None = None,
        comp_op: CompOp | str | None = None,
        unit: str | None = None,
        status: StepStatus | None = None,
    ) -> NumericMeasurement:
        """Add the step's single unnamed limit measurement."""
        if self.step.numeric_meas:
            raise ReportBuildError(f"step {self.step.name!r} already has measurements; use add()")
        meas = numeric_measurement(
            value, low=low, high=high, comp_op=comp_op, unit=unit, status=status
        )
        self.step.numeric_meas = [meas]
        return meas
