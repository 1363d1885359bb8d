"""Unit flow: how units move through operations, computed from stored reports (§2.2).

Pure computation (no I/O): :func:`build_unit_flow` takes report rows (test and repair reports,
as :meth:`~pywats_emulator.analytics.selection.Selection.reports` returns them) and a parsed
:class:`~.unit_flow_filter.UnitFlowQuery`. The rules (docs/emulator.md, "Unit flow"):

* A **unit** is a serial number + part number; its reports, oldest first (by start, then id),
  make its path. ``processCodes``, ``location`` and ``purpose`` drop reports first.
* **Nodes**: one per operation (process code) a unit reached: ``id`` is the code as text,
  level 0. An *expanded* operation (``expandOperations``; every operation when ``splitBy`` is
  given without ``expandOperations``) keeps its node (``isExpanded``) and gets one child per
  value of the split column (``splitBy``, default the station): ``id`` ``"<code>/<value>"``,
  ``name`` ``"<process name> (<value>)"``, level 1, ``parentId`` the operation.
* A unit **visits** the deepest node of each report; consecutive reports at the same node are
  one visit (a retest in place). A node counts a unit once: ``passCount`` when its last report
  there passed (Passed or Done), else ``failCount``; ``yieldPercent`` = 100 × pass / units;
  ``avgTime`` = mean ``execTime`` (s) of the node's reports. Parent nodes sum their children.
* **Links** join consecutive visits (unit moved from one node to the next): ``unitCount``
  distinct units, ``passCount``/``failCount`` by the unit's result when it left the source
  (its last traversal), ``avgTime`` = mean seconds from the source visit's last start to the
  target's first start. Parents of expanded operations have no links of their own.
* **Units**: ``status`` = result of the last report, ``startTime`` = first start,
  ``endTime`` = last start + its ``execTime``, ``totalTime`` (s) between them, ``nodePath`` =
  the visited node ids, ``currentNode`` = the last. ``includePassed``/``includeFailed`` drop
  units by that status; ``unitOrder`` sorts them (default ``startTime``).
* **Visibility**: a node is visible unless ``showList`` is given and names neither it nor its
  parent, or ``hideList`` names it or its parent (by id, name or process code, any case). A
  link is visible when both ends are. Hidden nodes and links stay in the answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pywats_emulator.analytics.selection import moment_of
from pywats_emulator.analytics.unit_flow_filter import SplitBy, UnitFlowQuery

__all__ = ["PASSED_RESULTS", "build_unit_flow"]

PASSED_RESULTS = frozenset({"Passed", "Done"})
_NO_VALUE = "(none)"
_PERCENT = 100.0
UnitKey = tuple[str, str]


def _utc_text(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class _Node:
    id: str
    name: str
    process_code: int
    process_name: str | None
    level: int = 0
    parent_id: str | None = None
    split: tuple[SplitBy, str] | None = None
    is_expanded: bool = False
    units: dict[UnitKey, bool] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)

    def names(self) -> set[str]:
        return {self.id.lower(), self.name.lower()}

    def row(self, visible: bool) -> dict[str, Any]:
        passed = sum(self.units.values())
        count = len(self.units)
        split_by, value = self.split if self.split else (None, None)
        return {
            "id": self.id,
            "name": self.name,
            "processCode": self.process_code,
            "processName": self.process_name,
            "stationName": value if split_by is SplitBy.STATION else None,
            "location": value if split_by is SplitBy.LOCATION else None,
            "purpose": value if split_by is SplitBy.PURPOSE else None,
            "unitCount": count,
            "passCount": passed,
            "failCount": count - passed,
            "yieldPercent": _PERCENT * passed / count if count else None,
            "avgTime": _mean(self.times),
            "isExpanded": self.is_expanded,
            "isVisible": visible,
            "level": self.level,
            "parentId": self.parent_id,
        }


@dataclass
class _Link:
    source: _Node
    target: _Node
    units: dict[UnitKey, bool] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)


@dataclass
class _Visit:
    node: _Node
    reports: list[dict[str, Any]]

    @property
    def passed(self) -> bool:
        return self.reports[-1]["result"] in PASSED_RESULTS


class _FlowBuilder:
    def __init__(self, query: UnitFlowQuery) -> None:
        self.query = query
        self.split = query.split_by or SplitBy.STATION
        self.nodes: dict[str, _Node] = {}

    def _expanded(self, code: int, name: str | None) -> bool:
        query = self.query
        if query.expand_all or (query.split_by is not None and not query.expand):
            return True
        wanted = {item.lower() for item in query.expand}
        return str(code) in wanted or (name or "").lower() in wanted

    def node_of(self, report: dict[str, Any]) -> _Node:
        code, name = int(report["process_code"]), report["process_name"]
        parent = self.nodes.get(str(code))
        if parent is None:
            parent = self.nodes[str(code)] = _Node(str(code), name or str(code), code, name)
            parent.is_expanded = self._expanded(code, name)
        if not parent.is_expanded:
            return parent
        value = report[self.split.value] or _NO_VALUE
        child_id = f"{code}/{value}"
        child = self.nodes.get(child_id)
        if child is None:
            child = self.nodes[child_id] = _Node(
                child_id, f"{parent.name} ({value})", code, name, 1, parent.id, (self.split, value)
            )
        return child

    def visible(self, node: _Node) -> bool:
        parent = self.nodes.get(node.parent_id) if node.parent_id else None
        names = node.names() | (parent.names() if parent else set())
        show = {item.lower() for item in self.query.show}
        hide = {item.lower() for item in self.query.hide}
        return (not show or bool(names & show)) and not names & hide


def _visits(builder: _FlowBuilder, reports: Iterable[dict[str, Any]]) -> list[_Visit]:
    visits: list[_Visit] = []
    for report in reports:
        node = builder.node_of(report)
        if visits and visits[-1].node is node:
            visits[-1].reports.append(report)
        else:
            visits.append(_Visit(node, [report]))
    return visits


def _unit_row(key: UnitKey, visits: list[_Visit]) -> dict[str, Any]:
    first, last = visits[0].reports[0], visits[-1].reports[-1]
    start = moment_of(first["start_key"])
    end = moment_of(last["start_key"]) + timedelta(seconds=float(last["execution_time"] or 0))
    return {
        "serialNumber": key[0],
        "partNumber": key[1],
        "revision": last["revision"],
        "status": last["result"],
        "startTime": _utc_text(start),
        "endTime": _utc_text(end),
        "totalTime": (end - start).total_seconds(),
        "nodePath": [visit.node.id for visit in visits],
        "currentNode": visits[-1].node.id,
    }


def _kept(query: UnitFlowQuery, report: dict[str, Any]) -> bool:
    codes = query.process_codes
    return (
        (codes is None or int(report["process_code"]) in codes)
        and query.location.matches(report["location"])
        and query.purpose.matches(report["purpose"])
    )


_TIME_KEYS = frozenset({"startTime", "endTime"})


def _sort_units(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    def value(row: dict[str, Any]) -> Any:
        if key in _TIME_KEYS:  # ISO text with and without fractions does not sort as text
            return datetime.fromisoformat(row[key].replace("Z", "+00:00"))
        return row[key]

    present = [row for row in rows if row[key] is not None]
    missing = [row for row in rows if row[key] is None]
    present.sort(key=lambda row: (value(row), row["serialNumber"]), reverse=descending)
    return present + missing  # nulls last, as the analytics sorts do


def _count_visits(builder: _FlowBuilder, key: UnitKey, visits: list[_Visit]) -> None:
    for visit in visits:
        times = [
            float(r["execution_time"]) for r in visit.reports if r["execution_time"] is not None
        ]
        parent = builder.nodes.get(visit.node.parent_id or "")
        for node in (visit.node, parent) if parent else (visit.node,):
            node.units[key] = visit.passed  # the last visit decides
            node.times.extend(times)


def _count_links(links: dict[tuple[str, str], _Link], key: UnitKey, visits: list[_Visit]) -> None:
    for source, target in itertools.pairwise(visits):
        link = links.setdefault((source.node.id, target.node.id), _Link(source.node, target.node))
        link.units[key] = source.passed  # the last traversal decides
        left = moment_of(source.reports[-1]["start_key"])
        link.times.append((moment_of(target.reports[0]["start_key"]) - left).total_seconds())


def build_unit_flow(reports: Iterable[dict[str, Any]], query: UnitFlowQuery) -> dict[str, Any]:
    """The unit flow object: ``nodes``, ``links``, ``units``, ``totalUnits``."""
    by_unit: dict[UnitKey, list[dict[str, Any]]] = {}
    for report in reports:
        if _kept(query, report):
            key = (report["serial_number"], report["part_number"])
            by_unit.setdefault(key, []).append(report)
    builder = _FlowBuilder(query)
    links: dict[tuple[str, str], _Link] = {}
    units: list[dict[str, Any]] = []
    for key, unit_reports in by_unit.items():
        unit_reports.sort(key=lambda r: (r["start_key"], r["id"]))
        passed = unit_reports[-1]["result"] in PASSED_RESULTS
        if not (query.include_passed if passed else query.include_failed):
            continue
        visits = _visits(builder, unit_reports)
        _count_visits(builder, key, visits)
        _count_links(links, key, visits)
        units.append(_unit_row(key, visits))
    return _answer(builder, links, units, query)


def _answer(
    builder: _FlowBuilder,
    links: dict[tuple[str, str], _Link],
    units: list[dict[str, Any]],
    query: UnitFlowQuery,
) -> dict[str, Any]:
    ordered = sorted(builder.nodes.values(), key=lambda n: (n.process_code, n.level, n.name))
    visible = {node.id: builder.visible(node) for node in ordered}
    rank = {node.id: index for index, node in enumerate(ordered)}
    link_rows = []
    for link in sorted(links.values(), key=lambda k: (rank[k.source.id], rank[k.target.id])):
        passed = sum(link.units.values())
        link_rows.append(
            {
                "id": f"{link.source.id}->{link.target.id}",
                "sourceId": link.source.id,
                "targetId": link.target.id,
                "sourceName": link.source.name,
                "targetName": link.target.name,
                "unitCount": len(link.units),
                "passCount": passed,
                "failCount": len(link.units) - passed,
                "avgTime": _mean(link.times),
                "isVisible": visible[link.source.id] and visible[link.target.id],
            }
        )
    return {
        "nodes": [node.row(visible[node.id]) for node in ordered],
        "links": link_rows,
        "units": _sort_units(units, query.order_key, query.order_descending),
        "totalUnits": len(units),
    }
