"""Tables each emulator domain adds to the shared SQLite store.

A domain package (``pywats_emulator/<domain>/``) declares its ``SCHEMA``; :data:`DOMAIN_SCHEMAS`
lists them so :class:`~pywats_emulator.state.EmulatorState` creates every table at start-up and
``POST /_emulator/reset`` empties them all, whatever domain they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DomainSchema", "domain_schemas"]


@dataclass(frozen=True)
class DomainSchema:
    """``CREATE ... IF NOT EXISTS`` statements and the tables they create (for reset)."""

    sql: str
    tables: tuple[str, ...]


def domain_schemas() -> tuple[DomainSchema, ...]:
    """Every domain's schema (imported late: domain packages import this module)."""
    from pywats_emulator import (
        analytics,
        asset,
        manual_inspection,
        product,
        production,
        rootcause,
        scim,
        software,
    )

    modules = (product, asset, production, analytics, software, rootcause, scim, manual_inspection)
    return tuple(module.SCHEMA for module in modules)
