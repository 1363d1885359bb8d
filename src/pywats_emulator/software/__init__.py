"""Software domain of the emulator (wats-api.md §2.6): packages, their files, virtual folders.

A package row holds its JSON (without files) next to the columns lookups use; each file of an
uploaded zip is a row with its bytes, size and SHA-256 checksum; package folders (explicit or
needed by uploaded files) and the download log of the internal API have their own tables.
Virtual folders are fixed reference data
(:data:`pywats_emulator.software.folders.VIRTUAL_FOLDERS`), not a table, so a reset keeps them.
"""

from __future__ import annotations

from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(
    sql="""
CREATE TABLE IF NOT EXISTS sw_packages (
    package_id TEXT PRIMARY KEY,
    name_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (name_key, version)
);
CREATE TABLE IF NOT EXISTS sw_files (
    file_id TEXT PRIMARY KEY,
    package_id TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    path TEXT NOT NULL,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    checksum TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    modified_utc TEXT NOT NULL,
    attributes TEXT,
    data BLOB NOT NULL,
    UNIQUE (package_id, entry_key)
);
CREATE INDEX IF NOT EXISTS sw_files_package ON sw_files (package_id);
CREATE TABLE IF NOT EXISTS sw_folders (
    folder_id TEXT PRIMARY KEY,
    package_id TEXT NOT NULL,
    path_key TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (package_id, path_key)
);
CREATE TABLE IF NOT EXISTS sw_downloads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    package_id TEXT NOT NULL,
    client_key TEXT NOT NULL,
    body TEXT NOT NULL
);
""",
    tables=("sw_downloads", "sw_folders", "sw_files", "sw_packages"),
)
"""Tables of this domain (created at start-up, emptied by ``/_emulator/reset``)."""
