"""One bill of materials per product revision, written and read in two forms.

* WSBF XML (``PUT /api/Product/BOM``, wats-api.md §2.3): root ``BOM`` in namespace
  :data:`WSBF_NAMESPACE` with ``Partnumber``, ``Revision``, ``Desc``; ``Component`` children
  with ``Number``, ``Rev``, ``Qty``, ``Desc``, ``Ref`` (``;``-separated references).
* JSON items (internal ``Product/BOM``): ``bomItemId``, ``productRevisionId``,
  ``componentRef``, ``partNumber``, ``description``, ``quantity``, ``manufacturer``,
  ``manufacturerPn``, ``vendor``, ``vendorPn``.

A component maps to an item as ``Number``→``partNumber``, ``Ref``→``componentRef`` (kept as
one string), ``Qty``→``quantity``, ``Desc``→``description``; ``Rev`` (no JSON key in the API)
is kept under ``revision``, other attributes under their own names. Either upload replaces the
whole BOM of the revision. The XML parser refuses DOCTYPE/entity declarations before parsing
(no entity expansion).

This parser is independent of the client's WSBF writer on purpose: tests of one against the
other catch mistakes on either side.
"""

from __future__ import annotations

import json
import math
import sqlite3
from typing import Any

from pywats.core.xmlsafe import XmlRejected, parse_untrusted_xml
from pywats_emulator.errors import ApiError

__all__ = [
    "BOM_SQL",
    "BOM_TABLES",
    "WSBF_NAMESPACE",
    "WsbfBom",
    "parse_wsbf",
    "read_bom",
    "write_bom",
]

WSBF_NAMESPACE = "http://wats.virinco.com/schemas/WATS/wsbf"
BOM_SQL = """
CREATE TABLE IF NOT EXISTS product_bom_items (
    bom_item_id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_revision_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS product_bom_items_revision ON product_bom_items (product_revision_id);
"""
BOM_TABLES = ("product_bom_items",)

_ITEM_KEYS = (
    "bomItemId", "productRevisionId", "componentRef", "partNumber", "description", "quantity",
    "manufacturer", "manufacturerPn", "vendor", "vendorPn",
)  # fmt: skip
_COMPONENT_ATTRS = {"Number", "Rev", "Qty", "Desc", "Ref"}


class WsbfBom:
    """A parsed WSBF document: the revision it is for and its items (JSON form)."""

    def __init__(
        self, part_number: str, revision: str, description: str | None, items: list[dict[str, Any]]
    ) -> None:
        self.part_number = part_number
        self.revision = revision
        self.description = description
        self.items = items


def _bad(message: str) -> ApiError:
    return ApiError(400, f"invalid WSBF: {message}")


def _quantity(text: str | None, where: str) -> int | float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise _bad(f"{where}: Qty {text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise _bad(f"{where}: Qty must be a number >= 0, not {text!r}")
    return int(value) if value.is_integer() else value


def parse_wsbf(data: bytes) -> WsbfBom:
    """Read a WSBF document. Raises a ``400`` saying what is wrong."""
    if not data.strip():
        raise _bad("the body is empty (expected a <BOM> document)")
    try:
        root = parse_untrusted_xml(data)
    except XmlRejected as exc:
        raise _bad(str(exc)) from None
    expected = f"{{{WSBF_NAMESPACE}}}BOM"
    if root.tag != expected:
        raise _bad(f'the root element must be <BOM xmlns="{WSBF_NAMESPACE}">, not {root.tag}')
    part_number = root.get("Partnumber", "").strip()
    revision = root.get("Revision", "").strip()
    if not part_number or not revision:
        raise _bad("<BOM> needs the Partnumber and Revision attributes")
    items = []
    for i, element in enumerate(root):
        where = f"Component[{i}]"
        if element.tag != f"{{{WSBF_NAMESPACE}}}Component":
            raise _bad(f"unexpected element {element.tag} (only <Component> is allowed)")
        number = element.get("Number", "").strip()
        if not number:
            raise _bad(f"{where}: the Number attribute (component part number) is required")
        items.append(
            {
                "componentRef": element.get("Ref"),
                "partNumber": number,
                "description": element.get("Desc"),
                "quantity": _quantity(element.get("Qty"), where),
                "revision": element.get("Rev"),
                # attributes the API does not name are kept under their own names
                **{k: v for k, v in element.attrib.items() if k not in _COMPONENT_ATTRS},
            }
        )
    return WsbfBom(part_number, revision, root.get("Desc"), items)


def write_bom(conn: sqlite3.Connection, revision_id: str, items: list[dict[str, Any]]) -> None:
    """Replace the BOM of a revision (item ids are assigned; given ones are ignored)."""
    conn.execute("DELETE FROM product_bom_items WHERE product_revision_id = ?", (revision_id,))
    kept = [
        {k: v for k, v in item.items() if k not in ("bomItemId", "productRevisionId")}
        for item in items
    ]
    conn.executemany(
        "INSERT INTO product_bom_items (product_revision_id, position, body) VALUES (?, ?, ?)",
        [(revision_id, i, json.dumps(item)) for i, item in enumerate(kept)],
    )


def read_bom(conn: sqlite3.Connection, revision_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM product_bom_items WHERE product_revision_id = ? ORDER BY position",
        (revision_id,),
    ).fetchall()
    items = []
    for row in rows:
        body = json.loads(row["body"])
        body.update(bomItemId=row["bom_item_id"], productRevisionId=revision_id)
        item = {key: body.get(key) for key in _ITEM_KEYS}
        item.update({k: v for k, v in body.items() if k not in item})
        items.append(item)
    return items
