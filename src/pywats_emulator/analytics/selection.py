"""Which stored reports an analytics request looks at: a parsed filter turned into SQL.

One :class:`Selection` per request holds the filter, its date window, and cached look-ups
(product group and product name of a part number). Every user value travels as a SQL
parameter; column names come from the constants below.

Criteria (docs/emulator.md, "Analytics"): string keys match one column with ``LIKE``
alternatives; ``productGroup`` keeps the part numbers whose group (first matching group,
:func:`~pywats_emulator.product.groups.product_group_of`) matches; ``status`` compares the
report result; misc-info and asset keys need a matching side-table row; ``level`` must name a
known level but does not restrict (reports carry no level); ``assetName`` is refused (assets
are stored by serial number only).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pywats_emulator.analytics.filtering import AnalyticsFilter, RunSelector
from pywats_emulator.analytics.matching import LikeMatcher
from pywats_emulator.analytics.periods import DateGrouping, period_label, period_start
from pywats_emulator.errors import ApiError
from pywats_emulator.product.groups import list_groups, product_group_of
from pywats_emulator.storage import REPORT_COLUMNS, RUN_SQL

if TYPE_CHECKING:
    from pywats_emulator.state import EmulatorState

__all__ = ["Selection", "key_of", "moment_of"]

UUT, UUR = "T", "R"
_TEXT_COLUMNS = {
    "serialNumber": "r.serial_number",
    "partNumber": "r.part_number",
    "revision": "r.revision",
    "batchNumber": "r.batch_number",
    "stationName": "r.station_name",
    "swFilename": "r.sw_filename",
    "swVersion": "r.sw_version",
    "socket": "CAST(r.test_socket_index AS TEXT)",
}
# testOperation: the test process name (UUR: the operation the failure happened in) or a code.
_TEST_OPERATION_SQL = "(r.test_operation LIKE ? OR CAST(r.process_code AS TEXT) LIKE ?)"
_RUN_TOTAL_SQL = RUN_SQL.replace(" AND p.start_key <= r.start_key", "")
_COLUMNS = ", ".join(f"r.{name}" for name in ("id_key", *REPORT_COLUMNS, "receive_count"))


def key_of(moment: datetime) -> str:
    """The ``start_key`` text of an instant (fixed width, nine fraction digits, UTC)."""
    utc = moment.astimezone(timezone.utc)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond:06d}000Z"


def moment_of(start_key: str) -> datetime:
    """The instant of a stored ``start_key`` (microsecond precision)."""
    return datetime.strptime(start_key[:26], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=timezone.utc)


def _any_like(sql: str, patterns: Sequence[str], params: list[Any]) -> str:
    params.extend(patterns)
    return "(" + " OR ".join(f"{sql} LIKE ?" for _ in patterns) + ")"


class Selection:
    """The stored reports a filter selects, plus the look-ups analytics need."""

    def __init__(
        self, state: EmulatorState, flt: AnalyticsFilter, *, now: datetime | None = None
    ) -> None:
        self.storage = state.storage
        self.filter = flt
        self.now = now or datetime.now(timezone.utc)
        self.window = flt.window(self.now)
        self._groups: dict[str, str | None] = {}
        self._names: dict[str, str | None] = {}
        self._check_level(state)
        if flt.asset_name:
            raise ApiError(
                400,
                "filter assetName is not supported by the emulator (assets are recorded by"
                " serial number): filter on assetSerialNumber instead",
            )
        self._part_numbers = self._product_group_parts()

    # -- look-ups ------------------------------------------------------------------------------

    def product_group(self, part_number: str | None) -> str | None:
        if part_number is None:
            return None
        if part_number not in self._groups:
            self._groups[part_number] = product_group_of(self.storage, part_number)
        return self._groups[part_number]

    def product_name(self, part_number: str | None) -> str | None:
        if part_number is None:
            return None
        if part_number not in self._names:
            self._names[part_number] = self.storage.product_name(part_number)
        return self._names[part_number]

    def period_of(self, moment: datetime) -> str | None:
        """The ``period`` of an instant under the filter's ``dateGrouping`` (None: no grouping)."""
        grouping = self.filter.date_grouping
        if grouping is DateGrouping.NONE:
            return None
        return period_label(period_start(moment, grouping))

    def _check_level(self, state: EmulatorState) -> None:
        wanted = self.filter.level
        if wanted is None:
            return
        known = {str(level.level_id) for level in state.levels}
        known |= {level.name.lower() for level in state.levels}
        if not all(item.lower() in known for item in wanted.split(";")):
            levels = ", ".join(f"{level.name} ({level.level_id})" for level in state.levels)
            raise ApiError(400, f"filter level {wanted!r} not found; levels: {levels}")

    def _product_group_parts(self) -> list[str] | None:
        patterns = self.filter.product_group
        if not patterns:
            return None
        names = [group.name for group in list_groups(self.storage)]
        known = {name.lower() for name in names}
        for pattern in patterns:
            if "%" not in pattern and "_" not in pattern and pattern.lower() not in known:
                raise ApiError(
                    400,
                    f"filter productGroup {pattern!r} not found; product groups: "
                    f"{', '.join(names)}",
                )
        matcher = LikeMatcher(patterns)
        rows = self.storage.fetch_all("SELECT DISTINCT part_number FROM reports")
        return [
            str(row["part_number"])
            for row in rows
            if matcher.matches(self.product_group(str(row["part_number"])))
        ]

    # -- SQL -------------------------------------------------------------------------------------

    def where(
        self, report_type: str | None, *, dated: bool = True, with_status: bool = True
    ) -> tuple[str, list[Any]]:
        """``WHERE`` text over ``reports AS r`` and its parameters."""
        flt = self.filter
        clauses: list[str] = []
        params: list[Any] = []
        if report_type is not None:
            clauses.append("r.report_type = ?")
            params.append(report_type)
        for key, patterns in flt.text.items():
            if key == "testOperation":
                ors = []
                for pattern in patterns:
                    ors.append(_TEST_OPERATION_SQL)
                    params.extend((pattern, pattern))
                clauses.append("(" + " OR ".join(ors) + ")")
            else:
                clauses.append(_any_like(_TEXT_COLUMNS[key], patterns, params))
        if self._part_numbers is not None:
            marks = ", ".join("?" * len(self._part_numbers)) or "NULL"
            clauses.append(f"r.part_number IN ({marks})")
            params.extend(self._part_numbers)
        if with_status and flt.status is not None:
            clauses.append("r.result = ?")
            params.append(flt.status)
        if flt.misc_description or flt.misc_value:
            inner = ["m.report_id = r.id_key"]
            if flt.misc_description:
                inner.append(_any_like("m.description", flt.misc_description, params))
            if flt.misc_value:
                inner.append(_any_like("m.value", flt.misc_value, params))
            inner_sql = " AND ".join(inner)
            clauses.append(f"EXISTS (SELECT 1 FROM misc_infos AS m WHERE {inner_sql})")  # noqa: S608
        if flt.asset_serial_number:
            like = _any_like("a.serial_number", flt.asset_serial_number, params)
            clauses.append(
                "EXISTS (SELECT 1 FROM report_assets AS a"  # noqa: S608 - values are parameters
                f" WHERE a.report_id = r.id_key AND {like})"
            )
        if dated:
            clauses.append(self.window_sql(params))
        return " AND ".join(clauses) or "1 = 1", params

    def window_sql(self, params: list[Any], column: str = "r.start_key") -> str:
        parts = []
        if self.window.start is not None:
            parts.append(f"{column} >= ?")
            params.append(key_of(self.window.start))
        if self.window.end_exclusive is not None:
            parts.append(f"{column} < ?")
            params.append(key_of(self.window.end_exclusive))
        return " AND ".join(parts) or "1 = 1"

    def reports(
        self,
        report_type: str | None,
        *,
        dated: bool = True,
        with_status: bool = True,
        with_body: bool = False,
        runs: bool = False,
    ) -> list[dict[str, Any]]:
        """Selected reports, oldest first, as column dicts (``body`` parsed when asked).

        With ``runs``, each carries ``run`` (its run number for the unit and process) and
        ``run_total``, and the filter's ``run`` selector applies.
        """
        where, params = self.where(report_type, dated=dated, with_status=with_status)
        columns = _COLUMNS + (", r.body" if with_body else "")
        if runs:
            columns += f", {RUN_SQL} AS run, {_RUN_TOTAL_SQL} AS run_total"
        sql = f"SELECT {columns} FROM reports AS r WHERE {where}"  # noqa: S608 - constants
        selector = self.filter.run
        if runs and selector is RunSelector.LAST:
            sql = f"SELECT * FROM ({sql}) WHERE run = run_total"  # noqa: S608
        elif runs and selector is not RunSelector.ALL:
            sql = f"SELECT * FROM ({sql}) WHERE run = ?"  # noqa: S608
            params.append(int(selector))
        rows = [
            dict(row) for row in self.storage.fetch_all(f"{sql} ORDER BY start_key, id_key", params)
        ]
        if with_body:
            for row in rows:
                row["body"] = json.loads(row["body"])
        return rows

    def by_ids(self, id_keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Reports by id key (whatever the filter), with parsed bodies: e.g. referenced UUTs."""
        wanted = sorted(set(id_keys))
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        sql = f"SELECT {_COLUMNS}, r.body FROM reports AS r WHERE r.id_key IN ({marks})"  # noqa: S608
        found = {}
        for row in self.storage.fetch_all(sql, wanted):
            report = dict(row)
            report["body"] = json.loads(report["body"])
            found[report["id_key"]] = report
        return found

    def unit_runs(self) -> list[dict[str, Any]]:
        """Every UUT run of the units (per process) whose first selected run is in the window.

        Non-date criteria choose the runs; the window applies to each unit's first run only.
        """
        where, params = self.where(UUT, dated=False, with_status=False)
        having = self.window_sql(params, "MIN(start_key)")
        sql = (
            f"WITH sel AS (SELECT {_COLUMNS} FROM reports AS r WHERE {where}),"  # noqa: S608
            " firsts AS (SELECT serial_number, part_number, process_code FROM sel"
            f" GROUP BY serial_number, part_number, process_code HAVING {having})"
            " SELECT sel.* FROM sel JOIN firsts USING (serial_number, part_number, process_code)"
            " ORDER BY sel.start_key, sel.id_key"
        )
        return [dict(row) for row in self.storage.fetch_all(sql, params)]
