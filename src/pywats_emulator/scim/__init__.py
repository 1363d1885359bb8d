"""SCIM domain of the emulator (wats-api.md §2.9, §8.11): users stored in SQLite.

``users`` builds and checks user resources, ``patch`` applies PatchOp bodies (``replace``
only, as WATS), ``store`` keeps the users; the HTTP side is ``pywats_emulator.routes.scim``.
"""

from __future__ import annotations

from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(
    sql="""
CREATE TABLE IF NOT EXISTS scim_users (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id_key TEXT NOT NULL UNIQUE,
    user_name_key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
);
""",
    tables=("scim_users",),
)
"""Tables of this domain (created at start-up, emptied by ``/_emulator/reset``).

``seq`` keeps creation order for paging; ``id_key`` (lower-case id) and ``user_name_key``
(case-folded ``userName``) make both lookups case-insensitive and ``userName`` unique.
"""
