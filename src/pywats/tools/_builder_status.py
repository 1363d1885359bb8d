"""Status rules of the ReportBuilder: precedence, propagation and the failure cause.

WATS stores statuses as sent (no server-side recomputation), so these rules decide what a
built report says:

* **Precedence** ``Terminated > Error > Failed > Passed``: a parent takes the most severe status
  among its children; a step takes the most severe status among its measurements.
* **Skipped and Done never fail** a parent (they count as passing).
* A parent with no children, or with only passing/skipped/done children, is **Passed**.
* A **forced** status (given by the caller) wins over the computed one, for that node only; the
  node's parent then propagates the forced status like any other.
* The report **result** is the root status (``S`` and ``D`` give ``P``) unless forced.
* The **failure cause**: in every failing container, the first failing child (loop headers are
  summaries and are skipped) gets ``causedSeqFailure``; following that chain down from the root
  gives the first failing leaf, which gets ``causedUUTFailure`` and whose id becomes
  ``uut.stepIdCausedUUTFailure``. Flags are only written as ``true``; others stay unset.
"""

from __future__ import annotations

from collections.abc import Iterable

from pywats.domains.report.models import ReportResult, Step, StepStatus

__all__ = [
    "FAILING_STATUSES",
    "combine_statuses",
    "is_loop_header",
    "mark_failure_cause",
    "result_from_status",
]

FAILING_STATUSES = frozenset({StepStatus.FAILED, StepStatus.ERROR, StepStatus.TERMINATED})
"""Statuses that fail a parent sequence and the report."""

_SEVERITY: dict[StepStatus, int] = {
    StepStatus.TERMINATED: 3,
    StepStatus.ERROR: 2,
    StepStatus.FAILED: 1,
}

_RESULT_OF: dict[StepStatus, ReportResult] = {
    StepStatus.PASSED: ReportResult.PASSED,
    StepStatus.FAILED: ReportResult.FAILED,
    StepStatus.ERROR: ReportResult.ERROR,
    StepStatus.TERMINATED: ReportResult.TERMINATED,
    StepStatus.SKIPPED: ReportResult.PASSED,
    StepStatus.DONE: ReportResult.PASSED,
}


def combine_statuses(statuses: Iterable[StepStatus | None]) -> StepStatus:
    """The status a parent gets from its children: the most severe failing one, else Passed.

    Example:
        >>> combine_statuses([StepStatus.PASSED, StepStatus.FAILED, StepStatus.ERROR]).value
        'E'
        >>> combine_statuses([StepStatus.SKIPPED, StepStatus.DONE]).value
        'P'
    """
    worst = StepStatus.PASSED
    for status in statuses:
        if status is not None and _SEVERITY.get(status, 0) > _SEVERITY.get(worst, 0):
            worst = status
    return worst


def result_from_status(status: StepStatus) -> ReportResult:
    """The report result a root status gives (Skipped and Done give Passed)."""
    return _RESULT_OF[status]


def is_loop_header(step: Step) -> bool:
    """Whether ``step`` is a loop header (a summary step followed by its iterations)."""
    return step.loop is not None and step.loop.idx is None


def _first_failing_child(step: Step) -> Step | None:
    for child in step.steps or ():
        if child.status in FAILING_STATUSES and not is_loop_header(child):
            return child
    return None


def mark_failure_cause(root: Step, *, uut_failed: bool = True) -> Step | None:
    """Set ``causedSeqFailure``/``causedUUTFailure`` flags; return the step that failed the UUT.

    Args:
        root: The root sequence, statuses already resolved.
        uut_failed: Whether the report result fails (a forced result may differ from the root).

    Returns:
        The step that caused the UUT failure, or ``None`` when the UUT did not fail.
    """
    for step in root.iter_steps():
        if step.status in FAILING_STATUSES:
            child = _first_failing_child(step)
            if child is not None:
                child.caused_seq_failure = True
    if not uut_failed or root.status not in FAILING_STATUSES:
        return None
    cause = root
    while (child := _first_failing_child(cause)) is not None:
        cause = child
    cause.caused_uut_failure = True
    return cause
