"""Container handles of the ReportBuilder: sequences and loops, and the step-adding methods.

Every method that adds a step takes the same trailing keywords: ``group`` (setup/main/cleanup,
default main), ``status`` (force the step status; for single-measurement steps it also forces
the measurement status) and ``tot_time_s`` (the step's execution time in seconds).
"""

from __future__ import annotations

from typing import TypeVar

from pywats.domains.report.models import (
    CallExeInfo,
    Chart,
    ChartType,
    CompOp,
    LoopInfo,
    MessagePopupInfo,
    SeqCallInfo,
    Step,
    StepGroup,
    StepStatus,
    StepType,
)

from ._builder_common import new_step, present, sum_step_times
from ._builder_status import FAILING_STATUSES, combine_statuses
from ._builder_steps import (
    ChartStep,
    MultiNumericStep,
    MultiPassFailStep,
    MultiStringStep,
    Number,
    StepHandle,
    boolean_measurement,
    numeric_measurement,
    string_measurement,
)
from ._builder_validate import ReportBuildError

__all__ = ["LoopBuilder", "SequenceBuilder", "StepContainer"]

N = TypeVar("N", bound="StepHandle | LoopBuilder")
_MAIN = StepGroup.MAIN


class StepContainer:
    """The step-adding methods shared by :class:`SequenceBuilder` and :class:`LoopBuilder`."""

    def _add(self, node: N) -> N:
        raise NotImplementedError

    def sequence(
        self,
        name: str,
        *,
        path: str | None = None,
        version: str | None = None,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> SequenceBuilder:
        """Add a sequence call; add its steps on the returned builder (also a context manager)."""
        step = new_step(StepType.SEQUENCE_CALL, name, group, tot_time_s)
        step.seq_call = SeqCallInfo(**present(path=path, name=name, version=version))
        return self._add(SequenceBuilder(step, status))

    def numeric(
        self,
        name: str,
        value: Number,
        *,
        low: Number | None = None,
        high: Number | None = None,
        comp_op: CompOp | str | None = None,
        unit: str | None = None,
        tolerance: float = 0.0,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> StepHandle:
        """Add a numeric limit step (``ET_NLT``); the status comes from the limits unless forced.

        Limits and the default operator are those of :func:`numeric_measurement`.
        """
        step = new_step(StepType.NUMERIC_LIMIT, name, group, tot_time_s)
        step.numeric_meas = [
            numeric_measurement(
                value, low=low, high=high, comp_op=comp_op, unit=unit, status=status,
                tolerance=tolerance,
            )
        ]  # fmt: skip
        return self._add(StepHandle(step, status))

    def multi_numeric(
        self,
        name: str,
        *,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> MultiNumericStep:
        """Add a multiple numeric limit step (``ET_MNLT``); add measurements with ``.add()``."""
        step = new_step(StepType.MULTI_NUMERIC_LIMIT, name, group, tot_time_s)
        return self._add(MultiNumericStep(step, status))

    def pass_fail(
        self,
        name: str,
        passed: bool,
        *,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> StepHandle:
        """Add a pass/fail step (``ET_PFT``)."""
        step = new_step(StepType.PASS_FAIL, name, group, tot_time_s)
        step.boolean_meas = [boolean_measurement(passed, status=status)]
        return self._add(StepHandle(step, status))

    def multi_pass_fail(
        self,
        name: str,
        *,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> MultiPassFailStep:
        """Add a multiple pass/fail step (``ET_MPFT``); add measurements with ``.add()``."""
        step = new_step(StepType.MULTI_PASS_FAIL, name, group, tot_time_s)
        return self._add(MultiPassFailStep(step, status))

    def string(
        self,
        name: str,
        value: str,
        *,
        limit: str | None = None,
        comp_op: CompOp | str | None = None,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> StepHandle:
        """Add a string value step (``ET_SVT``); ``CASESENSIT`` against ``limit`` by default."""
        step = new_step(StepType.STRING_VALUE, name, group, tot_time_s)
        step.string_meas = [string_measurement(value, limit=limit, comp_op=comp_op, status=status)]
        return self._add(StepHandle(step, status))

    def multi_string(
        self,
        name: str,
        *,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> MultiStringStep:
        """Add a multiple string value step (``ET_MSVT``); add measurements with ``.add()``."""
        step = new_step(StepType.MULTI_STRING_VALUE, name, group, tot_time_s)
        return self._add(MultiStringStep(step, status))

    def chart(
        self,
        name: str,
        *,
        chart_type: ChartType | str = ChartType.LINE,
        label: str | None = None,
        x_label: str | None = None,
        x_unit: str | None = None,
        y_label: str | None = None,
        y_unit: str | None = None,
        step_type: str = StepType.CHART,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> ChartStep:
        """Add a chart step; add series with ``.add_series()``.

        Use :meth:`xy_graph` for the ``WATS_XYGMNLT`` step (chart plus limit measurements).
        """
        step = new_step(step_type, name, group, tot_time_s)
        chart_type_value = chart_type.value if isinstance(chart_type, ChartType) else chart_type
        step.chart = Chart(
            **present(
                chart_type=chart_type_value, label=label, x_label=x_label, x_unit=x_unit,
                y_label=y_label, y_unit=y_unit,
            ),
            series=[],
        )  # fmt: skip
        return self._add(ChartStep(step, status))

    def xy_graph(
        self,
        name: str,
        *,
        chart_type: ChartType | str = ChartType.LINE,
        label: str | None = None,
        x_label: str | None = None,
        x_unit: str | None = None,
        y_label: str | None = None,
        y_unit: str | None = None,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> ChartStep:
        """Add an XY graph with numeric limits (``WATS_XYGMNLT``): series plus measurements."""
        return self.chart(
            name, chart_type=chart_type, label=label, x_label=x_label, x_unit=x_unit,
            y_label=y_label, y_unit=y_unit, step_type=StepType.XY_GRAPH_NUMERIC_LIMIT,
            group=group, status=status, tot_time_s=tot_time_s,
        )  # fmt: skip

    def action(
        self,
        name: str,
        *,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> StepHandle:
        """Add an action step (no measurement; Passed unless forced)."""
        return self.generic(
            name, step_type=StepType.ACTION, group=group, status=status, tot_time_s=tot_time_s
        )

    def attachment(
        self,
        name: str,
        data: bytes,
        *,
        file_name: str,
        content_type: str = "application/octet-stream",
        description: str | None = None,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> StepHandle:
        """Add an action step carrying a file (``data`` is base64-encoded for you)."""
        handle = self.action(name, group=group, status=status, tot_time_s=tot_time_s)
        return handle.attach(
            data, name=file_name, content_type=content_type, description=description
        )

    def message_popup(
        self,
        name: str,
        *,
        response: str | None = None,
        button: int | None = None,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> StepHandle:
        """Add an operator dialog step with the response text and the button index pressed."""
        handle = self.generic(
            name, step_type=StepType.MESSAGE_POPUP, group=group, status=status,
            tot_time_s=tot_time_s,
        )  # fmt: skip
        handle.step.message_popup = MessagePopupInfo(**present(response=response, button=button))
        return handle

    def call_executable(
        self,
        name: str,
        *,
        exit_code: Number,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> StepHandle:
        """Add an external-program step with its exit code (Passed unless forced)."""
        handle = self.generic(
            name, step_type=StepType.CALL_EXECUTABLE, group=group, status=status,
            tot_time_s=tot_time_s,
        )  # fmt: skip
        handle.step.call_exe = CallExeInfo(exit_code=exit_code)
        return handle

    def generic(
        self,
        name: str,
        *,
        step_type: str = StepType.GENERIC_TEST,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
        tot_time_s: float | None = None,
    ) -> StepHandle:
        """Add a step of any type without measurements (flow steps, ``NI_*``, vendor types)."""
        return self._add(StepHandle(new_step(step_type, name, group, tot_time_s), status))

    def loop(
        self,
        name: str,
        *,
        step_type: str | None = None,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
    ) -> LoopBuilder:
        """Add a looped step: each step added to the returned builder is one iteration.

        The report gets a loop header step (``loop.idx`` null, ``num`` iterations, ``passed``,
        ``failed``) followed by the iterations as siblings with ``loop.idx`` 0, 1, ...
        """
        return self._add(LoopBuilder(name, step_type=step_type, group=group, status=status))


class SequenceBuilder(StepHandle, StepContainer):
    """A sequence call being built: add child steps with the :class:`StepContainer` methods."""

    def __init__(self, step: Step, forced_status: StepStatus | None = None) -> None:
        super().__init__(step, forced_status)
        self._children: list[StepHandle | LoopBuilder] = []

    def __enter__(self) -> SequenceBuilder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def _add(self, node: N) -> N:
        self._children.append(node)
        return node

    def resolve_steps(self) -> list[Step]:
        """This sequence with its resolved children; status and time computed unless given."""
        steps = [step for child in self._children for step in child.resolve_steps()]
        out = self.step.model_copy()
        out.steps = steps
        out.status = self.forced_status or combine_statuses(step.status for step in steps)
        if out.tot_time_s is None and (total := sum_step_times(steps)) is not None:
            out.tot_time_s = total
        return [out]


class LoopBuilder(StepContainer):
    """A looped step being built: every step added is one iteration (``loop.idx`` 0, 1, ...).

    The header takes ``step_type`` (default: the first iteration's type), the most severe
    iteration status (unless forced) and counts ``passed``/``failed`` iterations (failed =
    Failed, Error or Terminated). It does not repeat the iterations' measurements.
    """

    def __init__(
        self,
        name: str,
        *,
        step_type: str | None = None,
        group: StepGroup = _MAIN,
        status: StepStatus | None = None,
    ) -> None:
        self.name = name
        self.step_type = step_type
        self.group = group
        self.forced_status = status
        self._iterations: list[StepHandle] = []

    def __enter__(self) -> LoopBuilder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    @property
    def iteration_count(self) -> int:
        """Iterations added so far."""
        return len(self._iterations)

    def _add(self, node: N) -> N:
        if not isinstance(node, StepHandle):
            raise ReportBuildError(f"loop {self.name!r}: put a nested loop inside a sequence")
        node.step.loop = LoopInfo(idx=len(self._iterations))
        self._iterations.append(node)
        return node

    def resolve_steps(self) -> list[Step]:
        """The loop header followed by the resolved iterations (siblings, as exports show)."""
        iterations = [step for it in self._iterations for step in it.resolve_steps()]
        first = iterations[0] if iterations else None
        step_type = self.step_type or (first.step_type if first else None) or StepType.ACTION
        header = new_step(step_type, self.name, self.group, sum_step_times(iterations))
        header.status = self.forced_status or combine_statuses(s.status for s in iterations)
        failed = sum(1 for s in iterations if s.status in FAILING_STATUSES)
        header.loop = LoopInfo(
            idx=None,
            num=len(iterations),
            ending_index=len(iterations),
            passed=len(iterations) - failed,
            failed=failed,
        )
        if first is not None and first.seq_call is not None and step_type == first.step_type:
            header.seq_call = first.seq_call.model_copy()
        return [header, *iterations]
