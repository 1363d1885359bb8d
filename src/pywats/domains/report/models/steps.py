"""The step tree of a UUT report (wats-api.md §3.4, §3.5).

One :class:`Step` model covers every step type: the server reads a step's payload keys
(``numericMeas``, ``chart``, ``seqCall``...) independently of its ``stepType``, which only picks an
icon, so a step type the library does not know still loads and round-trips.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from pydantic import Field

from .base import WatsModel, WatsNumber
from .common import AdditionalData
from .enums import StepGroup, StepStatus
from .measurements import BooleanMeasurement, NumericMeasurement, StringMeasurement

__all__ = [
    "Attachment",
    "CallExeInfo",
    "Chart",
    "ChartSeries",
    "LoopInfo",
    "MessagePopupInfo",
    "SeqCallInfo",
    "Step",
]


class SeqCallInfo(WatsModel):
    """``seqCall`` of a SequenceCall step: the called sequence file, name and version."""

    path: str | None = None
    name: str | None = None
    version: str | None = None


class LoopInfo(WatsModel):
    """``loop`` of a looped step.

    The loop header step has ``idx: null`` and ``num`` (iterations), ``endingIndex``, ``passed``,
    ``failed``; each iteration follows it as a sibling step with ``idx`` = 0-based iteration index.
    """

    idx: int | None = None
    num: int | None = None
    ending_index: int | None = Field(default=None, alias="endingIndex")
    passed: int | None = None
    failed: int | None = None


class ChartSeries(WatsModel):
    """One series of a chart; ``xdata``/``ydata`` are ``;``-separated numbers."""

    data_type: str | None = Field(default=None, alias="dataType")
    name: str | None = None
    xdata: str | None = None
    ydata: str | None = None


class Chart(WatsModel):
    """A step's chart (one per step)."""

    chart_type: str | None = Field(default=None, alias="chartType")
    label: str | None = None
    x_label: str | None = Field(default=None, alias="xLabel")
    x_unit: str | None = Field(default=None, alias="xUnit")
    y_label: str | None = Field(default=None, alias="yLabel")
    y_unit: str | None = Field(default=None, alias="yUnit")
    series: list[ChartSeries] | None = None


class Attachment(WatsModel):
    """A step's file attachment (one per step); ``data`` is base64 text."""

    name: str | None = None
    content_type: str | None = Field(default=None, alias="contentType")
    data: str | None = None
    description: str | None = None


class MessagePopupInfo(WatsModel):
    """``messagePopup`` of a MessagePopup step: the operator's response and button index."""

    response: str | None = None
    button: int | None = None


class CallExeInfo(WatsModel):
    """``callExe`` of a CallExecutable step."""

    exit_code: WatsNumber | None = Field(default=None, alias="exitCode")


class Step(WatsModel):
    """A step of any type; SequenceCall steps nest child ``steps``.

    ``group`` reads as main when the key is absent, but is only written when it was given.
    ``stepType`` only selects the icon in WATS (wats-api.md §3.5) and is optional on the wire.
    """

    id: int | None = None
    group: StepGroup = StepGroup.MAIN
    step_type: str | None = Field(default=None, alias="stepType")
    name: str
    status: StepStatus
    start: datetime | None = None
    tot_time_s: WatsNumber | None = Field(default=None, alias="totTime")
    tot_time_format: str | None = Field(default=None, alias="totTimeFormat")
    ts_guid: str | None = Field(default=None, alias="tsGuid")
    error_code: int | None = Field(default=None, alias="errorCode")
    error_code_format: str | None = Field(default=None, alias="errorCodeFormat")
    error_message: str | None = Field(default=None, alias="errorMessage")
    report_text: str | None = Field(default=None, alias="reportText")
    caused_seq_failure: bool | None = Field(default=None, alias="causedSeqFailure")
    caused_uut_failure: bool | None = Field(default=None, alias="causedUUTFailure")
    loop: LoopInfo | None = None
    additional_results: list[AdditionalData] | None = Field(default=None, alias="additionalResults")
    seq_call: SeqCallInfo | None = Field(default=None, alias="seqCall")
    numeric_meas: list[NumericMeasurement] | None = Field(default=None, alias="numericMeas")
    boolean_meas: list[BooleanMeasurement] | None = Field(default=None, alias="booleanMeas")
    string_meas: list[StringMeasurement] | None = Field(default=None, alias="stringMeas")
    chart: Chart | None = None
    attachment: Attachment | None = None
    message_popup: MessagePopupInfo | None = Field(default=None, alias="messagePopup")
    call_exe: CallExeInfo | None = Field(default=None, alias="callExe")
    steps: list[Step] | None = None

    def iter_steps(self) -> Iterator[Step]:
        """This step and all its descendants, depth-first pre-order (the export's id order)."""
        stack: list[Step] = [self]
        while stack:
            step = stack.pop()
            yield step
            if step.steps:
                stack.extend(reversed(step.steps))
