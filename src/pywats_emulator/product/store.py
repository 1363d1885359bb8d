"""Products and revisions: upserts keyed as wats-api.md §8.8 says, and their JSON.

* product key: ``partNumber``; revision key: ``partNumber`` + ``revision``. Both compared
  case-insensitively, as the real server's SQL collation does.
* An upsert merges: keys present in the body (``null`` included) replace stored values, absent
  keys keep them; unknown keys are stored and returned. ``productId`` /
  ``productRevisionId`` are assigned GUIDs (a body may choose them for a new record; an id
  that belongs to another record is a ``409``).
* New products default to ``state`` 1 (active) and ``nonSerial`` false; revisions to state 1.

Every function takes the connection of a transaction the caller holds
(``storage.transaction()``), so a bulk save is all-or-nothing.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.product.tags import apply_tags, read_tags, tags_json, write_tags

__all__ = [
    "PRODUCT_SQL",
    "PRODUCT_TABLES",
    "find_product",
    "find_revision",
    "product_for_revision",
    "product_json",
    "product_name",
    "require_product",
    "require_revision",
    "revision_json",
    "upsert_product",
    "upsert_revision",
]

PRODUCT_SQL = """
CREATE TABLE IF NOT EXISTS products (
    product_id TEXT PRIMARY KEY,
    part_number TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS product_revisions (
    product_revision_id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL,
    revision TEXT NOT NULL COLLATE NOCASE,
    body TEXT NOT NULL,
    UNIQUE (product_id, revision)
);
"""
PRODUCT_TABLES = ("products", "product_revisions")

# Keys every product / revision carries in answers (null when never set), in this order.
_PRODUCT_KEYS = (
    "partNumber", "name", "description", "nonSerial", "state", "productId", "xmlData",
    "productCategoryId", "productCategoryName",
)  # fmt: skip
_REVISION_KEYS = (
    "revision", "name", "description", "state", "productRevisionId", "productId", "xmlData",
    "partNumber",
)  # fmt: skip
_NOT_STORED = ("revisions", "tags", "productId", "productRevisionId", "partNumber", "revision")
_ACTIVE = 1


def _guid() -> str:
    return str(uuid.uuid4())


def _merge(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    merged = dict(stored)
    merged.update({k: v for k, v in incoming.items() if k not in _NOT_STORED})
    return merged


def product_not_found(part_number: str) -> ApiError:
    return ApiError(
        404, f"product {part_number!r} not found: create it with PUT /api/Product first"
    )


def find_product(conn: sqlite3.Connection, part_number: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM products WHERE part_number = ?", (part_number,)
    ).fetchone()
    return row


def require_product(conn: sqlite3.Connection, part_number: str) -> sqlite3.Row:
    """The product row, or ``404`` saying to create the product first."""
    row = find_product(conn, part_number)
    if row is None:
        raise product_not_found(part_number)
    return row


def find_revision(conn: sqlite3.Connection, product_id: str, revision: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM product_revisions WHERE product_id = ? AND revision = ?",
        (product_id, revision),
    ).fetchone()
    return row


def require_revision(conn: sqlite3.Connection, part_number: str, revision: str) -> sqlite3.Row:
    """The revision row of ``part_number``/``revision``, or ``404`` saying what to create."""
    product = require_product(conn, part_number)
    row = find_revision(conn, product["product_id"], revision)
    if row is None:
        raise ApiError(
            404,
            f"revision {revision!r} of product {product['part_number']!r} not found: "
            "create it with PUT /api/Product/Revision first",
        )
    return row


def product_for_revision(conn: sqlite3.Connection, body: dict[str, Any]) -> sqlite3.Row:
    """The product a standalone (checked) revision body names by ``partNumber``/``productId``."""
    part_number, product_id = body.get("partNumber"), body.get("productId")
    if part_number is not None:
        product = require_product(conn, str(part_number))
        if product_id is not None and product_id != product["product_id"]:
            raise ApiError(
                400,
                f"productId {product_id} is not the id of product {part_number!r} "
                f"({product['product_id']}): send one of them, or matching ones",
            )
        return product
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM products WHERE product_id = ?", (product_id,)
    ).fetchone()
    if row is None:
        raise ApiError(
            404, f"product {product_id} not found: create it with PUT /api/Product first"
        )
    return row


def product_name(conn: sqlite3.Connection, part_number: str) -> str | None:
    """The stored product name of a part number (``None`` when unknown or unnamed)."""
    row = find_product(conn, part_number)
    return None if row is None or row["name"] is None else str(row["name"])


def _category_name(conn: sqlite3.Connection, category_id: Any) -> str | None:
    if category_id is None:
        return None
    row = conn.execute(
        "SELECT name FROM product_categories WHERE record_id = ?", (str(category_id),)
    ).fetchone()
    return None if row is None else str(row["name"])


def revision_json(conn: sqlite3.Connection, row: sqlite3.Row, part_number: str) -> dict[str, Any]:
    body = json.loads(row["body"])
    body.update(
        revision=row["revision"],
        productRevisionId=row["product_revision_id"],
        productId=row["product_id"],
        partNumber=part_number,
    )
    out = {key: body.get(key) for key in _REVISION_KEYS}
    out.update({k: v for k, v in body.items() if k not in out})
    out["tags"] = tags_json(read_tags(conn, row["product_revision_id"]))
    return out


def product_json(
    conn: sqlite3.Connection, row: sqlite3.Row, *, with_revisions: bool = True
) -> dict[str, Any]:
    """A product as WATS shows it; ``revisions`` (by revision name) unless summarised."""
    body = json.loads(row["body"])
    body.update(partNumber=row["part_number"], productId=row["product_id"])
    category = _category_name(conn, body.get("productCategoryId"))
    if category is not None:
        body["productCategoryName"] = category
    out = {key: body.get(key) for key in _PRODUCT_KEYS}
    out.update({k: v for k, v in body.items() if k not in out})
    if with_revisions:
        rows = conn.execute(
            "SELECT * FROM product_revisions WHERE product_id = ? ORDER BY revision",
            (row["product_id"],),
        ).fetchall()
        out["revisions"] = [revision_json(conn, r, row["part_number"]) for r in rows]
    out["tags"] = tags_json(read_tags(conn, row["product_id"]))
    return out


def _check_id_owner(
    conn: sqlite3.Connection, sql: str, given: str | None, own: str | None, what: str
) -> None:
    """``409`` when a body's id is not the id of the record its key selects."""
    if given is None or given == own:
        return
    if own is not None:
        raise ApiError(
            409, f"{what} {given} does not match the stored {what} {own}: ids cannot change"
        )
    if conn.execute(sql, (given,)).fetchone() is not None:
        raise ApiError(
            409, f"{what} {given} belongs to another record: leave it out to create a new one"
        )


def _save_tags(conn: sqlite3.Connection, owner_id: str, incoming: Any) -> None:
    if incoming is not None:
        write_tags(conn, owner_id, apply_tags(read_tags(conn, owner_id), incoming))


def upsert_revision(
    conn: sqlite3.Connection, product: sqlite3.Row, body: dict[str, Any]
) -> sqlite3.Row:
    """Insert or merge a (checked) revision of ``product``; returns the stored row."""
    revision = str(body["revision"])
    row = find_revision(conn, product["product_id"], revision)
    given = body.get("productRevisionId")
    _check_id_owner(
        conn,
        "SELECT 1 FROM product_revisions WHERE product_revision_id = ?",
        given,
        None if row is None else row["product_revision_id"],
        "productRevisionId",
    )
    if row is None:
        revision_id = given or _guid()
        stored = _merge({"state": _ACTIVE}, body)
        conn.execute(
            "INSERT INTO product_revisions VALUES (?, ?, ?, ?)",
            (revision_id, product["product_id"], revision, json.dumps(stored)),
        )
    else:
        revision_id = row["product_revision_id"]
        stored = _merge(json.loads(row["body"]), body)
        conn.execute(
            "UPDATE product_revisions SET body = ? WHERE product_revision_id = ?",
            (json.dumps(stored), revision_id),
        )
    _save_tags(conn, revision_id, body.get("tags"))
    saved: sqlite3.Row | None = conn.execute(
        "SELECT * FROM product_revisions WHERE product_revision_id = ?", (revision_id,)
    ).fetchone()
    assert saved is not None
    return saved


def upsert_product(conn: sqlite3.Connection, body: dict[str, Any]) -> sqlite3.Row:
    """Insert or merge a (checked) product, its tags and nested revisions."""
    part_number = str(body["partNumber"])
    row = find_product(conn, part_number)
    given = body.get("productId")
    _check_id_owner(
        conn,
        "SELECT 1 FROM products WHERE product_id = ?",
        given,
        None if row is None else row["product_id"],
        "productId",
    )
    if row is None:
        product_id = given or _guid()
        stored = _merge({"nonSerial": False, "state": _ACTIVE}, body)
        conn.execute(
            "INSERT INTO products VALUES (?, ?, ?, ?)",
            (product_id, part_number, stored.get("name"), json.dumps(stored)),
        )
    else:
        product_id = row["product_id"]
        stored = _merge(json.loads(row["body"]), body)
        conn.execute(
            "UPDATE products SET name = ?, body = ? WHERE product_id = ?",
            (stored.get("name"), json.dumps(stored), product_id),
        )
    _save_tags(conn, product_id, body.get("tags"))
    saved: sqlite3.Row | None = conn.execute(
        "SELECT * FROM products WHERE product_id = ?", (product_id,)
    ).fetchone()
    assert saved is not None
    for revision in body.get("revisions") or ():
        upsert_revision(conn, saved, revision)
    return saved
