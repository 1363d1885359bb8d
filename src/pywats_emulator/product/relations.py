"""Revision relations (a parent revision contains ``Quantity`` of a child revision).

Bodies and answers are PascalCase (wats-api.md §2.3): ``ProductRevisionRelationId``,
``ParentProductRevisionId``, ``ProductRevisionId`` (the child), ``Quantity``, ``ItemNumber``,
``ChildPartNumber``, ``ChildRevision``, ``RevisionMask``. Emulator rules where the API is
silent: the child may be named by ``ChildPartNumber`` + ``ChildRevision`` instead of its id;
a revision cannot contain itself, a relation that closes a loop is a ``400``, and a second
relation between the same parent and child is a ``409``.

:func:`hierarchy` flattens the tree under a revision (``GetProductInfo``).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.product.store import require_revision

__all__ = [
    "RELATION_SQL",
    "RELATION_TABLES",
    "create_relation",
    "delete_relation",
    "hierarchy",
    "relations_of_product",
    "update_relation",
]

RELATION_SQL = """
CREATE TABLE IF NOT EXISTS product_revision_relations (
    relation_id TEXT PRIMARY KEY,
    parent_revision_id TEXT NOT NULL,
    child_revision_id TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (parent_revision_id, child_revision_id)
);
CREATE INDEX IF NOT EXISTS product_relations_child
    ON product_revision_relations (child_revision_id);
"""
RELATION_TABLES = ("product_revision_relations",)

_OWN_KEYS = ("ProductRevisionRelationId", "ParentProductRevisionId", "ProductRevisionId")
_NAME_SQL = (
    "SELECT r.revision, p.part_number, p.name FROM product_revisions AS r"
    " JOIN products AS p ON p.product_id = r.product_id WHERE r.product_revision_id = ?"
)


def _names(conn: sqlite3.Connection, revision_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(_NAME_SQL, (revision_id,)).fetchone()
    if row is None:
        raise ApiError(
            404,
            f"product revision {revision_id} not found: read revision ids with "
            "GET /api/Product/{partNumber}",
        )
    return row


def _relation_json(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    body = json.loads(row["body"])
    child = _names(conn, row["child_revision_id"])
    out: dict[str, Any] = {
        "ProductRevisionRelationId": row["relation_id"],
        "ParentProductRevisionId": row["parent_revision_id"],
        "ProductRevisionId": row["child_revision_id"],
        "Quantity": body.get("Quantity"),
        "ItemNumber": body.get("ItemNumber"),
        "ChildPartNumber": child["part_number"],
        "ChildRevision": child["revision"],
        "RevisionMask": body.get("RevisionMask"),
    }
    out.update({k: v for k, v in body.items() if k not in out})
    return out


def _child_id(conn: sqlite3.Connection, body: dict[str, Any]) -> str | None:
    if body.get("ProductRevisionId") is not None:
        child_id = str(body["ProductRevisionId"])
        _names(conn, child_id)
        return child_id
    if body.get("ChildPartNumber") is not None and body.get("ChildRevision") is not None:
        row = require_revision(conn, str(body["ChildPartNumber"]), str(body["ChildRevision"]))
        return str(row["product_revision_id"])
    return None


def _descendants(conn: sqlite3.Connection, revision_id: str, skip_relation: str | None) -> set[str]:
    found: set[str] = set()
    pending = [revision_id]
    while pending:
        rows = conn.execute(
            "SELECT child_revision_id, relation_id FROM product_revision_relations"
            " WHERE parent_revision_id = ?",
            (pending.pop(),),
        ).fetchall()
        for row in rows:
            child = str(row["child_revision_id"])
            if row["relation_id"] != skip_relation and child not in found:
                found.add(child)
                pending.append(child)
    return found


def _store(
    conn: sqlite3.Connection,
    relation_id: str,
    parent_id: str,
    child_id: str,
    body: dict[str, Any],
) -> dict[str, Any]:
    if parent_id == child_id:
        raise ApiError(400, "a product revision cannot contain itself (parent = child)")
    if parent_id in _descendants(conn, child_id, relation_id):
        raise ApiError(
            400, "the relation would make a loop: the parent is already part of the child"
        )
    clash = conn.execute(
        "SELECT relation_id FROM product_revision_relations WHERE parent_revision_id = ?"
        " AND child_revision_id = ? AND relation_id != ?",
        (parent_id, child_id, relation_id),
    ).fetchone()
    if clash is not None:
        raise ApiError(
            409,
            f"these revisions are already related (relation {clash['relation_id']}): "
            "update that relation instead",
        )
    kept = {k: v for k, v in body.items() if k not in _OWN_KEYS}
    conn.execute(
        "INSERT INTO product_revision_relations VALUES (?, ?, ?, ?) ON CONFLICT(relation_id)"
        " DO UPDATE SET parent_revision_id = excluded.parent_revision_id,"
        " child_revision_id = excluded.child_revision_id, body = excluded.body",
        (relation_id, parent_id, child_id, json.dumps(kept)),
    )
    row = conn.execute(
        "SELECT * FROM product_revision_relations WHERE relation_id = ?", (relation_id,)
    ).fetchone()
    return _relation_json(conn, row)


def create_relation(conn: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
    """Create a relation from a checked body; returns it with its new id."""
    parent_id = str(body["ParentProductRevisionId"])
    _names(conn, parent_id)
    child_id = _child_id(conn, body)
    assert child_id is not None  # the body check requires a child
    return _store(conn, str(uuid.uuid4()), parent_id, child_id, body)


def update_relation(conn: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
    """Change a relation; keys absent from the body keep their stored values."""
    relation_id = str(body["ProductRevisionRelationId"])
    row = conn.execute(
        "SELECT * FROM product_revision_relations WHERE relation_id = ?", (relation_id,)
    ).fetchone()
    if row is None:
        raise ApiError(404, f"revision relation {relation_id} not found: create it first")
    parent_id = str(body.get("ParentProductRevisionId") or row["parent_revision_id"])
    _names(conn, parent_id)
    child_id = _child_id(conn, body) or str(row["child_revision_id"])
    merged = json.loads(row["body"])
    merged.update({k: v for k, v in body.items() if k not in ("ChildPartNumber", "ChildRevision")})
    return _store(conn, relation_id, parent_id, child_id, merged)


def delete_relation(conn: sqlite3.Connection, relation_id: str) -> None:
    cursor = conn.execute(
        "DELETE FROM product_revision_relations WHERE relation_id = ?", (relation_id,)
    )
    if cursor.rowcount == 0:
        raise ApiError(404, f"revision relation {relation_id} not found")


def relations_of_product(conn: sqlite3.Connection, product_id: str) -> list[dict[str, Any]]:
    """Relations where a revision of the product is the parent or the child."""
    rows = conn.execute(
        "SELECT DISTINCT x.* FROM product_revision_relations AS x"
        " JOIN product_revisions AS r"
        " ON r.product_revision_id IN (x.parent_revision_id, x.child_revision_id)"
        " WHERE r.product_id = ? ORDER BY x.rowid",
        (product_id,),
    ).fetchall()
    return [_relation_json(conn, row) for row in rows]


def hierarchy(conn: sqlite3.Connection, root_revision_id: str) -> list[dict[str, Any]]:
    """The revision and everything below it, depth first, one row per node.

    Row keys (PascalCase, as the relation bodies): ``PartNumber``, ``Revision``, ``Name``,
    ``ProductRevisionId``, ``Level`` (0 = the asked revision), and for children
    ``ParentProductRevisionId``, ``ProductRevisionRelationId``, ``Quantity``, ``ItemNumber``,
    ``RevisionMask``.
    """
    rows: list[dict[str, Any]] = []

    def visit(revision_id: str, level: int, relation: dict[str, Any] | None) -> None:
        names = _names(conn, revision_id)
        rel = relation or {}
        rows.append(
            {
                "PartNumber": names["part_number"],
                "Revision": names["revision"],
                "Name": names["name"],
                "ProductRevisionId": revision_id,
                "ParentProductRevisionId": rel.get("ParentProductRevisionId"),
                "ProductRevisionRelationId": rel.get("ProductRevisionRelationId"),
                "Quantity": rel.get("Quantity"),
                "ItemNumber": rel.get("ItemNumber"),
                "RevisionMask": rel.get("RevisionMask"),
                "Level": level,
            }
        )
        children = conn.execute(
            "SELECT * FROM product_revision_relations WHERE parent_revision_id = ? ORDER BY rowid",
            (revision_id,),
        ).fetchall()
        for child in children:
            visit(str(child["child_revision_id"]), level + 1, _relation_json(conn, child))

    visit(root_revision_id, 0, None)
    return rows
