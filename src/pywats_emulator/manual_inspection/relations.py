"""Relations of test sequence definitions, their conflicts, and what the stored reports say
about inspections (instance counts, a unit's MI details).

An **instance** of a definition is a stored UUT report whose root sequence call ``path``
(``seqCall.path``, the report's sequence file name) is the definition's name, ignoring letter
case: running a definition produces such a report. A unit's **MI details** come from its UUT
reports (found by serial number): the definitions related to its part number and revision
(from its latest report) and its instances. Rules are in :mod:`.rules`.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.manual_inspection.rules import (
    DEFINITION_KEYS,
    RELATION_KEYS,
    MiValueError,
    clean_relation,
    conflicts,
    relation_matches_unit,
    same_target,
    show,
)
from pywats_emulator.manual_inspection.store import PREFIX, MiStore, bad_request, required_id
from pywats_emulator.processes import ProcessTable

__all__ = ["RelationStore"]

_UNIT_REPORTS = (
    "SELECT id, part_number, revision, process_code, result, start, sw_filename FROM reports"
    " WHERE report_type = 'T' AND serial_number = ? ORDER BY start_key"
)


def _order(relation: Mapping[str, Any]) -> tuple[str, str, int]:
    return (
        str(relation["partNumber"]).casefold(),
        str(relation.get("revision") or "").casefold(),
        relation.get("processCode") or 0,
    )


class RelationStore:
    """Relations and report-based views on top of a :class:`MiStore`."""

    def __init__(self, store: MiStore, processes: ProcessTable) -> None:
        self._store = store
        self._processes = processes

    def _is_test_operation(self, code: int) -> bool:
        process = self._processes.get(code)
        return process is not None and bool(process.is_test_operation)

    def _all(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = conn.execute("SELECT body FROM mi_relations").fetchall()
        return sorted((json.loads(row["body"]) for row in rows), key=_order)

    def _of(self, conn: sqlite3.Connection, definition_id: str) -> list[dict[str, Any]]:
        key = self._store.load_definition(conn, definition_id)["definitionId"]
        return [r for r in self._all(conn) if r["definitionId"] == key]

    # -- reading -------------------------------------------------------------------------------

    def relations(self, definition_id: str) -> list[dict[str, Any]]:
        with self._store.storage.transaction() as conn:
            return [show(r, RELATION_KEYS) for r in self._of(conn, definition_id)]

    def conflicts(self, definition_id: str) -> list[dict[str, Any]]:
        """Relations of other definitions that clash with one of this definition's."""
        with self._store.storage.transaction() as conn:
            found = conflicts(self._of(conn, definition_id), self._all(conn))
        unique = {other["relationId"]: other for _, clashing in found for other in clashing}
        return [show(r, RELATION_KEYS) for r in sorted(unique.values(), key=_order)]

    def conflicts_new(self, definition_id: str) -> list[dict[str, Any]]:
        """``{relation, conflicts}`` per relation of this definition that has conflicts."""
        with self._store.storage.transaction() as conn:
            found = conflicts(self._of(conn, definition_id), self._all(conn))
        return [
            {"relation": show(own, RELATION_KEYS), "conflicts": [show(r, RELATION_KEYS) for r in c]}
            for own, c in found
        ]

    # -- writing -------------------------------------------------------------------------------

    def _save(self, conn: sqlite3.Connection, body: Any, relation_id: str) -> dict[str, Any]:
        try:
            fields = clean_relation(body, self._is_test_operation)
        except MiValueError as exc:
            raise bad_request(exc) from None
        definition = self._store.load_definition(conn, fields["definitionId"])
        relation = {**fields, "relationId": relation_id, "definitionId": definition["definitionId"]}
        for other in self._all(conn):
            same_definition = other["definitionId"] == relation["definitionId"]
            if (
                other["relationId"] != relation_id
                and same_definition
                and same_target(other, relation)
            ):
                raise ApiError(
                    409,
                    f"definition '{definition['name']}' already has this relation "
                    f"({other['relationId']}): change that one with PUT {PREFIX}/PutRelation",
                )
        conn.execute(
            "INSERT INTO mi_relations (relation_id, definition_id, body) VALUES (?, ?, ?)"
            " ON CONFLICT(relation_id) DO UPDATE SET definition_id = excluded.definition_id,"
            " body = excluded.body",
            (relation_id, relation["definitionId"], json.dumps(relation)),
        )
        return show(relation, RELATION_KEYS)

    def _existing(self, conn: sqlite3.Connection, body: Any) -> str:
        key = required_id(body, "relationId", "relation")
        row = conn.execute("SELECT 1 FROM mi_relations WHERE relation_id = ?", (key,)).fetchone()
        if row is None:
            raise ApiError(
                404,
                f"relation {body['relationId']} not found: list a definition's relations with "
                f"GET {PREFIX}/GetRelations/{{definitionId}}",
            )
        return key

    def post(self, body: Any) -> dict[str, Any]:
        with self._store.storage.transaction() as conn:
            return self._save(conn, body, str(uuid.uuid4()))

    def put(self, body: Any) -> dict[str, Any]:
        with self._store.storage.transaction() as conn:
            return self._save(conn, body, self._existing(conn, body))

    def delete(self, body: Any) -> None:
        with self._store.storage.transaction() as conn:
            key = self._existing(conn, body)
            conn.execute("DELETE FROM mi_relations WHERE relation_id = ?", (key,))

    # -- what the reports say ------------------------------------------------------------------

    def instances_count(self, definition_id: str) -> int:
        with self._store.storage.transaction() as conn:
            name = self._store.load_definition(conn, definition_id)["name"].casefold()
            rows = conn.execute(
                "SELECT sw_filename, COUNT(*) AS n FROM reports WHERE report_type = 'T'"
                " AND sw_filename IS NOT NULL GROUP BY sw_filename"
            ).fetchall()
        return sum(int(row["n"]) for row in rows if str(row["sw_filename"]).casefold() == name)

    def _unit(self, serial_number: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The unit (serial, part number, revision), its definitions with their matching
        relations, and its instances."""
        with self._store.storage.transaction() as conn:
            reports = conn.execute(_UNIT_REPORTS, (serial_number,)).fetchall()
            if not reports:
                raise ApiError(
                    404,
                    f"unit '{serial_number}' has no test report: MI details come from a unit's "
                    "UUT reports (POST /api/Report/WSJF); the id is the serial number",
                )
            rows = conn.execute("SELECT body FROM mi_definitions ORDER BY name_key").fetchall()
            definitions = [json.loads(row["body"]) for row in rows]
            relations = self._all(conn)
        latest = reports[-1]
        unit = {
            "serialNumber": serial_number,
            "partNumber": latest["part_number"],
            "revision": latest["revision"],
        }
        by_name = {d["name"].casefold(): d for d in definitions}
        instances = [
            {
                "reportId": report["id"],
                "definitionId": by_name[key]["definitionId"],
                "definitionName": by_name[key]["name"],
                "processCode": report["process_code"],
                "result": report["result"],
                "start": report["start"],
            }
            for report in reports
            if (key := str(report["sw_filename"] or "").casefold()) in by_name
        ]
        entries = []
        for definition in definitions:
            matching = [
                show(r, RELATION_KEYS)
                for r in relations
                if r["definitionId"] == definition["definitionId"]
                and relation_matches_unit(r, unit["partNumber"], unit["revision"] or "")
            ]
            own = [i for i in instances if i["definitionId"] == definition["definitionId"]]
            if matching or own:
                entries.append({"definition": definition, "relations": matching, "instances": own})
        return {**unit, "instances": instances}, entries

    def mi_details(self, serial_number: str) -> dict[str, Any]:
        """The unit, the definitions related to it and its instances (oldest first)."""
        unit, entries = self._unit(serial_number)
        related = [show(e["definition"], DEFINITION_KEYS) for e in entries if e["relations"]]
        return {**unit, "definitions": related}

    def mi_details_new(self, serial_number: str) -> list[dict[str, Any]]:
        """One entry per definition related to the unit or run on it."""
        _, entries = self._unit(serial_number)
        return [
            {
                **{k: entry["definition"].get(k) for k in ("definitionId", "name", "version")},
                "relations": entry["relations"],
                "instanceCount": len(entry["instances"]),
                "lastResult": entry["instances"][-1]["result"] if entry["instances"] else None,
                "lastStart": entry["instances"][-1]["start"] if entry["instances"] else None,
                "instances": entry["instances"],
            }
            for entry in entries
        ]
