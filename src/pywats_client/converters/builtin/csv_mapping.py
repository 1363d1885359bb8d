"""Delimited text logs (CSV, TSV, ``;``-separated...) described by a mapping template.

Testers write countless CSV layouts, so this converter is driven by a template (a dict in the
converter's arguments, or the path of a JSON file) that says where the header fields are and how
rows become steps. Converter arguments: ``mapping`` (required), and ``delimiter`` (default: the
template's, else detected with :class:`csv.Sniffer`), ``decimal_comma`` (``"1,23"`` is 1.23),
``encoding`` (default ``utf-8-sig``; ``latin-1``, ``cp1252``... allowed), ``skip_rows`` (lines
to ignore at the top), ``timezone`` (of naive times: ``"UTC"``, ``"+01:00"``, ``"Europe/Oslo"``;
default the station's local time) and ``max_size_bytes``. These five options may also be in the
template; an argument wins over the template.

Template keys (unknown keys are refused, so typos fail early):

* ``mode``: ``"file"`` (default, one report per file), ``"row"`` (one report per data row) or
  ``"group"`` (one report per distinct value of the ``group_by`` column, e.g. the serial).
* ``table``: where the table's header row is: ``{"header_starts_with": "StepName"}`` (the first
  line whose first cell is that) or ``{"header_line": 12}``; default the first non-empty line.
  Lines above the header are ``key<delimiter>value`` header rows. ``"has_header": false`` for a
  table without header row (columns are then referred to by position, 1, 2...).
* ``fields``: header fields, each from one source: ``{"key": "Part Number"}`` (a key/value
  row), ``{"column": "Serial"}`` (the report's first data row), ``{"cell": [2, 3]}`` (line 2,
  column 3 of the file) or ``{"filename": true}``; optional ``"pattern"`` (a regex: group 1, or
  the match, is kept) and, for ``start``, ``"format"`` (``strptime``; default ISO 8601). Names:
  ``part_number``, ``serial_number``, ``revision``, ``process_code`` (these four are required:
  mapped or defaulted), ``process_name``, ``start``, ``operator``, ``station_name``, ``location``,
  ``purpose``, ``batch_serial_number``, ``fixture_id``, ``test_socket_index``, ``comment``,
  ``exec_time_s``, ``result`` (a status word; forces the report result), ``error_code``,
  ``error_message``. Without ``start`` the conversion time is used.
* ``defaults``: values for header fields that are unmapped or empty in the file.
* ``misc_infos``: ``{"description": source}``, e.g. ``{"Fixture": {"key": "Fixture ID"}}``.
* ``step_rows``: each data row is a step: ``name_column`` (required), ``value_column``,
  ``low_column``, ``high_column``, ``unit_column``, ``status_column``, ``comp_op_column`` or a
  fixed ``comp_op``, ``limit_column`` (expected text of string steps), ``sequence_column`` (rows
  with the same value go into one sequence of that name). A numeric value makes a numeric step
  (operator from the limits unless given), other text a string step, no value but a status a
  pass/fail step. Rows with an empty name are ignored.
* ``step_columns``: each data row gives these steps (the only choice in mode ``row``): a list of
  ``{"name", "value_column" and/or "status_column", "low"/"high" or "low_column"/"high_column",
  "unit", "comp_op", "limit", "sequence"}``. A row whose value and status cells are empty adds
  no step.
* ``status_words``: ``{"pass": [...], "fail": [...], "skip": [...], "error": [...], "log":
  [...]}`` (case-insensitive; a given list replaces the default one). A status word is forced on
  its step; ``log`` words log the value (``LOG``) and pass. Defaults: pass ``P PASS PASSED OK
  GOOD TRUE``, fail ``F FAIL FAILED NOK NG BAD FALSE``, skip ``S SKIP SKIPPED``, error ``E
  ERROR``, log ``INFO LOG``. Without a status column the limits decide.

Example (a functional-test log: ``key;value`` rows, then a ``Step;Min;Value;Max;Unit;Status``
table)::

    {
      "table": {"header_starts_with": "Step"},
      "fields": {
        "serial_number": {"key": "Serial"},
        "part_number": {"key": "Product"},
        "start": {"key": "Started", "format": "%d.%m.%Y %H:%M:%S"},
        "operator": {"key": "Operator"},
        "result": {"key": "Result"}
      },
      "defaults": {"revision": "A", "process_code": 50},
      "misc_infos": {"Fixture": {"key": "Fixture"}},
      "step_rows": {"name_column": "Step", "value_column": "Value", "low_column": "Min",
                    "high_column": "Max", "unit_column": "Unit", "status_column": "Status"}
    }

``examples/converters/csv/`` has this layout and a one-row-per-UUT export, with templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
)

from ._csv_reports import ReportRows
from ._csv_table import Row, Table, detect_delimiter, read_table
from ._csv_template import CsvTemplate, Mode, check_encoding, load_template
from ._inputs import (
    DEFAULT_MAX_SIZE_BYTES,
    check_max_size,
    decode_text,
    read_input,
    reject_unknown,
    resolve_timezone,
)

__all__ = ["CsvMappingConverter"]

_ARGUMENTS = (
    "mapping", "delimiter", "decimal_comma", "encoding", "skip_rows", "timezone",
    "max_size_bytes",
)  # fmt: skip
_SNIFF_BYTES = 16384


class CsvMappingConverter(FileConverter):
    """Converts delimited text files with a mapping template (see the module docstring).

    Args:
        mapping: The template: a dict, or the path of a JSON file.
        delimiter: One character; default the template's, else detected.
        decimal_comma: Numbers use a decimal comma (``"1,23"``).
        encoding: Text encoding (default ``utf-8-sig``).
        skip_rows: Lines to ignore at the top of the file.
        timezone: Zone of naive times (default: the station's local time).
        max_size_bytes: Larger files are refused (default 64 MiB).
    """

    name: ClassVar[str] = "csv"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "Delimited text logs (CSV, TSV...) mapped by a template"
    patterns: ClassVar[tuple[str, ...]] = ("*.csv", "*.tsv", "*.txt")

    def __init__(
        self,
        *,
        mapping: Mapping[str, Any] | str | Path | None = None,
        delimiter: str | None = None,
        decimal_comma: bool | None = None,
        encoding: str | None = None,
        skip_rows: int | None = None,
        timezone: str | None = None,
        max_size_bytes: int = DEFAULT_MAX_SIZE_BYTES,
        **unknown: Any,
    ) -> None:
        reject_unknown(self.name, unknown, _ARGUMENTS)
        if mapping is None:
            raise ValueError("converter 'csv': the 'mapping' argument (template) is required")
        self.template: CsvTemplate = load_template(mapping, self.name)
        template = self.template
        self.delimiter = _option(delimiter, template.delimiter, None)
        if self.delimiter is not None and (
            not isinstance(self.delimiter, str) or len(self.delimiter) != 1
        ):
            raise ValueError("converter 'csv': delimiter must be one character")
        self.decimal_comma = bool(_option(decimal_comma, template.decimal_comma))
        self.encoding = str(_option(encoding, template.encoding, "utf-8-sig"))
        try:
            check_encoding(self.encoding)
        except ValueError as exc:
            raise ValueError(f"converter 'csv': {exc}") from None
        self.skip_rows = _option(skip_rows, template.skip_rows, 0)
        if isinstance(self.skip_rows, bool) or not isinstance(self.skip_rows, int):
            raise ValueError("converter 'csv': skip_rows must be a whole number")
        if self.skip_rows < 0:
            raise ValueError("converter 'csv': skip_rows must not be negative")
        self.zone = resolve_timezone(_option(timezone, template.timezone), self.name)
        self.max_size_bytes = check_max_size(self.name, max_size_bytes)

    def _markers(self) -> list[str]:
        """Texts a matching file shows near its start: the table header, keys, column names."""
        template = self.template
        sources = (*template.fields.values(), *template.misc_infos.values())
        markers: list[str | int | None] = [template.table.header_starts_with]
        markers += [source.key for source in sources] + [source.column for source in sources]
        if template.step_rows is not None:
            markers += template.step_rows.model_dump(exclude={"comp_op"}).values()
        for step in template.step_columns or ():
            markers += [step.value_column, step.status_column]
        return [marker for marker in dict.fromkeys(markers) if isinstance(marker, str) and marker]

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """0.3..0.95 by how many of the template's key names and header texts the start shows."""
        with source.path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        if b"\x00" in head:
            return 0.0
        text = head.decode(self.encoding, errors="ignore")
        markers = self._markers()
        if not markers:
            return 0.5
        found = sum(marker in text for marker in markers)
        return round(0.3 + 0.65 * found / len(markers), 3)

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        text = decode_text(read_input(source, self.max_size_bytes), self.encoding, source.name)
        delimiter = self.delimiter or detect_delimiter(
            "".join(text.splitlines(keepends=True)[self.skip_rows :]),
            source.name,
            decimal_comma=self.decimal_comma,
        )
        table = read_table(
            text,
            delimiter=delimiter,
            skip_rows=self.skip_rows,
            spec=self.template.table,
            name=source.name,
        )
        reports = [
            ReportRows(
                self.template, table, rows, decimal_comma=self.decimal_comma, zone=self.zone,
                context=context,
            ).build()
            for rows in self._groups(table)
        ]  # fmt: skip
        return ConverterResult.success(*reports)

    def _groups(self, table: Table) -> list[list[Row]]:
        """The data rows of each report, by mode."""
        if not table.rows:
            raise ConverterError(
                f"{table.name}: no data rows after the table header "
                f"(line {table.header_line}; truncated file?)"
            )
        mode = self.template.mode
        if mode is Mode.FILE:
            return [table.rows]
        if mode is Mode.ROW:
            return [[row] for row in table.rows]
        assert self.template.group_by is not None  # the template checks it
        index = table.column(self.template.group_by)
        groups: dict[str, list[Row]] = {}
        for row in table.rows:
            key = row.get(index)
            if not key:
                raise ConverterError(
                    f"{table.name}: line {row.line}: the group_by column "
                    f"{table.column_name(index)} is empty"
                )
            groups.setdefault(key, []).append(row)
        return list(groups.values())


def _option(argument: Any, from_template: Any, default: Any = None) -> Any:
    """An option's value: the argument, else the template's, else the default."""
    if argument is not None:
        return argument
    return from_template if from_template is not None else default
