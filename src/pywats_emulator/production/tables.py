"""SQLite tables of the production domain (created at start-up, emptied by reset).

Units are keyed by serial number + part number (wats-api.md §8.8). Known Unit keys have
columns; unknown keys a client sent are kept as JSON in ``extra`` and returned unchanged.
Unit changes are a feed that integrations read and acknowledge (delete); the state history is
the permanent record of phase/process changes. Serial number pools keep free addresses as
intervals and every number ever taken as a row, so a taken number can never be handed out
again (only ``/_emulator/reset`` forgets them).
"""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["SQL", "TABLES", "utc_now"]

SQL = """
CREATE TABLE IF NOT EXISTS production_units (
    serial_number TEXT NOT NULL,
    part_number TEXT NOT NULL,
    revision TEXT,
    parent_serial_number TEXT,
    parent_part_number TEXT,
    batch_number TEXT,
    serial_date TEXT,
    current_location TEXT,
    xml_data TEXT,
    unit_phase_id INTEGER NOT NULL,
    process_code INTEGER,
    tags TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '{}',
    created_utc TEXT NOT NULL,
    updated_utc TEXT NOT NULL,
    PRIMARY KEY (serial_number, part_number)
);
CREATE INDEX IF NOT EXISTS production_units_parent
    ON production_units (parent_serial_number, parent_part_number);
CREATE TABLE IF NOT EXISTS production_unit_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_serial_number TEXT NOT NULL,
    unit_part_number TEXT NOT NULL,
    new_parent_serial_number TEXT,
    new_part_number TEXT,
    new_revision TEXT,
    new_unit_phase_id INTEGER,
    new_process_code INTEGER,
    comment TEXT,
    changed_utc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS production_unit_states (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    serial_number TEXT NOT NULL,
    part_number TEXT NOT NULL,
    unit_phase_id INTEGER NOT NULL,
    process_code INTEGER,
    comment TEXT,
    changed_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS production_unit_states_unit
    ON production_unit_states (serial_number, part_number);
CREATE TABLE IF NOT EXISTS production_batches (
    batch_id TEXT PRIMARY KEY,
    batch_number TEXT NOT NULL,
    part_number TEXT NOT NULL DEFAULT '',
    batch_size INTEGER,
    extra TEXT NOT NULL DEFAULT '{}',
    UNIQUE (batch_number, part_number)
);
CREATE TABLE IF NOT EXISTS production_sn_pools (
    type_name TEXT PRIMARY KEY,
    created_utc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS production_sn_free (
    type_name TEXT NOT NULL,
    from_address INTEGER NOT NULL,
    to_address INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS production_sn_free_type ON production_sn_free (type_name, from_address);
CREATE TABLE IF NOT EXISTS production_sn_taken (
    type_name TEXT NOT NULL,
    address INTEGER NOT NULL,
    serial_number TEXT NOT NULL,
    taken_utc TEXT NOT NULL,
    reference_serial_number TEXT,
    reference_part_number TEXT,
    station_name TEXT,
    PRIMARY KEY (type_name, address)
);
CREATE INDEX IF NOT EXISTS production_sn_taken_ref
    ON production_sn_taken (type_name, reference_serial_number, reference_part_number);
"""

TABLES = (
    "production_units",
    "production_unit_changes",
    "production_unit_states",
    "production_batches",
    "production_sn_pools",
    "production_sn_free",
    "production_sn_taken",
)


def utc_now() -> str:
    """Server time as stored and returned: ISO 8601 UTC with microseconds and ``Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
