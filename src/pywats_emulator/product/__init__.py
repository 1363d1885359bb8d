"""Product domain of the emulator (wats-api.md §2.3): products, revisions, tags, groups,
vendors, categories, BOMs and revision relations, all in the shared SQLite store."""

from __future__ import annotations

from pywats_emulator.product.bom import BOM_SQL, BOM_TABLES
from pywats_emulator.product.catalog import CATALOG_SQL, CATALOG_TABLES
from pywats_emulator.product.groups import GROUP_SQL, GROUP_TABLES
from pywats_emulator.product.relations import RELATION_SQL, RELATION_TABLES
from pywats_emulator.product.store import PRODUCT_SQL, PRODUCT_TABLES
from pywats_emulator.product.tags import TAG_SQL, TAG_TABLES
from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(
    sql=PRODUCT_SQL + TAG_SQL + CATALOG_SQL + GROUP_SQL + BOM_SQL + RELATION_SQL,
    tables=PRODUCT_TABLES
    + TAG_TABLES
    + CATALOG_TABLES
    + GROUP_TABLES
    + BOM_TABLES
    + RELATION_TABLES,
)
"""Tables of this domain (created at start-up, emptied by ``/_emulator/reset``)."""
