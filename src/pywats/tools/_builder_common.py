"""Small helpers shared by the UUT and UUR builders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pywats.domains.report.models import MiscInfo, Step, StepGroup, StepStatus

from ._builder_status import is_loop_header

__all__ = ["make_misc_info", "new_step", "present", "report_start", "sum_step_times"]


def present(**fields: Any) -> dict[str, Any]:
    """Keyword arguments without the ``None`` ones, so unset fields stay out of the WSJF."""
    return {key: value for key, value in fields.items() if value is not None}


def report_start(start: datetime | None) -> datetime:
    """The report start: now with the local UTC offset, or ``start`` (naive = local time)."""
    if start is None:
        return datetime.now().astimezone()
    return start if start.tzinfo is not None else start.astimezone()


def make_misc_info(description: str, value: str | int | float) -> MiscInfo:
    """A misc info: strings go to ``text``; numbers go to ``numeric`` and, as text, ``text``."""
    if isinstance(value, str):
        return MiscInfo(description=description, text=value)
    return MiscInfo(description=description, text=str(value), numeric=value)


def new_step(step_type: str, name: str, group: StepGroup, tot_time_s: float | None) -> Step:
    """A step with a placeholder status (statuses are resolved when the report is built)."""
    return Step(
        **present(
            step_type=step_type, name=name, group=group, status=StepStatus.PASSED,
            tot_time_s=tot_time_s,
        )
    )  # fmt: skip


def sum_step_times(steps: list[Step]) -> float | None:
    """Total ``totTime`` of sibling steps (loop headers excluded: they repeat their iterations)."""
    times = [s.tot_time_s for s in steps if s.tot_time_s is not None and not is_loop_header(s)]
    return float(sum(times)) if times else None
