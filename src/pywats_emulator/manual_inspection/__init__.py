"""Manual inspection domain of the emulator (wats-api.md §2.10, internal API).

Test sequence definitions (JSON plus their XAML), the relations that bind them to part
numbers, revisions and processes, and reusable sequences, each a table holding the object's
JSON next to the columns lookups use. Instances and a unit's MI details are read from the
stored reports. Routes: :mod:`pywats_emulator.routes.manual_inspection`; choices in
``docs/emulator.md``, *Manual inspection*.
"""

from __future__ import annotations

from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(
    sql="""
CREATE TABLE IF NOT EXISTS mi_definitions (
    definition_id TEXT PRIMARY KEY,
    name_key TEXT NOT NULL UNIQUE,
    is_global INTEGER NOT NULL,
    xaml TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mi_relations (
    relation_id TEXT PRIMARY KEY,
    definition_id TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mi_relations_definition ON mi_relations (definition_id);
CREATE TABLE IF NOT EXISTS mi_sequences (
    sequence_id TEXT PRIMARY KEY,
    name_key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
);
""",
    tables=("mi_relations", "mi_sequences", "mi_definitions"),
)
"""Tables of this domain (created at start-up, emptied by ``/_emulator/reset``)."""
