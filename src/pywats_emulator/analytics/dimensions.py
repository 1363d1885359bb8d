"""The ``dimensions`` filter key: what rows are grouped by and how they are sorted (§4).

``"unitCount desc;partNumber;period"`` groups by ``partNumber`` then ``period`` and sorts by
``unitCount`` descending. Each item is a dimension (a grouping key) or a KPI (only sortable),
optionally followed by ``asc``/``desc``. Names are matched case-insensitively and answered in
their canonical spelling; an unknown name is a 400 that lists the valid ones.

Rows are sorted by the items that carry ``asc``/``desc`` in the order given (else by the
endpoint's default), then by the grouping keys ascending, so the order is always stable.
``None`` values sort last in both directions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pywats_emulator.errors import ApiError

__all__ = [
    "REPAIR_DIMENSIONS",
    "REPAIR_KPIS",
    "YIELD_DIMENSIONS",
    "YIELD_KPIS",
    "DimensionPlan",
    "SortKey",
    "parse_dimensions",
    "sort_rows",
]

YIELD_DIMENSIONS = (
    "partNumber", "productName", "productGroup", "revision", "stationName", "location",
    "purpose", "testOperation", "processCode", "period", "swFilename", "swVersion", "level",
    "batchNumber", "operator", "fixtureId", "socketIndex", "errorCode", "stepCausedUutFailure",
    "stepPathCausedUutFailure", "miscInfoDescription", "miscInfoString", "assetSerialNumber",
    "assetName", "unitType",
)  # fmt: skip
YIELD_KPIS = (
    "unitCount", "fpCount", "spCount", "tpCount", "lpCount", "fpFailCount", "spFailCount",
    "tpFailCount", "lpFailCount", "fpy", "spy", "tpy", "lpy", "ppmFpy", "ppmSpy", "ppmTpy",
    "ppmLpy", "ppmTestYield", "testYieldCount", "testReportCount", "testYield", "retestCount",
    "firstUtc", "lastUtc",
)  # fmt: skip
# The RepairStatistics keys of wats-api.md §2.2 (dimensions) and its KPIs.
REPAIR_DIMENSIONS = (
    "partNumber", "revision", "productGroup", "productName", "unitType", "repairOperation",
    "stationName", "testOperation", "period", "level", "location", "purpose", "operator",
    "miscInfoDescription", "miscInfoString", "repairCategory", "repairType", "componentRef",
    "componentNumber", "componentRevision", "componentVendor", "componentDescription",
    "functionBlock", "referencedStep", "referencedStepPath", "testPeriod", "testLevel",
    "testStationName", "testLocation", "testPurpose", "testOperator", "batchNumber",
    "swFilename", "swVersion", "failCode", "repairCode",
)  # fmt: skip
REPAIR_KPIS = ("repairReportCount", "repairCount", "totalCount", "repairRate")

_ORDERS = {"asc": False, "desc": True}


@dataclass(frozen=True)
class SortKey:
    """Sort rows by ``name``; ``descending`` for ``desc``."""

    name: str
    descending: bool = False


@dataclass(frozen=True)
class DimensionPlan:
    """Grouping keys in order, and the explicit sort keys in order."""

    group_by: tuple[str, ...]
    sort: tuple[SortKey, ...]

    def with_group(self, name: str) -> DimensionPlan:
        """This plan also grouped by ``name`` (appended unless already there)."""
        if name in self.group_by:
            return self
        return DimensionPlan((*self.group_by, name), self.sort)

    def ordering(self, default: Sequence[SortKey] = ()) -> list[SortKey]:
        """Explicit sort keys (else ``default``), then the grouping keys ascending."""
        keys = list(self.sort or default)
        named = {key.name for key in keys}
        keys.extend(SortKey(name) for name in self.group_by if name not in named)
        return keys


def parse_dimensions(
    text: str | None, *, dimensions: Sequence[str], kpis: Sequence[str]
) -> DimensionPlan:
    """Parse a ``dimensions`` string against the names an endpoint knows.

    Raises:
        ApiError: 400 naming the bad item and listing the valid names.
    """
    canonical = {name.lower(): name for name in (*dimensions, *kpis)}
    dimension_names = set(dimensions)
    group_by: list[str] = []
    sort: list[SortKey] = []
    for item in (text or "").split(";"):
        words = item.split()
        if not words:
            continue
        if len(words) > 2 or (len(words) == 2 and words[1].lower() not in _ORDERS):
            raise ApiError(
                400,
                f"dimensions: {item.strip()!r}: sort order {' '.join(words[1:])!r} is not"
                " asc or desc (write e.g. 'unitCount desc;partNumber')",
            )
        name = canonical.get(words[0].lower())
        if name is None:
            raise ApiError(
                400,
                f"dimensions: unknown name {words[0]!r}; valid dimensions: "
                f"{', '.join(dimensions)}; valid KPIs: {', '.join(kpis)}",
            )
        if name in dimension_names and name not in group_by:
            group_by.append(name)
        if len(words) == 2:
            sort.append(SortKey(name, _ORDERS[words[1].lower()]))
    return DimensionPlan(tuple(group_by), tuple(sort))


def sort_rows(rows: Iterable[Mapping[str, Any]], keys: Sequence[SortKey]) -> list[Any]:
    """Rows sorted by ``keys`` (first key most significant), ``None`` last either way."""
    ordered = list(rows)
    for key in reversed(keys):  # stable sorts, least significant first
        name = key.name
        if key.descending:
            ordered.sort(
                key=lambda row: (row.get(name) is not None, _sortable(row.get(name))),
                reverse=True,
            )
        else:
            ordered.sort(key=lambda row: (row.get(name) is None, _sortable(row.get(name))))
    return ordered


def _sortable(value: Any) -> Any:
    # None only meets other Nones (the first tuple item separates them); bools sort as ints.
    return 0 if value is None else value
