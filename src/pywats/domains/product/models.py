"""Pydantic models of the Product domain (wats-api.md §2.3).

Aliases are the server's exact JSON keys (camelCase; the internal relation endpoints use
PascalCase); Python names are snake_case; unknown keys are kept, so a newer server never breaks
an older client. Ids are kept as text: WATS sends GUIDs, and a client has no use for them other
than sending them back.

Request bodies are written with ``model_dump(mode="json", by_alias=True, exclude_none=True)``
(:func:`to_body`): a field left ``None`` is not sent, so an upsert keeps the stored value.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field

from pywats.domains.analytics.models import ProductGroup as _AppProductGroup
from pywats.domains.report.models.base import WatsModel, WatsNumber

__all__ = [
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
    "Vendor",
    "to_body",
]


class ProductState(IntEnum):
    """``state`` of a product or revision."""

    INACTIVE = 0
    ACTIVE = 1


class SettingChange(IntEnum):
    """``change`` of a tag (:class:`Setting`): what a save does with it."""

    NONE = 0
    ADD = 1
    UPDATE = 2
    DELETE = 3


# A known code loads as the enum, an unknown one stays a plain int.
StateValue = Annotated[ProductState | int, Field(union_mode="left_to_right")]
ChangeValue = Annotated[SettingChange | int, Field(union_mode="left_to_right")]


def to_body(model: BaseModel) -> dict[str, Any]:
    """A model as a request body: JSON keys, ``None`` fields left out."""
    body: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return body


class Setting(WatsModel):
    """A tag: ``key``/``value``; ``change`` says what a save does with it (add, update,
    delete). A list without any ``change`` replaces all tags."""

    key: str
    value: str | None = None
    change: ChangeValue | None = None


class ProductRevision(WatsModel):
    """One revision of a product (key: ``partNumber`` + ``revision``)."""

    revision: str
    part_number: str | None = Field(default=None, alias="partNumber")
    name: str | None = None
    description: str | None = None
    state: StateValue | None = None
    product_revision_id: str | None = Field(default=None, alias="productRevisionId")
    product_id: str | None = Field(default=None, alias="productId")
    xml_data: str | None = Field(default=None, alias="xmlData")
    tags: list[Setting] | None = None


class Product(WatsModel):
    """A product (key: ``partNumber``), with its ``revisions`` when read one by one."""

    part_number: str = Field(alias="partNumber")
    name: str | None = None
    description: str | None = None
    non_serial: bool | None = Field(default=None, alias="nonSerial")
    state: StateValue | None = None
    product_id: str | None = Field(default=None, alias="productId")
    xml_data: str | None = Field(default=None, alias="xmlData")
    product_category_id: str | None = Field(default=None, alias="productCategoryId")
    product_category_name: str | None = Field(default=None, alias="productCategoryName")
    revisions: list[ProductRevision] | None = None
    tags: list[Setting] | None = None

    def revision(self, name: str) -> ProductRevision | None:
        """The revision called ``name`` (case-insensitive, as WATS keys), if loaded."""
        wanted = name.casefold()
        return next((r for r in self.revisions or () if r.revision.casefold() == wanted), None)


class ProductGroup(_AppProductGroup):
    """A product group; ``filters`` are part-number patterns (``%`` any text, ``_`` one
    character) that decide which products belong to it."""

    filters: list[str] | None = None


class Vendor(WatsModel):
    """A component vendor (``/api/Product/Vendors``)."""

    vendor_id: str | None = Field(default=None, alias="vendorId")
    name: str | None = None


class ProductCategory(WatsModel):
    """A product category (internal ``GetProductCategories``). wats-api.md gives no keys; the
    id key is the one Product uses (``productCategoryId``)."""

    product_category_id: str | None = Field(default=None, alias="productCategoryId")
    name: str | None = None
    description: str | None = None


class BomItem(WatsModel):
    """One line of a revision's bill of materials, JSON form (internal ``Product/Bom``)."""

    bom_item_id: int | str | None = Field(default=None, alias="bomItemId")
    product_revision_id: str | None = Field(default=None, alias="productRevisionId")
    component_ref: str | None = Field(default=None, alias="componentRef")
    part_number: str | None = Field(default=None, alias="partNumber")
    description: str | None = None
    quantity: WatsNumber | None = None
    manufacturer: str | None = None
    manufacturer_pn: str | None = Field(default=None, alias="manufacturerPn")
    vendor: str | None = None
    vendor_pn: str | None = Field(default=None, alias="vendorPn")


class RevisionRelation(WatsModel):
    """A parent revision contains ``quantity`` of a child revision (PascalCase keys)."""

    product_revision_relation_id: str | None = Field(
        default=None, alias="ProductRevisionRelationId"
    )
    parent_product_revision_id: str | None = Field(default=None, alias="ParentProductRevisionId")
    product_revision_id: str | None = Field(default=None, alias="ProductRevisionId")
    quantity: int | None = Field(default=None, alias="Quantity")
    item_number: str | int | None = Field(default=None, alias="ItemNumber")
    child_part_number: str | None = Field(default=None, alias="ChildPartNumber")
    child_revision: str | None = Field(default=None, alias="ChildRevision")
    revision_mask: str | None = Field(default=None, alias="RevisionMask")


class ProductHierarchyItem(WatsModel):
    """One row of ``GetProductInfo``: a revision in the tree under the asked one.

    ``level`` 0 is the asked revision; deeper rows carry the relation that puts them there.
    """

    part_number: str | None = Field(default=None, alias="PartNumber")
    revision: str | None = Field(default=None, alias="Revision")
    name: str | None = Field(default=None, alias="Name")
    product_revision_id: str | None = Field(default=None, alias="ProductRevisionId")
    parent_product_revision_id: str | None = Field(default=None, alias="ParentProductRevisionId")
    product_revision_relation_id: str | None = Field(
        default=None, alias="ProductRevisionRelationId"
    )
    quantity: int | None = Field(default=None, alias="Quantity")
    item_number: str | int | None = Field(default=None, alias="ItemNumber")
    revision_mask: str | None = Field(default=None, alias="RevisionMask")
    level: int | None = Field(default=None, alias="Level")


class ProductWithRelations(Product):
    """``GetProductByPN``: the product plus the relations its revisions take part in."""

    revision_relations: list[RevisionRelation] | None = Field(
        default=None, alias="revisionRelations"
    )
