"""Test sequence definitions and sequences of the manual inspection API in SQLite.

A definition row holds its JSON next to the columns lookups use and its XAML apart (the
XAML has its own endpoints and can be large). Names are unique ignoring letter case. Every
change raises ``version`` by one and stamps ``modifiedUtc``/``modifiedBy``. Relations and the
views built on reports are in :mod:`.relations`. Every problem becomes an
:class:`~pywats_emulator.errors.ApiError` saying what to do instead.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.manual_inspection.checks import CheckError, check_xaml
from pywats_emulator.manual_inspection.rules import (
    DEFINITION_KEYS,
    SEQUENCE_KEYS,
    SERVER_OWNED,
    MiValueError,
    clean_definition,
    copy_name,
    show,
)
from pywats_emulator.rootcause.store import guid_key, utc_now_text
from pywats_emulator.storage import Storage

__all__ = ["MiStore", "bad_request", "required_id"]

PREFIX = "/api/internal/ManualInspection"


def bad_request(exc: ValueError) -> ApiError:
    """A 400 carrying the message of a rule or check error."""
    return ApiError(400, str(exc))


def required_id(body: Any, key: str, what: str) -> str:
    """The GUID key of ``body[key]``; 400 when the body has none or it is not a GUID."""
    value = body.get(key) if isinstance(body, Mapping) else None
    if not isinstance(value, str):
        raise ApiError(400, f"{key} is required in the body: the {what} to change")
    return guid_key(value, key)


class MiStore:
    """Manual inspection data of one emulator; ``user`` fills ``createdBy``/``modifiedBy``."""

    def __init__(self, storage: Storage, user: str) -> None:
        self.storage = storage
        self.user = user

    def _stamp(self, item: dict[str, Any], *, new: bool) -> None:
        now = utc_now_text()
        if new:
            item.update(version=1, createdUtc=now, createdBy=self.user)
        else:
            item["version"] = int(item.get("version") or 0) + 1
        item.update(modifiedUtc=now, modifiedBy=self.user)

    # -- definitions ---------------------------------------------------------------------------

    def load_definition(self, conn: sqlite3.Connection, definition_id: str) -> dict[str, Any]:
        key = guid_key(definition_id, "definitionId")
        row = conn.execute(
            "SELECT body FROM mi_definitions WHERE definition_id = ?", (key,)
        ).fetchone()
        if row is None:
            raise ApiError(
                404,
                f"test sequence definition {definition_id} not found: list them with "
                f"GET {PREFIX}/GetTestSequenceDefinitions",
            )
        return dict(json.loads(row["body"]))

    def _save_definition(
        self, conn: sqlite3.Connection, item: dict[str, Any], xaml: str | None
    ) -> None:
        clash = conn.execute(
            "SELECT body FROM mi_definitions WHERE name_key = ? AND definition_id != ?",
            (item["name"].casefold(), item["definitionId"]),
        ).fetchone()
        if clash is not None:
            other = json.loads(clash["body"])
            raise ApiError(
                409,
                f"a definition named '{other['name']}' already exists ({other['definitionId']}):"
                f" choose another name (names ignore letter case), or change that one with "
                f"PUT {PREFIX}/PutDefinitionNew",
            )
        conn.execute(
            "INSERT INTO mi_definitions (definition_id, name_key, is_global, xaml, body)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(definition_id) DO UPDATE SET"
            " name_key = excluded.name_key, is_global = excluded.is_global, body = excluded.body",
            (
                item["definitionId"],
                item["name"].casefold(),
                bool(item.get("isGlobal")),
                xaml or "",
                json.dumps(item),
            ),
        )
        if xaml is not None:
            conn.execute(
                "UPDATE mi_definitions SET xaml = ? WHERE definition_id = ?",
                (xaml, item["definitionId"]),
            )

    def _xaml_of(self, body: Any) -> str | None:
        if not isinstance(body, Mapping) or body.get("xaml") is None:
            return None
        try:
            return check_xaml(body["xaml"])
        except CheckError as exc:
            raise bad_request(exc) from None

    def definitions(self, is_global: bool | None) -> list[dict[str, Any]]:
        where, params = ("1 = 1", ()) if is_global is None else ("is_global = ?", (is_global,))
        rows = self.storage.fetch_all(
            f"SELECT body FROM mi_definitions WHERE {where} ORDER BY name_key",  # noqa: S608
            params,
        )
        return [show(json.loads(row["body"]), DEFINITION_KEYS) for row in rows]

    def definition(self, definition_id: str) -> dict[str, Any]:
        with self.storage.transaction() as conn:
            return show(self.load_definition(conn, definition_id), DEFINITION_KEYS)

    def xaml(self, definition_id: str) -> str:
        with self.storage.transaction() as conn:
            return self._xaml_in(conn, self.load_definition(conn, definition_id)["definitionId"])

    def _xaml_in(self, conn: sqlite3.Connection, key: str) -> str:
        row = conn.execute(
            "SELECT xaml FROM mi_definitions WHERE definition_id = ?", (key,)
        ).fetchone()
        return "" if row is None else str(row["xaml"])

    def copy(self, definition_id: str) -> dict[str, Any]:
        """An unsaved copy with a free name and the XAML: POST it to store it."""
        with self.storage.transaction() as conn:
            item = self.load_definition(conn, definition_id)
            taken = {row["name_key"] for row in conn.execute("SELECT name_key FROM mi_definitions")}
            xaml = self._xaml_in(conn, item["definitionId"])
        fields = {k: v for k, v in item.items() if k not in ("definitionId", *SERVER_OWNED)}
        copied = {**fields, "definitionId": None, "name": copy_name(item["name"], taken)}
        return {**show(copied, DEFINITION_KEYS), "xaml": xaml}

    def post_definition(self, body: Any) -> dict[str, Any]:
        try:
            fields = clean_definition(body, id_key="definitionId")
        except MiValueError as exc:
            raise bad_request(exc) from None
        if "name" not in fields:
            raise ApiError(400, "name is required: every definition needs a name")
        xaml = self._xaml_of(body)
        item = {"isGlobal": False, **fields, "definitionId": str(uuid.uuid4())}
        self._stamp(item, new=True)
        with self.storage.transaction() as conn:
            self._save_definition(conn, item, xaml)
        return show(item, DEFINITION_KEYS)

    def put_definition(self, body: Any) -> dict[str, Any]:
        key = required_id(body, "definitionId", "definition")
        try:
            fields = clean_definition(body, id_key="definitionId")
        except MiValueError as exc:
            raise bad_request(exc) from None
        xaml = self._xaml_of(body)
        with self.storage.transaction() as conn:
            item = self.load_definition(conn, key)
            item.update(fields)
            self._stamp(item, new=False)
            self._save_definition(conn, item, xaml)
        return show(item, DEFINITION_KEYS)

    def put_xaml(self, body: Any) -> dict[str, Any]:
        key = required_id(body, "definitionId", "definition")
        if body.get("xaml") is None:
            raise ApiError(400, "xaml is required in the body: the XAML document (a string)")
        xaml = self._xaml_of(body)
        with self.storage.transaction() as conn:
            item = self.load_definition(conn, key)
            self._stamp(item, new=False)
            self._save_definition(conn, item, xaml)
        return show(item, DEFINITION_KEYS)

    def wwf_content(self, definition_id: str) -> dict[str, Any]:
        """What a station runs: the definition's identity and version with its XAML."""
        with self.storage.transaction() as conn:
            item = self.load_definition(conn, definition_id)
            xaml = self._xaml_in(conn, item["definitionId"])
        keys = ("definitionId", "name", "version")
        return {**{key: item.get(key) for key in keys}, "xaml": xaml}

    # -- sequences -----------------------------------------------------------------------------

    def sequences(self) -> list[dict[str, Any]]:
        rows = self.storage.fetch_all("SELECT body FROM mi_sequences ORDER BY name_key")
        return [show(json.loads(row["body"]), SEQUENCE_KEYS) for row in rows]

    def put_sequence(self, body: Any) -> dict[str, Any]:
        """Update by ``sequenceId`` (must exist), else by name; create when the name is new."""
        try:
            fields = clean_definition(body, id_key="sequenceId")
        except MiValueError as exc:
            raise bad_request(exc) from None
        sent_id = body.get("sequenceId")
        with self.storage.transaction() as conn:
            if sent_id is not None:
                row = conn.execute(
                    "SELECT body FROM mi_sequences WHERE sequence_id = ?",
                    (guid_key(str(sent_id), "sequenceId"),),
                ).fetchone()
                if row is None:
                    raise ApiError(
                        404,
                        f"sequence {sent_id} not found: leave sequenceId out to create one",
                    )
            elif "name" in fields:
                row = conn.execute(
                    "SELECT body FROM mi_sequences WHERE name_key = ?",
                    (fields["name"].casefold(),),
                ).fetchone()
            else:
                raise ApiError(400, "name is required: give a sequenceId or a name")
            item = {} if row is None else dict(json.loads(row["body"]))
            item.update(fields)
            if row is None:
                item["sequenceId"] = str(uuid.uuid4())
            self._stamp(item, new=row is None)
            clash = conn.execute(
                "SELECT body FROM mi_sequences WHERE name_key = ? AND sequence_id != ?",
                (item["name"].casefold(), item["sequenceId"]),
            ).fetchone()
            if clash is not None:
                other = json.loads(clash["body"])
                raise ApiError(
                    409,
                    f"a sequence named '{other['name']}' already exists ({other['sequenceId']}):"
                    " choose another name (names ignore letter case)",
                )
            conn.execute(
                "INSERT INTO mi_sequences (sequence_id, name_key, body) VALUES (?, ?, ?)"
                " ON CONFLICT(sequence_id) DO UPDATE SET name_key = excluded.name_key,"
                " body = excluded.body",
                (item["sequenceId"], item["name"].casefold(), json.dumps(item)),
            )
        return show(item, SEQUENCE_KEYS)

    def delete_sequence(self, sequence_id: str) -> None:
        key = guid_key(sequence_id, "sequence id")
        with self.storage.transaction() as conn:
            gone = conn.execute("DELETE FROM mi_sequences WHERE sequence_id = ?", (key,))
            if gone.rowcount == 0:
                raise ApiError(
                    404,
                    f"sequence {sequence_id} not found: list them with GET {PREFIX}/GetSequences",
                )
