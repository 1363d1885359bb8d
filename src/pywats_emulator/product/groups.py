"""Product groups: one table behind ``/api/App/ProductGroups`` and ``/api/Product/Groups``.

A group owns part-number filters with SQL ``LIKE`` semantics (``%`` any characters, ``_`` one
character; ASCII case-insensitive, as SQLite's ``LIKE``). A part number belongs to the first
group (lowest id) with a matching filter; analytics use :func:`product_group_of` for the
``productGroup`` dimension and filter.

The table starts from :data:`pywats_emulator.seed.PRODUCT_GROUPS` and is re-seeded whenever it
is empty (a fresh database, or after ``POST /_emulator/reset``), so a reset emulator looks like
a new one. WATS has no endpoint that deletes a group, so "empty" only ever means "not seeded".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pywats_emulator.seed import PRODUCT_GROUPS
from pywats_emulator.storage import Storage

__all__ = [
    "GROUP_SQL",
    "GROUP_TABLES",
    "ProductGroupRow",
    "ensure_groups",
    "groups_of",
    "list_groups",
    "product_group_of",
    "upsert_group",
]

GROUP_SQL = """
CREATE TABLE IF NOT EXISTS product_groups (
    product_group_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE IF NOT EXISTS product_group_filters (
    product_group_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    filter TEXT NOT NULL,
    PRIMARY KEY (product_group_id, position)
);
"""
GROUP_TABLES = ("product_group_filters", "product_groups")


@dataclass(frozen=True)
class ProductGroupRow:
    """A stored product group (id, name and its part-number filters in order)."""

    product_group_id: int
    name: str
    filters: tuple[str, ...] = ()

    def to_public(self, *, include_filters: bool = False) -> dict[str, object]:
        """``productGroupId``/``productGroupName`` (+ ``filters`` when asked)."""
        data: dict[str, object] = {
            "productGroupId": self.product_group_id,
            "productGroupName": self.name,
        }
        if include_filters:
            data["filters"] = list(self.filters)
        return data


def ensure_groups(storage: Storage) -> None:
    """Seed the table from ``PRODUCT_GROUPS`` when it holds no group."""
    if storage.fetch_one("SELECT 1 FROM product_groups LIMIT 1") is not None:
        return
    with storage.transaction() as conn:
        # Checked again under the write lock: another request may have seeded meanwhile.
        if conn.execute("SELECT 1 FROM product_groups LIMIT 1").fetchone() is not None:
            return
        conn.execute("DELETE FROM product_group_filters")
        for group in PRODUCT_GROUPS:
            conn.execute(
                "INSERT INTO product_groups (product_group_id, name) VALUES (?, ?)",
                (group.product_group_id, group.name),
            )
            conn.executemany(
                "INSERT INTO product_group_filters VALUES (?, ?, ?)",
                [(group.product_group_id, i, f) for i, f in enumerate(group.filters)],
            )


def list_groups(storage: Storage) -> list[ProductGroupRow]:
    """Every group, by id, with its filters."""
    ensure_groups(storage)
    filters: dict[int, list[str]] = {}
    for row in storage.fetch_all(
        "SELECT product_group_id, filter FROM product_group_filters"
        " ORDER BY product_group_id, position"
    ):
        filters.setdefault(int(row["product_group_id"]), []).append(str(row["filter"]))
    rows = storage.fetch_all("SELECT product_group_id, name FROM product_groups ORDER BY 1")
    return [
        ProductGroupRow(
            int(row["product_group_id"]),
            str(row["name"]),
            tuple(filters.get(int(row["product_group_id"]), ())),
        )
        for row in rows
    ]


def groups_of(storage: Storage, part_number: str) -> list[ProductGroupRow]:
    """Every group with a filter matching ``part_number`` (by id)."""
    ensure_groups(storage)
    rows = storage.fetch_all(
        "SELECT DISTINCT f.product_group_id FROM product_group_filters AS f WHERE ? LIKE f.filter",
        (part_number,),
    )
    wanted = {int(row["product_group_id"]) for row in rows}
    return [group for group in list_groups(storage) if group.product_group_id in wanted]


def product_group_of(storage: Storage, part_number: str) -> str | None:
    """Name of the first product group (lowest id) whose filters match ``part_number``.

    Matching is SQL ``LIKE`` (``%``, ``_``); ``None`` when no group matches.
    """
    ensure_groups(storage)
    row = storage.fetch_one(
        "SELECT g.name FROM product_groups AS g"
        " JOIN product_group_filters AS f ON f.product_group_id = g.product_group_id"
        " WHERE ? LIKE f.filter ORDER BY g.product_group_id, f.position LIMIT 1",
        (part_number,),
    )
    return None if row is None else str(row["name"])


def upsert_group(
    storage: Storage,
    *,
    group_id: int | None,
    name: str | None,
    filters: Sequence[str] | None,
) -> ProductGroupRow:
    """Create or update a group; the key is ``group_id`` when given, else the name.

    ``name=None`` keeps the stored name (needs ``group_id``); ``filters=None`` keeps the stored
    filters. Raises ``LookupError`` for an id that does not exist and ``ValueError`` when the
    name is taken by another group.
    """
    ensure_groups(storage)
    with storage.transaction() as conn:
        if group_id is None:
            if name is None:
                raise ValueError("a new product group needs a name")
            found = conn.execute(
                "SELECT product_group_id FROM product_groups WHERE name = ?", (name,)
            ).fetchone()
            if found is None:
                cursor = conn.execute("INSERT INTO product_groups (name) VALUES (?)", (name,))
                assert cursor.lastrowid is not None
                group_id = int(cursor.lastrowid)
            else:
                group_id = int(found["product_group_id"])
        else:
            if (
                conn.execute(
                    "SELECT 1 FROM product_groups WHERE product_group_id = ?", (group_id,)
                ).fetchone()
                is None
            ):
                raise LookupError(group_id)
            clash = conn.execute(
                "SELECT 1 FROM product_groups WHERE name = ? AND product_group_id != ?",
                (name, group_id),
            ).fetchone()
            if clash is not None:
                raise ValueError(f"another product group is named {name!r}")
        if name is not None:
            conn.execute(
                "UPDATE product_groups SET name = ? WHERE product_group_id = ?", (name, group_id)
            )
        if filters is not None:
            conn.execute(
                "DELETE FROM product_group_filters WHERE product_group_id = ?", (group_id,)
            )
            conn.executemany(
                "INSERT INTO product_group_filters VALUES (?, ?, ?)",
                [(group_id, i, f) for i, f in enumerate(filters)],
            )
    return next(g for g in list_groups(storage) if g.product_group_id == group_id)
