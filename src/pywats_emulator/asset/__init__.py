"""Asset domain of the emulator (wats-api.md §2.4).

Assets (keyed by ``assetId`` GUID, unique ``serialNumber``), asset types with the limits and
intervals the alarm rule reads (:mod:`.alarm`), the asset log and per-asset files. Dates are
stored as sortable UTC keys (:mod:`.dates`). ``next*Date`` columns are derived from the type's
interval and refreshed whenever an input changes, so OData can filter and sort on them.
"""

from __future__ import annotations

from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

_SQL = """
CREATE TABLE IF NOT EXISTS asset_types (
    type_id TEXT PRIMARY KEY,
    type_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    running_count_limit INTEGER,
    total_count_limit INTEGER,
    maintenance_interval NUMERIC,
    calibration_interval NUMERIC,
    warning_threshold NUMERIC,
    alarm_threshold NUMERIC,
    is_readonly INTEGER NOT NULL DEFAULT 0,
    icon TEXT
);
CREATE TABLE IF NOT EXISTS assets (
    asset_id TEXT PRIMARY KEY,
    serial_number TEXT NOT NULL UNIQUE COLLATE NOCASE,
    type_id TEXT,
    parent_asset_id TEXT,
    asset_name TEXT,
    part_number TEXT,
    revision TEXT,
    client_id INTEGER,
    state INTEGER NOT NULL,
    description TEXT,
    location TEXT,
    first_seen_date TEXT NOT NULL,
    last_seen_date TEXT NOT NULL,
    last_maintenance_date TEXT,
    next_maintenance_date TEXT,
    maintenance_due_external TEXT,
    last_calibration_date TEXT,
    next_calibration_date TEXT,
    calibration_due_external TEXT,
    total_count INTEGER NOT NULL DEFAULT 0,
    running_count INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS assets_parent ON assets (parent_asset_id);
CREATE INDEX IF NOT EXISTS assets_type ON assets (type_id);
CREATE TABLE IF NOT EXISTS asset_log (
    log_id INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    date TEXT NOT NULL,
    user TEXT,
    type INTEGER NOT NULL,
    comment TEXT
);
CREATE INDEX IF NOT EXISTS asset_log_asset ON asset_log (asset_id);
CREATE TABLE IF NOT EXISTS asset_files (
    asset_id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (asset_id, file_name)
);
"""

SCHEMA = DomainSchema(sql=_SQL, tables=("asset_files", "asset_log", "assets", "asset_types"))
"""Tables of this domain (created at start-up, emptied by ``/_emulator/reset``)."""
