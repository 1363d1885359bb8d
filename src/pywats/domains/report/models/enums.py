"""Enumerations of WSJF letters and names (wats-api.md §3).

The letters are the wire values, so every enum is a ``str`` enum: a member can be used wherever
the JSON string is expected and compares equal to it (``StepStatus.PASSED == "P"``).

Strictness (what fails at model level):

* ``ReportResult`` and ``StepStatus`` are strict: the server validates these letters and rejects
  anything else, so an unknown letter is corrupt data and should fail early, at load or build time.
* ``StepGroup`` is strict (TestStand has exactly three step groups).
* ``compOp`` is *tolerant* on the models (a known operator loads as ``CompOp``, an unknown one
  stays a plain string) because the server does not document validating it and converters meet
  odd tester operators; ``comparison.evaluate`` raises on an unknown operator.
* ``stepType`` and ``chartType`` are plain strings on the models (the server accepts unknown step
  types); :class:`StepType` and :class:`ChartType` only name the known values.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "ChartType",
    "CompOp",
    "ReportResult",
    "ReportType",
    "SeriesDataType",
    "StepGroup",
    "StepStatus",
    "StepType",
]


class ReportType(str, Enum):
    """Root ``type``: a test report (UUT) or a repair report (UUR)."""

    UUT = "T"
    UUR = "R"


class ReportResult(str, Enum):
    """Root ``result`` letter. ``D`` (done) is allowed by Virinco's models, WATS prefers ``P``."""

    PASSED = "P"
    FAILED = "F"
    ERROR = "E"
    TERMINATED = "T"
    DONE = "D"


class StepStatus(str, Enum):
    """Step and measurement ``status`` letter."""

    PASSED = "P"
    FAILED = "F"
    SKIPPED = "S"
    DONE = "D"
    ERROR = "E"
    TERMINATED = "T"


class StepGroup(str, Enum):
    """TestStand step group: setup, main or cleanup."""

    SETUP = "S"
    MAIN = "M"
    CLEANUP = "C"


class CompOp(str, Enum):
    """Comparison operator of a numeric or string measurement (§3.6)."""

    LOG = "LOG"
    EQ = "EQ"
    NE = "NE"
    GT = "GT"
    GE = "GE"
    LT = "LT"
    LE = "LE"
    EQT = "EQT"
    GTLT = "GTLT"
    GTLE = "GTLE"
    GELT = "GELT"
    GELE = "GELE"
    LTGT = "LTGT"
    LTGE = "LTGE"
    LEGT = "LEGT"
    LEGE = "LEGE"
    CASESENSIT = "CASESENSIT"
    IGNORECASE = "IGNORECASE"


class ChartType(str, Enum):
    """Known ``chart.chartType`` values."""

    LINE = "Line"
    LINE_LOG_XY = "LineLogXY"
    LINE_LOG_X = "LineLogX"
    LINE_LOG_Y = "LineLogY"


class SeriesDataType(str, Enum):
    """Known ``series.dataType`` values (XY pairs given as ``;``-separated strings)."""

    XYG = "XYG"


class StepType(str, Enum):
    """Known ``stepType`` names (§3.5). The field itself is a plain string: unknown names load."""

    SEQUENCE_CALL = "SequenceCall"
    WATS_SEQ_CALL = "WATS_SeqCall"
    NUMERIC_LIMIT = "ET_NLT"
    NUMERIC_LIMIT_TEST = "NumericLimitTest"
    MULTI_NUMERIC_LIMIT = "ET_MNLT"
    MULTI_NUMERIC_LIMIT_TEST = "MultiNumericLimitTest"
    PASS_FAIL = "ET_PFT"  # noqa: S105 - a step type, not a password
    PASS_FAIL_TEST = "PassFailTest"  # noqa: S105 - a step type, not a password
    MULTI_PASS_FAIL = "ET_MPFT"  # noqa: S105 - a step type, not a password
    MULTI_BOOLEAN_TEST = "MultiBooleanTest"
    STRING_VALUE = "ET_SVT"
    STRING_VALUE_TEST = "StringValueTest"
    MULTI_STRING_VALUE = "ET_MSVT"
    MULTI_STRING_TEST = "MultiStringTest"
    XY_GRAPH_NUMERIC_LIMIT = "WATS_XYGMNLT"
    CHART = "Chart"
    ACTION = "Action"
    ET_ACTION = "ET_A"
    MESSAGE_POPUP = "MessagePopup"
    CALL_EXECUTABLE = "CallExecutable"
    GENERIC_TEST = "GenericTest"
    GT = "GT"
    STATEMENT = "Statement"
    LABEL = "Label"
    GOTO = "Goto"
    WATS_GOTO = "WATS_Goto"
    DO_WHILE = "DoWhile"
    NI_FLOW_IF = "NI_Flow_If"
    NI_FLOW_ELSE_IF = "NI_Flow_ElseIf"
    NI_FLOW_ELSE = "NI_Flow_Else"
    NI_FLOW_END = "NI_Flow_End"
    NI_FLOW_FOR = "NI_Flow_For"
    NI_FLOW_FOR_EACH = "NI_Flow_ForEach"
    NI_FLOW_BREAK = "NI_Flow_Break"
    NI_FLOW_CONTINUE = "NI_Flow_Continue"
    NI_FLOW_DO_WHILE = "NI_Flow_DoWhile"
    NI_FLOW_WHILE = "NI_Flow_While"
    NI_FLOW_SELECT = "NI_Flow_Select"
    NI_FLOW_CASE = "NI_Flow_Case"
    NI_WAIT = "NI_Wait"
    NI_LOCK = "NI_Lock"
    NI_RENDEZVOUS = "NI_Rendezvous"
    NI_QUEUE = "NI_Queue"
    NI_NOTIFICATION = "NI_Notification"
    NI_BATCH_SYNC = "NI_Batch_Sync"
    NI_AUTO_SCHEDULE = "NI_AutoSchedule"
    NI_USE_RESOURCE = "NI_UseResource"
    NI_THREAD_PRIORITY = "NI_ThreadPriority"
    NI_SEMAPHORE = "NI_Semaphore"
    NI_BATCH_SPEC = "NI_BatchSpec"
    NI_OPEN_DATABASE = "NI_OpenDatabase"
    NI_OPEN_SQL_STATEMENT = "NI_OpenSQLStatement"
    NI_CLOSE_SQL_STATEMENT = "NI_CloseSQLStatement"
    NI_CLOSE_DATABASE = "NI_CloseDatabase"
    NI_DATA_OPERATION = "NI_DataOperation"
    NI_IVI_DMM = "NI_IVIDmm"
    NI_IVI_SCOPE = "NI_IVIScope"
    NI_IVI_FGEN = "NI_IVIFgen"
    NI_IVI_POWER_SUPPLY = "NI_IVIPowerSupply"
    NI_SWITCH = "NI_Switch"
    NI_IVI_TOOLS = "NI_IVITools"
    NI_LV_CHECK_SYSTEM_STATUS = "NI_LV_CheckSystemStatus"
    NI_LV_RUN_VI_ASYNCHRONOUSLY = "NI_LV_RunVIAsynchronously"
    NI_FTP_FILES = "NI_FTPFiles"
