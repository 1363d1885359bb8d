"""The CSV mapping template (see :mod:`.csv_mapping` for the format): models and loading.

The template is validated once, when the converter is created, with pydantic models that forbid
unknown keys, so a typo in a template (``"nmae_column"``) fails the converter's configuration with
the key's path instead of silently mapping nothing.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pywats.domains.report.models import CompOp, ReportResult, StepStatus

__all__ = [
    "ColumnRef",
    "ColumnStep",
    "CsvTemplate",
    "FieldSource",
    "HeaderField",
    "Mode",
    "RowSteps",
    "StatusKind",
    "StatusWords",
    "TableSpec",
    "load_template",
]

ColumnRef = str | int
"""A column: its header name, or its 1-based position (files without a header row)."""

HeaderField = Literal[
    "part_number", "serial_number", "revision", "process_code", "process_name", "start",
    "operator", "station_name", "location", "purpose", "batch_serial_number", "fixture_id",
    "test_socket_index", "comment", "exec_time_s", "result", "error_code", "error_message",
]  # fmt: skip
REQUIRED_FIELDS: tuple[HeaderField, ...] = (
    "part_number", "serial_number", "revision", "process_code",
)  # fmt: skip
INTEGER_FIELDS = frozenset({"process_code", "test_socket_index", "error_code"})


class Mode(str, Enum):
    """How rows become reports."""

    FILE = "file"
    """One report per file."""
    ROW = "row"
    """One report per data row."""
    GROUP = "group"
    """One report per distinct value of the ``group_by`` column (e.g. the serial number)."""


class StatusKind(str, Enum):
    """What a status word means."""

    PASS = "pass"  # noqa: S105 - a status meaning, not a password
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"
    LOG = "log"
    """No judgement: the value is logged (``LOG``) and the step passes."""

    @property
    def step_status(self) -> StepStatus | None:
        """The status this word forces on a step (``None``: computed)."""
        return _STEP_STATUS.get(self)

    @property
    def report_result(self) -> ReportResult:
        return _REPORT_RESULT.get(self, ReportResult.PASSED)


_STEP_STATUS = {
    StatusKind.PASS: StepStatus.PASSED,
    StatusKind.FAIL: StepStatus.FAILED,
    StatusKind.SKIP: StepStatus.SKIPPED,
    StatusKind.ERROR: StepStatus.ERROR,
}
_REPORT_RESULT = {StatusKind.FAIL: ReportResult.FAILED, StatusKind.ERROR: ReportResult.ERROR}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSource(_Strict):
    """Where a header value comes from: exactly one of ``key``, ``column``, ``cell``, ``filename``.

    ``pattern`` (a regex) then extracts group 1 (or the whole match) from the raw text;
    ``format`` is the ``strptime`` format of ``start`` (default: ISO 8601).
    """

    key: str | None = None
    column: ColumnRef | None = None
    cell: tuple[int, int] | None = None
    filename: bool = False
    pattern: str | None = None
    format: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> FieldSource:
        given = [self.key is not None, self.column is not None, self.cell is not None]
        if sum(given) + self.filename != 1:
            raise ValueError("give exactly one of 'key', 'column', 'cell', 'filename'")
        if self.cell is not None and min(self.cell) < 1:
            raise ValueError("'cell' is [line, column], both counted from 1")
        if self.pattern is not None:
            _compile(self.pattern)
        return self


class StatusWords(_Strict):
    """Words of the status column (compared case-insensitively) and what they mean."""

    pass_: tuple[str, ...] = Field(
        default=("P", "PASS", "PASSED", "OK", "GOOD", "TRUE"), alias="pass"
    )
    fail: tuple[str, ...] = ("F", "FAIL", "FAILED", "NOK", "NG", "BAD", "FALSE")
    skip: tuple[str, ...] = ("S", "SKIP", "SKIPPED")
    error: tuple[str, ...] = ("E", "ERROR")
    log: tuple[str, ...] = ("INFO", "LOG")

    def table(self) -> dict[str, StatusKind]:
        """Upper-cased word → meaning; a word listed under two meanings is an error."""
        words: dict[str, StatusKind] = {}
        for kind, listed in (
            (StatusKind.PASS, self.pass_), (StatusKind.FAIL, self.fail),
            (StatusKind.SKIP, self.skip), (StatusKind.ERROR, self.error),
            (StatusKind.LOG, self.log),
        ):  # fmt: skip
            for word in listed:
                key = word.strip().upper()
                if words.get(key, kind) is not kind:
                    raise ValueError(f"status word {word!r} is listed under two meanings")
                words[key] = kind
        return words


class RowSteps(_Strict):
    """Each data row is a step; the ``*_column`` keys name the columns holding its parts."""

    name_column: ColumnRef
    value_column: ColumnRef | None = None
    low_column: ColumnRef | None = None
    high_column: ColumnRef | None = None
    unit_column: ColumnRef | None = None
    status_column: ColumnRef | None = None
    comp_op_column: ColumnRef | None = None
    limit_column: ColumnRef | None = None
    sequence_column: ColumnRef | None = None
    comp_op: CompOp | None = None


class ColumnStep(_Strict):
    """One step read from columns of each data row (``value_column`` and/or ``status_column``).

    Limits are constants (``low``/``high``) or columns (``low_column``/``high_column``).
    """

    name: str = Field(min_length=1, max_length=100)
    value_column: ColumnRef | None = None
    status_column: ColumnRef | None = None
    low: float | None = None
    high: float | None = None
    low_column: ColumnRef | None = None
    high_column: ColumnRef | None = None
    unit: str | None = None
    comp_op: CompOp | None = None
    limit: str | None = None
    sequence: str | None = Field(default=None, min_length=1, max_length=100)

    @model_validator(mode="after")
    def _has_a_source(self) -> ColumnStep:
        if self.value_column is None and self.status_column is None:
            raise ValueError("give 'value_column' and/or 'status_column'")
        if self.low is not None and self.low_column is not None:
            raise ValueError("give 'low' or 'low_column', not both")
        if self.high is not None and self.high_column is not None:
            raise ValueError("give 'high' or 'high_column', not both")
        return self


class TableSpec(_Strict):
    """Where the table's header row is; rows above it are ``key<delimiter>value`` header rows.

    Default: the first non-empty line is the header row (no key/value rows).
    """

    header_starts_with: str | None = None
    header_line: int | None = Field(default=None, ge=1)
    has_header: bool = True

    @model_validator(mode="after")
    def _one_locator(self) -> TableSpec:
        if self.header_starts_with is not None and self.header_line is not None:
            raise ValueError("give 'header_starts_with' or 'header_line', not both")
        if not self.has_header and self.header_starts_with is not None:
            raise ValueError("'header_starts_with' needs a header row ('has_header': true)")
        return self


class CsvTemplate(_Strict):
    """A whole mapping template (validated; see the :mod:`.csv_mapping` docstring)."""

    mode: Mode = Mode.FILE
    group_by: ColumnRef | None = None
    delimiter: str | None = Field(default=None, min_length=1, max_length=1)
    decimal_comma: bool | None = None
    encoding: str | None = None
    skip_rows: int | None = Field(default=None, ge=0)
    timezone: str | None = None
    table: TableSpec = TableSpec()
    fields: dict[HeaderField, FieldSource] = {}
    defaults: dict[HeaderField, str | int | float] = {}
    misc_infos: dict[str, FieldSource] = {}
    status_words: StatusWords = StatusWords()
    step_rows: RowSteps | None = None
    step_columns: tuple[ColumnStep, ...] | None = None

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is not None:
            check_encoding(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CsvTemplate:
        missing = [f for f in REQUIRED_FIELDS if f not in self.fields and f not in self.defaults]
        if missing:
            raise ValueError(f"map or give a default for {', '.join(missing)}")
        if (self.step_rows is None) == (self.step_columns is None):
            raise ValueError("give exactly one of 'step_rows' and 'step_columns'")
        if self.mode is Mode.ROW and self.step_rows is not None:
            raise ValueError("mode 'row' (a report per row) takes 'step_columns'")
        if (self.mode is Mode.GROUP) != (self.group_by is not None):
            raise ValueError("'group_by' goes with mode 'group' (and mode 'group' needs it)")
        for name, source in self.fields.items():
            if source.format is not None and name != "start":
                raise ValueError(f"fields.{name}: 'format' applies to 'start' only")
        if any(len(name) > 100 for name in self.misc_infos):
            raise ValueError("misc_infos: descriptions are at most 100 characters")
        self.status_words.table()
        return self


def check_encoding(value: str) -> str:
    """``value`` when Python knows the text encoding, else ``ValueError``."""
    try:
        codecs.lookup(value)
    except LookupError:
        raise ValueError(f"unknown encoding {value!r}") from None
    return value


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}") from None


def _describe(exc: ValidationError) -> str:
    items = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(template)"
        items.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(items)


def load_template(mapping: Mapping[str, Any] | str | Path, converter: str) -> CsvTemplate:
    """Validate a template given as a dict or as the path of a JSON file.

    Raises:
        ValueError: naming the file and the key path of every problem.
    """
    where = "mapping"
    if isinstance(mapping, (str, Path)):
        path = Path(mapping)
        where = f"mapping file {path}"
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise ValueError(f"converter {converter!r}: cannot read {where}: {exc}") from None
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"converter {converter!r}: {where} is not valid JSON: {exc}") from None
    elif isinstance(mapping, Mapping):
        data = dict(mapping)
    else:
        raise ValueError(f"converter {converter!r}: mapping must be a dict or a JSON file path")
    try:
        return CsvTemplate.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"converter {converter!r}: {where}: {_describe(exc)}") from None


def compiled(pattern: str | None) -> re.Pattern[str] | None:
    """The compiled ``pattern`` of a field source (validated at load time)."""
    return None if pattern is None else _compile(pattern)
