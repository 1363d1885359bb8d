"""``GET /api/Report/Query/Header``: ReportHeader fields, their filters and ``$expand``.

The OData field names are the ReportHeader keys of ``wats-api.md`` §2.1.1 plus the aliases the
reference client filters on (``start`` for ``startUtc``, ``stationName``...). ``result`` is
returned as a word (``Passed``, ``Failed``, ``Error``, ``Terminated``, ``Done``); a filter may use
the word or the WSJF letter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from pywats_emulator.odata import Collection, FieldKind, FilterField, FilterSchema
from pywats_emulator.reports import RESULT_WORDS
from pywats_emulator.storage import RUN_SQL, Storage

__all__ = ["EXPANSIONS", "HEADER_SCHEMA", "SORTABLE", "expand_headers", "header_from_row"]


def _result_word(value: Any) -> Any:
    return RESULT_WORDS.get(value, value) if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _report_type(value: Any) -> Any:
    # The query parameter says U for UUT; headers and the WSJF say T.
    return "T" if value == "U" else value


_S, _N, _D = FieldKind.STRING, FieldKind.NUMBER, FieldKind.DATETIME

# ReportHeader key -> (column, kind, normaliser)
_HEADER_COLUMNS: dict[str, tuple[str, FieldKind, Any]] = {
    "uuid": ("r.id_key", _S, _lower),
    "serialNumber": ("r.serial_number", _S, None),
    "partNumber": ("r.part_number", _S, None),
    "revision": ("r.revision", _S, None),
    "batchNumber": ("r.batch_number", _S, None),
    "reportType": ("r.report_type", _S, _report_type),
    "stationName": ("r.station_name", _S, None),
    "location": ("r.location", _S, None),
    "purpose": ("r.purpose", _S, None),
    "processCode": ("r.process_code", _N, None),
    "processName": ("r.process_name", _S, None),
    "result": ("r.result", _S, _result_word),
    "startUtc": ("r.start_key", _D, None),
    "operator": ("r.operator", _S, None),
    "comment": ("r.comment", _S, None),
    "executionTime": ("r.execution_time", _N, None),
    "swFilename": ("r.sw_filename", _S, None),
    "swVersion": ("r.sw_version", _S, None),
    "testSocketIndex": ("r.test_socket_index", _N, None),
    "fixtureId": ("r.fixture_id", _S, None),
    "run": (RUN_SQL, _N, None),
    "receiveCount": ("r.receive_count", _N, None),
    "reportSize": ("r.report_size", _N, None),
    "causedUutFailure": ("r.caused_uut_failure", _S, None),
    "causedUutFailurePath": ("r.caused_uut_failure_path", _S, None),
    "errorCode": ("r.error_code", _N, None),
    "errorMessage": ("r.error_message", _S, None),
    "referencedUut": ("r.referenced_uut", _S, _lower),
    "testOperation": ("r.test_operation", _S, None),
    "rootNodeType": ("r.root_node_type", _S, None),
}
_ALIASES = {"start": "startUtc", "id": "uuid", "machineName": "stationName"}

_FIELDS = {
    name: FilterField(sql, kind, norm) for name, (sql, kind, norm) in _HEADER_COLUMNS.items()
}
_FIELDS.update({alias: _FIELDS[target] for alias, target in _ALIASES.items()})

_SUB_UNIT_FIELDS = {
    "serialNumber": FilterField("{a}.serial_number", _S),
    "partNumber": FilterField("{a}.part_number", _S),
    "revision": FilterField("{a}.revision", _S),
    "partType": FilterField("{a}.part_type", _S),
}
_MISC_FIELDS = {
    "description": FilterField("{a}.description", _S),
    "value": FilterField("{a}.value", _S),
}
_ASSET_FIELDS = {"serialNumber": FilterField("{a}.serial_number", _S)}
_COLLECTIONS = {
    "subUnits": Collection("sub_units", "report_id", _SUB_UNIT_FIELDS),
    "uurSubUnits": Collection("sub_units", "report_id", _SUB_UNIT_FIELDS),
    "miscInfo": Collection("misc_infos", "report_id", _MISC_FIELDS),
    "uurMiscInfo": Collection("misc_infos", "report_id", _MISC_FIELDS),
    "assets": Collection("report_assets", "report_id", _ASSET_FIELDS),
    "uurAssets": Collection("report_assets", "report_id", _ASSET_FIELDS),
}

HEADER_SCHEMA = FilterSchema(fields=_FIELDS, collections=_COLLECTIONS)
SORTABLE: Mapping[str, str] = {name: f.sql for name, f in _FIELDS.items()}
DEFAULT_ORDER = "r.start_key DESC"

# $expand name -> side table
EXPANSIONS = {
    "subUnits": "sub_units",
    "uurSubUnits": "sub_units",
    "miscInfo": "misc_infos",
    "uurMiscInfo": "misc_infos",
    "assets": "report_assets",
    "uurAssets": "report_assets",
    "attachments": "attachments",
    "uurAttachments": "attachments",
}


def header_from_row(row: sqlite3.Row) -> dict[str, Any]:
    """A ReportHeader object (§2.1.1) from a ``select_reports`` row."""
    return {
        "uuid": row["id"],
        "serialNumber": row["serial_number"],
        "partNumber": row["part_number"],
        "revision": row["revision"],
        "batchNumber": row["batch_number"],
        "reportType": row["report_type"],
        "stationName": row["station_name"],
        "location": row["location"],
        "purpose": row["purpose"],
        "processCode": row["process_code"],
        "processName": row["process_name"],
        "result": row["result"],
        "startUtc": row["start_utc"],
        "operator": row["operator"],
        "comment": row["comment"],
        "executionTime": row["execution_time"],
        "swFilename": row["sw_filename"],
        "swVersion": row["sw_version"],
        "testSocketIndex": row["test_socket_index"],
        "fixtureId": row["fixture_id"],
        "run": row["run"],
        "passedInRun": None,
        "receiveCount": row["receive_count"],
        "reportSize": row["report_size"],
        "causedUutFailure": row["caused_uut_failure"],
        "causedUutFailurePath": row["caused_uut_failure_path"],
        "errorCode": row["error_code"],
        "errorMessage": row["error_message"],
        "referencedUut": row["referenced_uut"],
        "testOperation": row["test_operation"],
        "rootNodeType": row["root_node_type"],
    }


def _expanded_item(table: str, row: sqlite3.Row) -> dict[str, Any]:
    if table == "sub_units":
        return {
            "serialNumber": row["serial_number"],
            "partNumber": row["part_number"],
            "revision": row["revision"],
            "partType": row["part_type"],
        }
    if table == "misc_infos":
        return {"description": row["description"], "value": row["value"]}
    if table == "report_assets":
        return {
            "serialNumber": row["serial_number"],
            "runningCount": row["usage_count"],
            "totalCount": None,
            "daysSinceCalibration": None,
            "calibrationDaysOverdue": None,
        }
    return {
        "attachmentId": row["attachment_id"],
        "stepId": row["step_id"],
        "name": row["name"],
        "contentType": row["content_type"],
        "size": len(row["data"]),
    }


def expand_headers(
    storage: Storage, headers: list[dict[str, Any]], keys: Sequence[str], names: Sequence[str]
) -> None:
    """Add each requested ``$expand`` list to the headers (``keys`` are the report id keys)."""
    for name in names:
        table = EXPANSIONS[name]
        grouped = storage.side_rows(table, keys)
        for header, key in zip(headers, keys, strict=True):
            header[name] = [_expanded_item(table, row) for row in grouped.get(key, [])]
