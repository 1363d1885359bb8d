"""HTTP calls of the Product domain (wats-api.md §2.3): build the request, check the answer,
parse models.

Method names are the reference client's repository names (``get_all``, ``get_by_part_number``,
``save``...); the service gives them their user-facing names. Internal endpoints
(``/api/internal/Product/...``) get their ``Referer`` header from the HTTP client.

Writes treat ``404`` as an error even in LENIENT mode: there is nothing sensible to return for
a save of a revision whose product does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient, Response
from pywats.core.parsing import parse_rows, path_segment
from pywats.domains.product.models import (
    BomItem,
    Product,
    ProductCategory,
    ProductGroup,
    ProductHierarchyItem,
    ProductRevision,
    ProductWithRelations,
    RevisionRelation,
    Setting,
    Vendor,
    to_body,
)

__all__ = ["AsyncProductRepository"]

PRODUCT_PATH = "/api/Product"
QUERY_PATH = "/api/Product/Query"
PRODUCT_BY_PN_PATH = "/api/Product/{part_number}"
PRODUCTS_PATH = "/api/Product/Products"
REVISION_PATH = "/api/Product/Revision"
REVISIONS_PATH = "/api/Product/Revisions"
GROUPS_PATH = "/api/Product/Groups"
GROUP_PATH = "/api/Product/Group"
BOM_WSBF_PATH = "/api/Product/BOM"
VENDORS_PATH = "/api/Product/Vendors"
VENDOR_PATH = "/api/Product/Vendors/{vendor_id}"
_INTERNAL = "/api/internal/Product"
BOM_GET_PATH = f"{_INTERNAL}/Bom"
BOM_UPLOAD_PATH = f"{_INTERNAL}/BOM"
HIERARCHY_PATH = f"{_INTERNAL}/GetProductInfo"
WITH_RELATIONS_PATH = f"{_INTERNAL}/GetProductByPN"
RELATION_CREATE_PATH = f"{_INTERNAL}/PostProductRevisionRelation"
RELATION_UPDATE_PATH = f"{_INTERNAL}/PutProductRevisionRelation"
RELATION_DELETE_PATH = f"{_INTERNAL}/DeleteProductRevisionRelation"
GROUPS_FOR_PRODUCT_PATH = f"{_INTERNAL}/GetGroupsForProduct"
CATEGORIES_GET_PATH = f"{_INTERNAL}/GetProductCategories"
CATEGORIES_PUT_PATH = f"{_INTERNAL}/PutProductCategories"
PRODUCT_TAGS_GET_PATH = f"{_INTERNAL}/GetProductTags"
PRODUCT_TAGS_PUT_PATH = f"{_INTERNAL}/PutProductTags"
REVISION_TAGS_GET_PATH = f"{_INTERNAL}/GetRevisionTags"
REVISION_TAGS_PUT_PATH = f"{_INTERNAL}/PutRevisionTags"

_XML_HEADERS = {"Content-Type": "application/xml"}
M = TypeVar("M", bound=BaseModel)


def _one(body: Any, model: type[M], operation: str) -> M:
    """One model from an object, or from the first element of a list (both seen)."""
    if isinstance(body, list):
        if not body:
            raise TypeError(f"{operation}: expected a {model.__name__}, got an empty array")
        body = body[0]
    return model.model_validate(body)


class AsyncProductRepository:
    """Builds and parses the Product calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    def _read(self, response: Response, operation: str) -> Any:
        return self._errors.handle(response, operation)

    def _rows(self, response: Response, model: type[M], operation: str) -> list[M]:
        body = self._errors.handle(response, operation, allow_empty=True)
        return parse_rows(body, model, operation)

    # -- products and revisions ------------------------------------------------------------

    async def get_all(self) -> list[Product]:
        """``GET /api/Product/Query``: every product (summaries, no revisions)."""
        return self._rows(await self._http.get(QUERY_PATH), Product, "get_products")

    async def get_by_part_number(self, part_number: str) -> Product | None:
        """``GET /api/Product/{partNumber}``: one product with its revisions."""
        path = PRODUCT_BY_PN_PATH.format(part_number=path_segment(part_number))
        body = self._read(await self._http.get(path), "get_product")
        return None if body is None else Product.model_validate(body)

    async def save(self, product: Product) -> Product:
        """``PUT /api/Product``: upsert on ``partNumber``."""
        response = await self._http.put(PRODUCT_PATH, json=to_body(product))
        return _one(self._errors.handle_write(response, "save_product"), Product, "save_product")

    async def save_bulk(self, products: Sequence[Product]) -> list[Product]:
        """``PUT /api/Product/Products``."""
        response = await self._http.put(PRODUCTS_PATH, json=[to_body(p) for p in products])
        return parse_rows(
            self._errors.handle_write(response, "save_bulk", allow_empty=True), Product, "save_bulk"
        )

    async def get_revision(self, part_number: str, revision: str) -> ProductRevision | None:
        """``GET /api/Product?partNumber=&revision=``."""
        params = {"partNumber": part_number, "revision": revision}
        body = self._read(await self._http.get(PRODUCT_PATH, params=params), "get_revision")
        return None if body is None else ProductRevision.model_validate(body)

    async def save_revision(self, revision: ProductRevision) -> ProductRevision:
        """``PUT /api/Product/Revision``: upsert on ``partNumber`` + ``revision``."""
        response = await self._http.put(REVISION_PATH, json=to_body(revision))
        return _one(
            self._errors.handle_write(response, "save_revision"), ProductRevision, "save_revision"
        )

    async def save_revisions_bulk(
        self, revisions: Sequence[ProductRevision]
    ) -> list[ProductRevision]:
        """``PUT /api/Product/Revisions``."""
        response = await self._http.put(REVISIONS_PATH, json=[to_body(r) for r in revisions])
        body = self._errors.handle_write(response, "save_revisions_bulk", allow_empty=True)
        return parse_rows(body, ProductRevision, "save_revisions_bulk")

    # -- groups, vendors, categories ---------------------------------------------------------

    async def get_groups(self) -> list[ProductGroup]:
        """``GET /api/Product/Groups``."""
        return self._rows(await self._http.get(GROUPS_PATH), ProductGroup, "get_groups")

    async def save_group(self, group: ProductGroup) -> ProductGroup:
        """``PUT /api/Product/Group``."""
        response = await self._http.put(GROUP_PATH, json=to_body(group))
        return _one(self._errors.handle_write(response, "save_group"), ProductGroup, "save_group")

    async def get_groups_for_product(self, part_number: str) -> list[ProductGroup]:
        """``GET /api/internal/Product/GetGroupsForProduct?partNumber=``."""
        response = await self._http.get(GROUPS_FOR_PRODUCT_PATH, params={"partNumber": part_number})
        return self._rows(response, ProductGroup, "get_groups_for_product")

    async def get_vendors(self) -> list[Vendor]:
        """``GET /api/Product/Vendors``."""
        return self._rows(await self._http.get(VENDORS_PATH), Vendor, "get_vendors")

    async def save_vendor(self, vendor: Vendor) -> Vendor:
        """``PUT /api/Product/Vendors``."""
        response = await self._http.put(VENDORS_PATH, json=to_body(vendor))
        return _one(self._errors.handle_write(response, "save_vendor"), Vendor, "save_vendor")

    async def delete_vendor(self, vendor_id: str) -> None:
        """``DELETE /api/Product/Vendors/{vendorId}``."""
        path = VENDOR_PATH.format(vendor_id=path_segment(vendor_id))
        self._errors.handle_write(await self._http.delete(path), "delete_vendor", allow_empty=True)

    async def get_categories(self) -> list[ProductCategory]:
        """``GET /api/internal/Product/GetProductCategories``."""
        response = await self._http.get(CATEGORIES_GET_PATH)
        return self._rows(response, ProductCategory, "get_categories")

    async def save_categories(self, categories: Sequence[ProductCategory]) -> list[ProductCategory]:
        """``PUT /api/internal/Product/PutProductCategories`` with a list."""
        body = [to_body(c) for c in categories]
        response = await self._http.put(CATEGORIES_PUT_PATH, json=body)
        answer = self._errors.handle_write(response, "save_categories", allow_empty=True)
        return parse_rows(answer, ProductCategory, "save_categories")

    # -- BOM ------------------------------------------------------------------------------

    async def update_bom(self, wsbf: str | bytes) -> None:
        """``PUT /api/Product/BOM`` with a WSBF XML document."""
        data = wsbf.encode() if isinstance(wsbf, str) else wsbf
        response = await self._http.put(BOM_WSBF_PATH, content=data, headers=_XML_HEADERS)
        self._errors.handle_write(response, "update_bom", allow_empty=True)

    async def get_bom(self, part_number: str, revision: str) -> list[BomItem]:
        """``GET /api/internal/Product/Bom?partNumber=&revision=``."""
        params = {"partNumber": part_number, "revision": revision}
        return self._rows(await self._http.get(BOM_GET_PATH, params=params), BomItem, "get_bom")

    async def upload_bom(
        self,
        part_number: str,
        revision: str,
        items: Sequence[BomItem],
        *,
        bom_format: str | None = None,
    ) -> list[BomItem]:
        """``PUT /api/internal/Product/BOM?partNumber=&revision=&format=`` with JSON items."""
        params = {"partNumber": part_number, "revision": revision, "format": bom_format}
        body = [to_body(item) for item in items]
        response = await self._http.put(BOM_UPLOAD_PATH, params=params, json=body)
        answer = self._errors.handle_write(response, "upload_bom", allow_empty=True)
        return parse_rows(answer, BomItem, "upload_bom") if isinstance(answer, list) else []

    # -- tags -----------------------------------------------------------------------------

    async def get_product_tags(self, part_number: str) -> list[Setting]:
        """``GET /api/internal/Product/GetProductTags?partNumber=``."""
        response = await self._http.get(PRODUCT_TAGS_GET_PATH, params={"partNumber": part_number})
        return self._rows(response, Setting, "get_product_tags")

    async def set_product_tags(self, part_number: str, tags: Sequence[Setting]) -> list[Setting]:
        """``PUT /api/internal/Product/PutProductTags?partNumber=`` with ``[{key, value}]``."""
        response = await self._http.put(
            PRODUCT_TAGS_PUT_PATH,
            params={"partNumber": part_number},
            json=[to_body(tag) for tag in tags],
        )
        answer = self._errors.handle_write(response, "set_product_tags", allow_empty=True)
        return parse_rows(answer, Setting, "set_product_tags") if isinstance(answer, list) else []

    async def get_revision_tags(self, part_number: str, revision: str) -> list[Setting]:
        """``GET /api/internal/Product/GetRevisionTags?partNumber=&revision=``."""
        params = {"partNumber": part_number, "revision": revision}
        response = await self._http.get(REVISION_TAGS_GET_PATH, params=params)
        return self._rows(response, Setting, "get_revision_tags")

    async def set_revision_tags(
        self, part_number: str, revision: str, tags: Sequence[Setting]
    ) -> list[Setting]:
        """``PUT /api/internal/Product/PutRevisionTags?partNumber=&revision=``."""
        response = await self._http.put(
            REVISION_TAGS_PUT_PATH,
            params={"partNumber": part_number, "revision": revision},
            json=[to_body(tag) for tag in tags],
        )
        answer = self._errors.handle_write(response, "set_revision_tags", allow_empty=True)
        return parse_rows(answer, Setting, "set_revision_tags") if isinstance(answer, list) else []

    # -- relations and hierarchy ---------------------------------------------------------------

    async def create_revision_relation(self, relation: RevisionRelation) -> RevisionRelation:
        """``POST .../PostProductRevisionRelation`` (PascalCase body); the answer is the
        relation or a list holding it."""
        response = await self._http.post(RELATION_CREATE_PATH, json=to_body(relation))
        body = self._errors.handle_write(response, "create_revision_relation")
        return _one(body, RevisionRelation, "create_revision_relation")

    async def update_revision_relation(self, relation: RevisionRelation) -> RevisionRelation:
        """``PUT .../PutProductRevisionRelation``."""
        response = await self._http.put(RELATION_UPDATE_PATH, json=to_body(relation))
        body = self._errors.handle_write(response, "update_revision_relation")
        return _one(body, RevisionRelation, "update_revision_relation")

    async def delete_revision_relation(self, relation_id: str) -> None:
        """``DELETE .../DeleteProductRevisionRelation?productRevisionRelationId=``."""
        response = await self._http.delete(
            RELATION_DELETE_PATH, params={"productRevisionRelationId": relation_id}
        )
        self._errors.handle_write(response, "delete_revision_relation", allow_empty=True)

    async def get_product_hierarchy(
        self, part_number: str, revision: str | None = None
    ) -> list[ProductHierarchyItem]:
        """``GET .../GetProductInfo?partNumber=&revision=``."""
        params = {"partNumber": part_number, "revision": revision}
        response = await self._http.get(HIERARCHY_PATH, params=params)
        return self._rows(response, ProductHierarchyItem, "get_product_hierarchy")

    async def get_product_with_relations(self, part_number: str) -> ProductWithRelations | None:
        """``GET .../GetProductByPN?PN=``."""
        response = await self._http.get(WITH_RELATIONS_PATH, params={"PN": part_number})
        body = self._read(response, "get_product_with_relations")
        return None if body is None else ProductWithRelations.model_validate(body)
