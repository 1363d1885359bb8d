"""Parent/child units: add, remove, hierarchy, contents and the assembly check.

A unit has at most one parent; links never form a cycle. Every parent change is recorded in the
unit-changes feed of the child (``newParentSerialNumber``, ``""`` when the parent is removed).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.processes import ProcessTable
from pywats_emulator.production.box_build import (
    ChildRef,
    TemplateLookup,
    product_templates,
    revision_matches,
    template_problems,
)
from pywats_emulator.production.grading import PASSING_STATUSES, VerificationStatus
from pywats_emulator.production.phases import phase_by_id
from pywats_emulator.production.tables import utc_now
from pywats_emulator.production.unit_rows import (
    UnitKey,
    children_of,
    find_unit,
    load_unit,
    record_change,
    render_unit,
    unit_summary,
)
from pywats_emulator.production.verification import unit_verification
from pywats_emulator.storage import Storage

__all__ = [
    "add_child",
    "check_children",
    "hierarchy",
    "link_parent",
    "remove_all_children",
    "remove_child",
    "resolve_parent",
    "unit_contents",
    "unlink_parent",
]

FINALIZED = 16
UNUSABLE_PHASES = (32, 512)  # scrapped, missing
NO_PARENT = ""  # newParentSerialNumber of a removal


def _key(row: sqlite3.Row) -> UnitKey:
    return UnitKey(row["serial_number"], row["part_number"])


def _by_serial_only(conn: sqlite3.Connection, serial_number: str, role: str) -> sqlite3.Row:
    rows = conn.execute(
        "SELECT * FROM production_units WHERE serial_number = ? ORDER BY part_number",
        (serial_number,),
    ).fetchall()
    if not rows:
        raise ApiError(404, f"{role} unit {serial_number!r} not found (no unit has that serial)")
    if len(rows) > 1:
        parts = ", ".join(row["part_number"] for row in rows)
        raise ApiError(
            400,
            f"{role} serial {serial_number!r} is used by several part numbers ({parts}): give one",
        )
    row: sqlite3.Row = rows[0]
    return row


def resolve_parent(
    conn: sqlite3.Connection, serial_number: str, part_number: str | None
) -> UnitKey:
    """The parent named by serial (and part) number; by serial alone only when unambiguous."""
    if part_number:
        return _key(load_unit(conn, UnitKey(serial_number, part_number)))
    return _key(_by_serial_only(conn, serial_number, "parent"))


def _check_no_cycle(conn: sqlite3.Connection, parent: UnitKey, child: UnitKey) -> None:
    if parent == child:
        raise ApiError(400, f"{child} cannot be its own child")
    seen = {parent}
    row = find_unit(conn, parent)
    while row is not None and row["parent_serial_number"] is not None:
        ancestor = UnitKey(row["parent_serial_number"], row["parent_part_number"])
        if ancestor == child:
            raise ApiError(400, f"{child} is an ancestor of {parent}: the link would be a cycle")
        if ancestor in seen:
            break
        seen.add(ancestor)
        row = find_unit(conn, ancestor)


def link_parent(
    conn: sqlite3.Connection,
    parent: UnitKey,
    child: UnitKey,
    *,
    move: bool = False,
    comment: str | None = None,
) -> None:
    """Make ``child`` a child of ``parent`` (409 if it has another parent and not ``move``)."""
    row = load_unit(conn, child)
    current = row["parent_serial_number"], row["parent_part_number"]
    if current == parent.params:
        return
    if current[0] is not None and not move:
        raise ApiError(
            409,
            f"{child} already belongs to unit {current[0]!r} (part number {current[1]!r}): "
            "remove it there first with RemoveChildUnit",
        )
    _check_no_cycle(conn, parent, child)
    conn.execute(
        "UPDATE production_units SET parent_serial_number = ?, parent_part_number = ?,"
        " updated_utc = ? WHERE serial_number = ? AND part_number = ?",
        (*parent.params, utc_now(), *child.params),
    )
    record_change(conn, child, parent=parent.serial_number, comment=comment)


def unlink_parent(conn: sqlite3.Connection, child: UnitKey) -> None:
    row = load_unit(conn, child)
    if row["parent_serial_number"] is None:
        return
    conn.execute(
        "UPDATE production_units SET parent_serial_number = NULL, parent_part_number = NULL,"
        " updated_utc = ? WHERE serial_number = ? AND part_number = ?",
        (utc_now(), *child.params),
    )
    record_change(conn, child, parent=NO_PARENT)


def add_child(
    storage: Storage,
    parent: UnitKey,
    child_serial_number: str,
    child_part_number: str | None,
    *,
    check_part_number: bool = True,
    check_revision: bool = False,
    check_phase: bool = False,
    templates: TemplateLookup = product_templates,
) -> None:
    """Attach a child to a parent, after the checks asked for.

    ``check_part_number``: the child is looked up by serial *and* part number (otherwise by
    serial alone when the part number does not find it) and, when the parent's revision has a
    box build template, its part number must be in it with room left. ``check_revision``: the
    child's revision must fit the template's mask. ``check_phase``: the child is finalized.
    """
    with storage.transaction() as conn:
        parent_row = load_unit(conn, parent)
        child_row = _child_row(conn, child_serial_number, child_part_number, check_part_number)
        template = templates(conn, parent.part_number, parent_row["revision"])
        if template is not None and (check_part_number or check_revision):
            item = next((t for t in template if t.part_number == child_row["part_number"]), None)
            have = [
                c for c in children_of(conn, parent) if c["part_number"] == child_row["part_number"]
            ]
            if item is None or (check_part_number and len(have) >= item.quantity):
                refs = [ChildRef(c["serial_number"], c["part_number"], c["revision"]) for c in have]
                refs.append(ChildRef(child_row["serial_number"], child_row["part_number"], None))
                problems = template_problems(refs, template)
                raise ApiError(400, f"cannot add to {parent}: {'; '.join(problems)}")
            if check_revision and not revision_matches(child_row["revision"], item.revision_mask):
                raise ApiError(
                    400,
                    f"{_key(child_row)} has revision {child_row['revision']!r}; the box build of "
                    f"{parent} wants {item.revision_mask!r}",
                )
        if check_phase and child_row["unit_phase_id"] != FINALIZED:
            phase = phase_by_id(child_row["unit_phase_id"])
            raise ApiError(
                400,
                f"{_key(child_row)} is in phase {phase.name if phase else '?'!r}; only finalized "
                "units can be added with checkPhase=true",
            )
        link_parent(conn, parent, _key(child_row))


def _child_row(
    conn: sqlite3.Connection, serial_number: str, part_number: str | None, strict: bool
) -> sqlite3.Row:
    if part_number:
        try:
            return load_unit(conn, UnitKey(serial_number, part_number))
        except ApiError as exc:
            if strict or exc.status != 404:
                raise
    return _by_serial_only(conn, serial_number, "child")


def remove_child(storage: Storage, parent: UnitKey, child: UnitKey) -> None:
    """Detach a child; 404 when it is not a child of that parent."""
    with storage.transaction() as conn:
        load_unit(conn, parent)
        row = load_unit(conn, child)
        if (row["parent_serial_number"], row["parent_part_number"]) != parent.params:
            raise ApiError(404, f"{child} is not a child of {parent}")
        unlink_parent(conn, child)


def remove_all_children(storage: Storage, parent: UnitKey) -> int:
    """Detach every child; returns how many there were."""
    with storage.transaction() as conn:
        load_unit(conn, parent)
        children = children_of(conn, parent)
        for child in children:
            unlink_parent(conn, _key(child))
        return len(children)


def _require_revision(row: sqlite3.Row, revision: str | None) -> None:
    if revision and row["revision"] != revision:
        raise ApiError(400, f"{_key(row)} has revision {row['revision']!r}, not {revision!r}")


def hierarchy(storage: Storage, key: UnitKey) -> list[dict[str, Any]]:
    """The unit and every unit below it, depth first, each with its ``level`` (0 = the unit)."""
    with storage.transaction() as conn:
        stack = [(load_unit(conn, key), 0)]
        seen: set[UnitKey] = set()
        nodes = []
        while stack:
            row, level = stack.pop()
            if _key(row) in seen:
                continue
            seen.add(_key(row))
            node = unit_summary(row)
            node["parentSerialNumber"] = row["parent_serial_number"]
            node["parentPartNumber"] = row["parent_part_number"]
            node["level"] = level
            nodes.append(node)
            stack.extend((child, level + 1) for child in reversed(children_of(conn, _key(row))))
        return nodes


def unit_contents(storage: Storage, key: UnitKey, revision: str | None) -> list[dict[str, Any]]:
    """The unit's direct children as full Unit objects."""
    with storage.transaction() as conn:
        _require_revision(load_unit(conn, key), revision)
        return [render_unit(conn, child) for child in children_of(conn, key)]


def check_children(
    storage: Storage,
    processes: ProcessTable,
    key: UnitKey,
    revision: str | None,
    templates: TemplateLookup = product_templates,
) -> dict[str, Any]:
    """``CheckChildUnits``: every child usable (not scrapped/missing, not failing its last
    test) and, when a box build template exists, the children match it."""
    with storage.transaction() as conn:
        row = load_unit(conn, key)
        _require_revision(row, revision)
        problems: list[str] = []
        entries = []
        children = children_of(conn, key)
        for child in children:
            child_problems = []
            phase = phase_by_id(child["unit_phase_id"])
            if child["unit_phase_id"] in UNUSABLE_PHASES and phase is not None:
                child_problems.append(f"child {_key(child)} is {phase.name.lower()}")
            verification = unit_verification(conn, processes, _key(child))
            if verification.status is VerificationStatus.FAILED:
                failed = [
                    r.process_name for r in verification.results if r.status not in PASSING_STATUSES
                ]
                child_problems.append(
                    f"child {_key(child)} failed its last run of {', '.join(failed)}"
                )
            entries.append(
                {
                    **unit_summary(child),
                    "status": verification.status.value,
                    "grade": None if verification.grade is None else verification.grade.value,
                    "ok": not child_problems,
                    "problems": child_problems,
                }
            )
            problems.extend(child_problems)
        template = templates(conn, key.part_number, row["revision"])
        if template is not None:
            refs = [ChildRef(c["serial_number"], c["part_number"], c["revision"]) for c in children]
            problems.extend(template_problems(refs, template))
        return {
            "serialNumber": key.serial_number,
            "partNumber": key.part_number,
            "revision": row["revision"],
            "boxBuildDefined": template is not None,
            "childCount": len(children),
            "ok": not problems,
            "children": entries,
            "problems": problems,
        }
