"""Turning the rows of one report (CSV mapping converter) into a UUT report with ReportBuilder.

Statuses: a status column's word is the tester's verdict and is forced on its step; without one
the builder evaluates the limits. A mapped ``result`` forces the report result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from pywats.domains.report.models import CompOp, UUTReport
from pywats.tools import ReportBuilder, ReportBuildError, SequenceBuilder
from pywats_client.converters.base import ConverterContext, ConverterError

from ._csv_table import Row, Table
from ._csv_template import (
    INTEGER_FIELDS,
    ColumnStep,
    CsvTemplate,
    FieldSource,
    StatusKind,
    compiled,
)
from ._inputs import fit, localize, parse_iso_datetime, parse_number

__all__ = ["ReportRows"]


@dataclass(frozen=True)
class _StepParts:
    """What one step is made of, as text from the file (``where`` names it in errors)."""

    name: str
    value: str
    low: str
    high: str
    unit: str
    comp_op: str
    limit: str
    status: str
    where: str


class ReportRows:
    """Builds the report of one group of data rows (a file, a row or a ``group_by`` value)."""

    def __init__(
        self,
        template: CsvTemplate,
        table: Table,
        rows: list[Row],
        *,
        decimal_comma: bool,
        zone: tzinfo | None,
        context: ConverterContext,
    ) -> None:
        self.template = template
        self.table = table
        self.rows = rows
        self.decimal_comma = decimal_comma
        self.zone = zone
        self.context = context
        self.words = template.status_words.table()
        self.name = table.name

    def error(self, where: str, message: str) -> ConverterError:
        return ConverterError(f"{self.name}: {where}: {message}")

    # -- header -------------------------------------------------------------------------------

    def _raw(self, source: FieldSource, label: str) -> tuple[str, str]:
        """The source's text (empty when absent) and where it was read, for messages."""
        if source.key is not None:
            value, line = self.table.key_values.get(source.key, ("", 0))
            where = f"line {line}, key {source.key!r}" if line else f"key {source.key!r}"
        elif source.column is not None:
            index = self.table.column(source.column)
            row = self.rows[0] if self.rows else None
            value = row.get(index) if row else ""
            where = f"line {row.line if row else '?'}, column {self.table.column_name(index)}"
        elif source.cell is not None:
            line, column = source.cell
            found = self.table.by_line.get(line)
            value = found.get(column - 1) if found else ""
            where = f"cell [{line}, {column}]"
        else:
            value, where = self.name, "file name"
        pattern = compiled(source.pattern)
        if pattern is not None and value:
            match = pattern.search(value)
            if match is None:
                raise self.error(where, f"{label}: {value!r} does not match {source.pattern!r}")
            value = (match.group(1) if match.groups() else match.group(0)) or ""
        return value.strip(), where

    def header(self) -> dict[str, Any]:
        """The report header values, converted to their types; defaults fill the gaps."""
        values: dict[str, Any] = {}
        fields = self.template.fields
        for label in dict.fromkeys([*fields, *self.template.defaults]):
            text, where = self._raw(fields[label], label) if label in fields else ("", "")
            if text:
                values[label] = self._typed(label, text, fields[label].format, where)
            elif label in self.template.defaults:
                default = self.template.defaults[label]
                values[label] = self._typed(label, str(default), None, f"defaults.{label}")
            elif label in ("part_number", "serial_number", "revision", "process_code"):
                raise self.error(where, f"{label} is empty or missing (and has no default)")
        return values

    def _typed(self, label: str, text: str, fmt: str | None, where: str) -> Any:
        if label in INTEGER_FIELDS:
            number = parse_number(text)
            if not isinstance(number, int):
                raise self.error(where, f"{label}: {text!r} is not an integer")
            return number
        if label == "exec_time_s":
            seconds = parse_number(text, decimal_comma=self.decimal_comma)
            if seconds is None:
                raise self.error(where, f"{label}: {text!r} is not a number")
            return float(seconds)
        if label == "start":
            return localize(self._datetime(text, fmt, where), self.zone)
        if label == "result":
            return self._status(text, where).report_result
        return text

    def _datetime(self, text: str, fmt: str | None, where: str) -> datetime:
        try:
            if fmt is not None:
                return datetime.strptime(text, fmt)
            return parse_iso_datetime(text)
        except ValueError:
            expected = f"format {fmt!r}" if fmt else "ISO 8601 (or give 'format')"
            raise self.error(where, f"start: {text!r} does not match {expected}") from None

    def _status(self, text: str, where: str) -> StatusKind:
        kind = self.words.get(text.upper())
        if kind is None:
            known = ", ".join(sorted(self.words))
            raise self.error(where, f"unknown status word {text!r} (known: {known})")
        return kind

    # -- report -------------------------------------------------------------------------------

    def build(self) -> UUTReport:
        values = self.header()
        error_code = values.pop("error_code", None)
        error_message = values.pop("error_message", None)
        uut = ReportBuilder.uut(start=values.pop("start", None) or self.context.now(), **values)
        if error_code is not None:
            uut.error(error_code, error_message)
        for description, source in self.template.misc_infos.items():
            text, _ = self._raw(source, description)
            if text:
                uut.misc_info(description, fit(text))
        sequences: dict[str, SequenceBuilder] = {}
        for parts, sequence in self._steps():
            parent = uut.root
            if sequence:
                if sequence not in sequences:
                    sequences[sequence] = uut.root.sequence(fit(sequence))
                parent = sequences[sequence]
            self._add_step(parent, parts)
        try:
            return uut.build()
        except ReportBuildError as exc:
            raise ConverterError(f"{self.name}: {exc}") from None

    def _steps(self) -> list[tuple[_StepParts, str]]:
        out: list[tuple[_StepParts, str]] = []
        spec = self.template.step_rows
        if spec is not None:
            columns = {
                key: None if ref is None else self.table.column(ref)
                for key, ref in spec.model_dump(exclude={"comp_op"}).items()
            }
            for row in self.rows:
                cell = {k: ("" if i is None else row.get(i)) for k, i in columns.items()}
                if not cell["name_column"]:
                    continue
                parts = _StepParts(
                    name=cell["name_column"], value=cell["value_column"],
                    low=cell["low_column"], high=cell["high_column"], unit=cell["unit_column"],
                    comp_op=cell["comp_op_column"] or (spec.comp_op.value if spec.comp_op else ""),
                    limit=cell["limit_column"], status=cell["status_column"],
                    where=f"line {row.line}",
                )  # fmt: skip
                out.append((parts, cell["sequence_column"]))
            return out
        for row in self.rows:
            for step in self.template.step_columns or ():
                parts = self._column_parts(step, row)
                if parts.value or parts.status:
                    out.append((parts, step.sequence or ""))
        return out

    def _column_parts(self, step: ColumnStep, row: Row) -> _StepParts:
        def read(ref: Any) -> str:
            return "" if ref is None else row.get(self.table.column(ref))

        def limit(constant: float | None, ref: Any) -> str:
            return repr(constant) if constant is not None else read(ref)

        return _StepParts(
            name=step.name, value=read(step.value_column),
            low=limit(step.low, step.low_column), high=limit(step.high, step.high_column),
            unit=step.unit or "", comp_op=step.comp_op.value if step.comp_op else "",
            limit=step.limit or "", status=read(step.status_column),
            where=f"line {row.line}, step {step.name!r}",
        )  # fmt: skip

    def _number(self, text: str, what: str, where: str) -> int | float | None:
        if not text:
            return None
        number = parse_number(text, decimal_comma=self.decimal_comma)
        if number is None:
            raise self.error(where, f"{what} {text!r} is not a number")
        return number

    def _add_step(self, parent: SequenceBuilder, parts: _StepParts) -> None:
        where = parts.where
        kind = self._status(parts.status, where) if parts.status else None
        forced = kind.step_status if kind is not None else None
        name = fit(parts.name)
        value = parse_number(parts.value, decimal_comma=self.decimal_comma)
        comp_op: CompOp | str | None = parts.comp_op or None
        try:
            if kind is StatusKind.LOG:
                if value is not None:
                    parent.numeric(name, value, comp_op=CompOp.LOG, unit=parts.unit or None)
                elif parts.value:
                    parent.string(name, parts.value, comp_op=CompOp.LOG)
                else:
                    parent.action(name)
            elif value is not None:
                low = self._number(parts.low, "low limit", where)
                high = self._number(parts.high, "high limit", where)
                parent.numeric(
                    name, value, low=low, high=high, comp_op=comp_op, unit=parts.unit or None,
                    status=forced,
                )  # fmt: skip
            elif parts.value:
                limit = parts.limit or None
                parent.string(name, parts.value, limit=limit, comp_op=comp_op, status=forced)
            elif kind is not None:
                passed = kind in (StatusKind.PASS, StatusKind.SKIP)
                parent.pass_fail(name, passed, status=forced)
            else:
                raise self.error(where, f"step {parts.name!r} has neither a value nor a status")
        except ReportBuildError as exc:
            raise self.error(where, f"step {parts.name!r}: {exc}") from None
