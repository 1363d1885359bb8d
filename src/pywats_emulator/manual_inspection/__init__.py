"""Manual inspection domain of the emulator (wats-api.md §2.10)."""

from __future__ import annotations

from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(sql="", tables=())
"""Tables of this domain (created at start-up, emptied by ``/_emulator/reset``)."""
