"""Comparing a unit's children with the box build template of its product revision.

A template says which child part numbers a product revision is built from, in what quantity
and which revisions (a mask: ``;`` separates alternatives, ``%`` matches any text, ``_`` one
character, as in WATS filters). Templates belong to the product domain; the emulator looks them
up through a :data:`TemplateLookup` (:func:`product_templates` reads the product domain's revision
relations) so the comparison rules stay pure and testable.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pywats_emulator.product.relations import hierarchy
from pywats_emulator.product.store import find_product, find_revision

__all__ = [
    "ChildRef",
    "RequiredChild",
    "TemplateLookup",
    "product_templates",
    "revision_matches",
    "template_problems",
]


@dataclass(frozen=True)
class RequiredChild:
    part_number: str
    quantity: int = 1
    revision_mask: str | None = None


@dataclass(frozen=True)
class ChildRef:
    serial_number: str
    part_number: str
    revision: str | None


TemplateLookup = Callable[[sqlite3.Connection, str, str | None], Sequence[RequiredChild] | None]
"""``(connection, part number, revision) -> template``, or ``None`` when none is defined."""


def revision_matches(revision: str | None, mask: str | None) -> bool:
    """Whether ``revision`` fits ``mask`` (no mask, or an empty one, accepts anything)."""
    if not mask:
        return True
    for alternative in mask.split(";"):
        pattern = "".join(
            ".*" if c == "%" else "." if c == "_" else re.escape(c) for c in alternative.strip()
        )
        if re.fullmatch(pattern, revision or "", flags=re.IGNORECASE):
            return True
    return False


def template_problems(children: Sequence[ChildRef], template: Sequence[RequiredChild]) -> list[str]:
    """What differs between the children and the template, one readable line each."""
    problems: list[str] = []
    required = {item.part_number: item for item in template}
    counts: dict[str, int] = {}
    for child in children:
        item = required.get(child.part_number)
        if item is None:
            allowed = ", ".join(sorted(required)) or "none"
            problems.append(
                f"child {child.serial_number!r}: part number {child.part_number!r} is not in "
                f"the box build (allowed: {allowed})"
            )
            continue
        counts[child.part_number] = counts.get(child.part_number, 0) + 1
        if not revision_matches(child.revision, item.revision_mask):
            problems.append(
                f"child {child.serial_number!r}: revision {child.revision!r} does not match "
                f"{item.revision_mask!r}"
            )
    for part_number, item in required.items():
        found = counts.get(part_number, 0)
        if found < item.quantity:
            problems.append(f"missing {item.quantity - found} x {part_number!r}")
        elif found > item.quantity:
            problems.append(
                f"{found - item.quantity} x {part_number!r} more than the box build's "
                f"{item.quantity}"
            )
    return problems


def product_templates(
    conn: sqlite3.Connection, part_number: str, revision: str | None
) -> Sequence[RequiredChild] | None:
    """Templates from the product domain: the direct revision relations of the unit's
    product revision. Each child part number needs the sum of its relations' ``Quantity``
    (default 1), in a revision matching their ``RevisionMask`` (or exactly ``ChildRevision``
    when a relation has no mask). ``None`` when the revision is unknown or has no relations.
    """
    product = find_product(conn, part_number)
    found = (
        None
        if product is None or not revision
        else find_revision(conn, product["product_id"], revision)
    )
    if found is None:
        return None
    rows = [row for row in hierarchy(conn, found["product_revision_id"]) if row["Level"] == 1]
    if not rows:
        return None
    quantities: dict[str, int] = {}
    masks: dict[str, list[str]] = {}
    for row in rows:
        child = str(row["PartNumber"])
        quantities[child] = quantities.get(child, 0) + int(row.get("Quantity") or 1)
        masks.setdefault(child, []).append(str(row.get("RevisionMask") or row["Revision"]))
    return [RequiredChild(pn, quantities[pn], ";".join(masks[pn])) for pn in quantities]
