"""Tags of products and revisions: ``[Setting]`` lists of ``key``, ``value``, ``change``.

How a received list changes the stored tags (wats-api.md gives the ``change`` codes only):

* no entry carries a change (all absent or 0): the list **is** the new set of tags
  (what ``PutProductTags``/``PutRevisionTags`` send, or a model read back unchanged);
* some entry carries 1 (add), 2 (update) or 3 (delete): the list is a **delta**. Add and
  update set the key (new keys go last, existing ones keep their place), delete removes it
  (deleting an absent key is a no-op), entries with 0 are unchanged rows and ignored.

Keys are compared exactly (case-sensitive). Stored rows are ``(owner_id, position, key,
value)``, owner = a product or revision id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Any

__all__ = [
    "TAG_SQL",
    "TAG_TABLES",
    "TagChange",
    "apply_tags",
    "read_tags",
    "tags_json",
    "write_tags",
]

TAG_SQL = """
CREATE TABLE IF NOT EXISTS product_tags (
    owner_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (owner_id, position)
);
"""
TAG_TABLES = ("product_tags",)

Tag = tuple[str, "str | None"]


class TagChange(IntEnum):
    """``Setting.change``."""

    NONE = 0
    ADD = 1
    UPDATE = 2
    DELETE = 3


def apply_tags(current: Sequence[Tag], incoming: Iterable[dict[str, Any]]) -> list[Tag]:
    """The tags after applying ``incoming`` (checked Setting objects) to ``current``."""
    entries = list(incoming)
    changes = [TagChange(entry.get("change") or 0) for entry in entries]
    if all(change is TagChange.NONE for change in changes):
        return [(str(entry["key"]), entry.get("value")) for entry in entries]
    result = dict(current)  # dicts keep insertion order: positions are stable
    for entry, change in zip(entries, changes, strict=True):
        key = str(entry["key"])
        if change is TagChange.DELETE:
            result.pop(key, None)
        elif change is not TagChange.NONE:
            result[key] = entry.get("value")
    return list(result.items())


def read_tags(conn: sqlite3.Connection, owner_id: str) -> list[Tag]:
    rows = conn.execute(
        "SELECT key, value FROM product_tags WHERE owner_id = ? ORDER BY position", (owner_id,)
    ).fetchall()
    return [(str(row["key"]), row["value"]) for row in rows]


def write_tags(conn: sqlite3.Connection, owner_id: str, tags: Sequence[Tag]) -> None:
    conn.execute("DELETE FROM product_tags WHERE owner_id = ?", (owner_id,))
    conn.executemany(
        "INSERT INTO product_tags VALUES (?, ?, ?, ?)",
        [(owner_id, i, key, value) for i, (key, value) in enumerate(tags)],
    )


def tags_json(tags: Sequence[Tag]) -> list[dict[str, Any]]:
    """Stored tags as ``[Setting]`` (``change`` 0: as stored)."""
    return [{"key": key, "value": value, "change": int(TagChange.NONE)} for key, value in tags]
