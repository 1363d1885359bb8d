"""Reading a delimited text file into key/value header rows and a table (CSV mapping converter).

Line numbers are kept with every row (physical lines of the file, ``skip_rows`` included), so
each error can name the line and column a user has to look at.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from pywats_client.converters.base import ConverterError

from ._csv_template import ColumnRef, TableSpec

__all__ = ["Row", "Table", "detect_delimiter", "read_table"]

_CANDIDATES = ";,\t|"
_SNIFF_CHARS = 65536


@dataclass(frozen=True)
class Row:
    """A non-empty row: its physical line number and its cells (stripped)."""

    line: int
    cells: tuple[str, ...]

    def get(self, index: int) -> str:
        """The cell at a 0-based index; missing cells (short rows) are empty."""
        return self.cells[index] if index < len(self.cells) else ""


@dataclass
class Table:
    """A parsed file: key/value rows above the table, the header and the data rows."""

    name: str
    key_values: dict[str, tuple[str, int]] = field(default_factory=dict)
    header: tuple[str, ...] | None = None
    header_line: int | None = None
    rows: list[Row] = field(default_factory=list)
    by_line: dict[int, Row] = field(default_factory=dict)

    def column(self, ref: ColumnRef) -> int:
        """The 0-based index of a column given by header name or 1-based position."""
        if isinstance(ref, int):
            if ref < 1:
                raise ConverterError(f"{self.name}: column {ref}: positions count from 1")
            return ref - 1
        if self.header is None:
            raise ConverterError(
                f"{self.name}: column {ref!r}: the table has no header row, "
                f"refer to columns by position (1, 2, ...)"
            )
        try:
            return self.header.index(ref)
        except ValueError:
            shown = ", ".join(repr(name) for name in self.header[:20])
            raise ConverterError(
                f"{self.name}: column {ref!r} is not in the table header "
                f"(line {self.header_line}: {shown})"
            ) from None

    def column_name(self, index: int) -> str:
        """How to name a column in messages."""
        if self.header is not None and index < len(self.header) and self.header[index]:
            return repr(self.header[index])
        return str(index + 1)


def detect_delimiter(sample: str, name: str, *, decimal_comma: bool) -> str:
    """The delimiter, found with :class:`csv.Sniffer`, else the most frequent candidate."""
    candidates = _CANDIDATES.replace(",", "") if decimal_comma else _CANDIDATES
    try:
        return csv.Sniffer().sniff(sample[:_SNIFF_CHARS], delimiters=candidates).delimiter
    except csv.Error:
        pass
    first = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {char: first.count(char) for char in candidates}
    best = max(counts, key=lambda char: counts[char])
    if counts[best] == 0:
        raise ConverterError(
            f"{name}: cannot tell the delimiter (none of {candidates!r} on line 1); "
            f"set the 'delimiter' argument"
        )
    return best


def _parse_rows(text: str, delimiter: str, skip_rows: int, name: str) -> list[Row]:
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO("".join(lines[skip_rows:])), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            stripped = tuple(cell.strip() for cell in cells)
            if any(stripped):
                rows.append(Row(skip_rows + start, stripped))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ConverterError(f"{name}: line {skip_rows + reader.line_num}: {exc}") from None
    return rows


def read_table(text: str, *, delimiter: str, skip_rows: int, spec: TableSpec, name: str) -> Table:
    """Split the file into key/value rows, the header row and the data rows."""
    rows = _parse_rows(text, delimiter, skip_rows, name)
    table = Table(name, by_line={row.line: row for row in rows})
    if not rows:
        raise ConverterError(f"{name}: no data (only empty lines after skip_rows={skip_rows})")
    start = 0
    if spec.header_starts_with is not None:
        wanted = spec.header_starts_with.strip()
        found = next((i for i, row in enumerate(rows) if row.get(0) == wanted), None)
        if found is None:
            raise ConverterError(
                f"{name}: no table header: no line starts with {wanted!r} (truncated file?)"
            )
        start = found
    elif spec.header_line is not None:
        found = next((i for i, row in enumerate(rows) if row.line == spec.header_line), None)
        if found is None:
            raise ConverterError(f"{name}: line {spec.header_line} (table header) is empty")
        start = found
    for row in rows[:start]:
        key = row.get(0)
        table.key_values.setdefault(key, (row.get(1), row.line))
    if spec.has_header:
        table.header = rows[start].cells
        table.header_line = rows[start].line
        start += 1
    table.rows = rows[start:]
    return table
