"""Dimension values of a stored test report (the grouping keys of yield analytics, §4).

Most come straight from the header columns. The rest are documented choices
(docs/emulator.md): ``period`` is the bucket of the report's start; ``miscInfoDescription`` /
``miscInfoString`` and ``assetSerialNumber`` are the report's first misc info / asset;
``stepPathCausedUutFailure`` is the ``¶`` path of the step flagged ``causedUUTFailure``;
``level``, ``assetName`` and ``unitType`` are ``None`` (the emulator stores no such data).
Side data is fetched once per request, and only for the dimensions asked for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pywats_emulator.analytics.selection import Selection, moment_of
from pywats_emulator.analytics.steps import walk_steps

__all__ = ["COLUMN_OF", "FactReader"]

COLUMN_OF = {
    "partNumber": "part_number",
    "revision": "revision",
    "stationName": "station_name",
    "location": "location",
    "purpose": "purpose",
    "testOperation": "test_operation",
    "processCode": "process_code",
    "swFilename": "sw_filename",
    "swVersion": "sw_version",
    "batchNumber": "batch_number",
    "operator": "operator",
    "fixtureId": "fixture_id",
    "socketIndex": "test_socket_index",
    "errorCode": "error_code",
    "stepCausedUutFailure": "caused_uut_failure",
}
_MISC = ("miscInfoDescription", "miscInfoString")
_CAUSE_PATH = "stepPathCausedUutFailure"


class FactReader:
    """Reads dimension values of report rows (``Selection.reports`` dicts)."""

    def __init__(
        self, selection: Selection, rows: Sequence[Mapping[str, Any]], names: Sequence[str]
    ) -> None:
        self._selection = selection
        ids = [row["id_key"] for row in rows]
        storage = selection.storage
        self._misc: dict[str, tuple[Any, Any]] = {}
        self._asset: dict[str, Any] = {}
        self._cause_path: dict[str, str | None] = {}
        if any(name in _MISC for name in names):
            for key, items in storage.side_rows("misc_infos", ids).items():
                if items:
                    self._misc[key] = (items[0]["description"], items[0]["value"])
        if "assetSerialNumber" in names:
            for key, items in storage.side_rows("report_assets", ids).items():
                if items:
                    self._asset[key] = items[0]["serial_number"]
        if _CAUSE_PATH in names:
            self._cause_path = self._failure_paths(rows)

    def _failure_paths(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, str | None]:
        paths: dict[str, str | None] = {}
        for row in rows:
            if not row.get("caused_uut_failure"):
                continue  # no step was flagged: nothing to look for in the body
            body = row.get("body")
            if body is None:
                body = json.loads(self._selection.storage.report_body(row["id_key"]) or "{}")
            paths[row["id_key"]] = next(
                (v.path for v in walk_steps(body.get("root")) if v.caused_uut_failure), None
            )
        return paths

    def value(self, row: Mapping[str, Any], name: str) -> Any:
        """The value of dimension ``name`` for one report row."""
        column = COLUMN_OF.get(name)
        if column is not None:
            return row[column]
        key = row["id_key"]
        if name == "period":
            return self._selection.period_of(moment_of(row["start_key"]))
        if name == "productName":
            return self._selection.product_name(row["part_number"])
        if name == "productGroup":
            return self._selection.product_group(row["part_number"])
        if name in _MISC:
            misc = self._misc.get(key)
            return None if misc is None else misc[_MISC.index(name)]
        if name == "assetSerialNumber":
            return self._asset.get(key)
        if name == _CAUSE_PATH:
            return self._cause_path.get(key)
        return None  # level, assetName, unitType: not recorded by the emulator
