"""Vendors (``/api/Product/Vendors``) and product categories (internal ``*ProductCategories``).

wats-api.md gives only ``{name, vendorId?, ...}`` for vendors and "a list" for categories, so
the emulator chooses (documented in docs/emulator.md):

* a vendor is ``{vendorId, name, ...}``, a category ``{productCategoryId, name, description,
  ...}`` (the id key as on Product); unknown keys are kept;
* a save with an id updates that record (or creates it with that id); without an id it
  updates the record with the same name (case-insensitive) or creates one with a new GUID;
* names are required for new records and unique (a second record with the name is a ``409``).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from pywats_emulator.checks import Checker
from pywats_emulator.errors import ApiError
from pywats_emulator.product.validation import raise_problems

__all__ = [
    "CATALOG_SQL",
    "CATALOG_TABLES",
    "CATEGORIES",
    "VENDORS",
    "Catalog",
]

CATALOG_SQL = """
CREATE TABLE IF NOT EXISTS product_vendors (
    record_id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS product_categories (
    record_id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    body TEXT NOT NULL
);
"""
CATALOG_TABLES = ("product_vendors", "product_categories")


@dataclass(frozen=True)
class Catalog:
    """A table of named records with an id key (vendors, categories)."""

    table: str
    id_key: str
    what: str
    keys: tuple[str, ...]

    def _json(self, row: sqlite3.Row) -> dict[str, Any]:
        body = json.loads(row["body"])
        body.update({self.id_key: row["record_id"], "name": row["name"]})
        out = {key: body.get(key) for key in self.keys}
        out.update({k: v for k, v in body.items() if k not in out})
        return out

    def all(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = conn.execute(f"SELECT * FROM {self.table} ORDER BY name").fetchall()  # noqa: S608
        return [self._json(row) for row in rows]

    def get(self, conn: sqlite3.Connection, record_id: str) -> dict[str, Any] | None:
        row = conn.execute(
            f"SELECT * FROM {self.table} WHERE record_id = ?",  # noqa: S608 - fixed name
            (record_id,),
        ).fetchone()
        return None if row is None else self._json(row)

    def check(self, body: Any, where: str = "") -> dict[str, Any]:
        if not isinstance(body, dict):
            raise ApiError(400, f"{where or self.what}: expected a JSON object")
        check = Checker()
        check.string(body, "name", where, non_empty=True, max_len=100)
        record_id = body.get(self.id_key)
        if record_id is not None and (
            isinstance(record_id, bool) or not isinstance(record_id, (str, int))
        ):
            check.add(check.join(where, self.id_key), "expected a string id")
        raise_problems(check.problems, self.what)
        return body

    def save(self, conn: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
        """Upsert one checked record; returns it as stored."""
        record_id = None if body.get(self.id_key) is None else str(body[self.id_key])
        name = body.get("name")
        row: sqlite3.Row | None = None
        if record_id is not None:
            row = conn.execute(
                f"SELECT * FROM {self.table} WHERE record_id = ?",  # noqa: S608 - fixed name
                (record_id,),
            ).fetchone()
        elif name is not None:
            row = conn.execute(
                f"SELECT * FROM {self.table} WHERE name = ?",  # noqa: S608 - fixed name
                (name,),
            ).fetchone()
        if row is None and name is None:
            raise ApiError(400, f"{self.what}: name is required to create a {self.what}")
        stored = {} if row is None else json.loads(row["body"])
        stored.update({k: v for k, v in body.items() if k not in (self.id_key, "name")})
        final_id = record_id or (str(uuid.uuid4()) if row is None else row["record_id"])
        final_name = name if name is not None or row is None else row["name"]
        clash = conn.execute(
            f"SELECT 1 FROM {self.table} WHERE name = ? AND record_id != ?",  # noqa: S608
            (final_name, final_id),
        ).fetchone()
        if clash is not None:
            raise ApiError(
                409,
                f"a {self.what} named {final_name!r} already exists: "
                f"send its {self.id_key} to change it, or choose another name",
            )
        conn.execute(
            f"INSERT INTO {self.table} VALUES (?, ?, ?) ON CONFLICT(record_id) DO UPDATE"  # noqa: S608
            " SET name = excluded.name, body = excluded.body",
            (final_id, final_name, json.dumps(stored)),
        )
        saved = self.get(conn, final_id)
        assert saved is not None
        return saved

    def delete(self, conn: sqlite3.Connection, record_id: str) -> None:
        cursor = conn.execute(
            f"DELETE FROM {self.table} WHERE record_id = ?",  # noqa: S608 - fixed name
            (record_id,),
        )
        if cursor.rowcount == 0:
            raise ApiError(
                404, f"{self.what} {record_id} not found: GET the list to see the valid ids"
            )


VENDORS = Catalog("product_vendors", "vendorId", "vendor", ("vendorId", "name"))
CATEGORIES = Catalog(
    "product_categories",
    "productCategoryId",
    "product category",
    ("productCategoryId", "name", "description"),
)
