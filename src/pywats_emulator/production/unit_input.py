"""Checking one Unit object of ``PUT /api/Production/Units`` before anything is written.

Problems are collected for every unit of the request, so a 400 names all of them at once
(``units[2].processCode: ...``) and a rejected request changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pywats_emulator.datetimes import parse_instant
from pywats_emulator.processes import ProcessTable
from pywats_emulator.product.tags import TagChange, apply_tags
from pywats_emulator.production.phases import resolve_phase
from pywats_emulator.production.unit_rows import UnitKey

__all__ = ["UnitInput", "merge_tags", "parse_unit"]


# JSON key -> column, for plain text attributes.
TEXT_COLUMNS = {
    "revision": "revision",
    "batchNumber": "batch_number",
    "serialDate": "serial_date",
    "currentLocation": "current_location",
    "xmlData": "xml_data",
}
# Server-computed keys: accepted (a client may send back what it read) and ignored.
OUTPUT_ONLY = ("unitPhase", "product", "productRevision", "subUnits")
HANDLED = (
    "serialNumber",
    "partNumber",
    "parentSerialNumber",
    "parentPartNumber",
    "unitPhaseId",
    "processCode",
    "tags",
)
MAX_KEY_LENGTH = 100


@dataclass
class UnitInput:
    """What one Unit object asks to set; ``*_given`` tells "absent" from "set to null"."""

    key: UnitKey
    columns: dict[str, str | None] = field(default_factory=dict)
    phase_id: int | None = None
    process_code: int | None = None
    process_given: bool = False
    parent_serial_number: str | None = None
    parent_part_number: str | None = None
    parent_given: bool = False
    tags: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _text(item: dict[str, Any], name: str, where: str, problems: list[str]) -> str | None:
    value = item.get(name)
    if value is None or isinstance(value, str):
        return value
    problems.append(f"{where}.{name}: expected a string, got {type(value).__name__}")
    return None


def _key_part(item: dict[str, Any], name: str, where: str, problems: list[str]) -> str:
    value = _text(item, name, where, problems)
    if value is None or not value.strip():
        problems.append(f"{where}.{name}: required")
        return ""
    if len(value) > MAX_KEY_LENGTH:
        problems.append(f"{where}.{name}: longer than {MAX_KEY_LENGTH} characters")
    return value.strip()


def _phase(item: dict[str, Any], where: str, problems: list[str]) -> int | None:
    value = item.get("unitPhaseId")
    if value is None and isinstance(item.get("unitPhase"), (str, int)):
        value = item["unitPhase"]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        problems.append(f"{where}.unitPhaseId: expected a phase id")
        return None
    try:
        return resolve_phase(value).phase_id
    except ValueError as exc:
        problems.append(f"{where}.unitPhaseId: {exc}")
        return None


def _process(
    item: dict[str, Any], where: str, processes: ProcessTable, problems: list[str]
) -> int | None:
    value = item.get("processCode")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or processes.get(value) is None:
        codes = ", ".join(str(p.code) for p in processes.all())
        problems.append(f"{where}.processCode: unknown process {value!r} (known codes: {codes})")
        return None
    return value


def _tags(item: dict[str, Any], where: str, problems: list[str]) -> list[dict[str, Any]] | None:
    value = item.get("tags")
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(t, dict) and isinstance(t.get("key"), str) and t["key"] for t in value
    ):
        problems.append(f"{where}.tags: expected a list of {{key, value}} objects")
        return None
    codes = {int(c) for c in TagChange}
    for index, tag in enumerate(value):
        change = tag.get("change")
        if change is not None and (isinstance(change, bool) or change not in codes):
            problems.append(
                f"{where}.tags[{index}].change: must be 0 (none), 1 (add), 2 (update) or "
                f"3 (delete), not {change!r}"
            )
            return None
    return value


def parse_unit(
    item: Any, where: str, processes: ProcessTable, problems: list[str]
) -> UnitInput | None:
    """The checked form of one Unit object (``None`` when it is not even an object)."""
    if not isinstance(item, dict):
        problems.append(f"{where}: expected a Unit object, got {type(item).__name__}")
        return None
    key = UnitKey(
        _key_part(item, "serialNumber", where, problems),
        _key_part(item, "partNumber", where, problems),
    )
    unit = UnitInput(key=key)
    for name, column in TEXT_COLUMNS.items():
        if name in item:
            unit.columns[column] = _text(item, name, where, problems)
    serial_date = unit.columns.get("serial_date")
    if serial_date:
        try:
            parse_instant(serial_date, require_offset=False)
        except ValueError as exc:
            problems.append(f"{where}.serialDate: {exc}")
    unit.phase_id = _phase(item, where, problems)
    unit.process_given = "processCode" in item
    unit.process_code = _process(item, where, processes, problems)
    if "parentSerialNumber" in item:
        unit.parent_given = True
        unit.parent_serial_number = _text(item, "parentSerialNumber", where, problems) or None
        unit.parent_part_number = _text(item, "parentPartNumber", where, problems) or None
    unit.tags = _tags(item, where, problems)
    known = (*TEXT_COLUMNS, *OUTPUT_ONLY, *HANDLED)
    unit.extra = {k: v for k, v in item.items() if k not in known}
    return unit


def merge_tags(current: list[dict[str, Any]], given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tags after a save, by the products' rule (:func:`pywats_emulator.product.tags.apply_tags`):
    a list without ``change`` codes replaces the tags, one with codes is a delta."""
    pairs = apply_tags([(tag["key"], tag.get("value")) for tag in current], given)
    return [{"key": key, "value": value} for key, value in pairs]
