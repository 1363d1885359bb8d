"""Production (MES) domain of the emulator (wats-api.md §2.5).

Units and their phases, processes, parents and history; unit verification computed from the
stored reports; serial number pools; batches. Routes: :mod:`pywats_emulator.routes.production`.
"""

from __future__ import annotations

from pywats_emulator.production.tables import SQL, TABLES
from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(sql=SQL, tables=TABLES)
"""Tables of this domain (created at start-up, emptied by ``/_emulator/reset``)."""
