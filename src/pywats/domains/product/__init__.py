"""Product domain (wats-api.md §2.3)."""

from __future__ import annotations

from pywats.domains.product.bom import WSBF_NAMESPACE, BomComponent, build_wsbf
from pywats.domains.product.models import (
    BomItem,
    Product,
    ProductCategory,
    ProductGroup,
    ProductHierarchyItem,
    ProductRevision,
    ProductState,
    ProductWithRelations,
    RevisionRelation,
    Setting,
    SettingChange,
    Vendor,
)
from pywats.domains.product.repository import AsyncProductRepository
from pywats.domains.product.service import AsyncProductService, TagsInput

__all__ = [
    "WSBF_NAMESPACE",
    "AsyncProductRepository",
    "AsyncProductService",
    "BomComponent",
    "BomItem",
    "Product",
    "ProductCategory",
    "ProductGroup",
    "ProductHierarchyItem",
    "ProductRevision",
    "ProductState",
    "ProductWithRelations",
    "RevisionRelation",
    "Setting",
    "SettingChange",
    "TagsInput",
    "Vendor",
    "build_wsbf",
]
