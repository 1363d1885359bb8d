"""Product endpoints (wats-api.md §2.3): ``/api/Product/...`` and ``/api/internal/Product/...``.

Handlers only parse the request and hold the transaction; the rules live in
:mod:`pywats_emulator.product`. Bulk saves run in one transaction: all saved or none.
"""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body, raw_body
from pywats_emulator.checks import Checker
from pywats_emulator.errors import ApiError
from pywats_emulator.product import bom, groups, relations, store
from pywats_emulator.product.catalog import CATEGORIES, VENDORS
from pywats_emulator.product.tags import apply_tags, read_tags, tags_json, write_tags
from pywats_emulator.product.validation import (
    check_bom_items,
    check_product,
    check_relation,
    check_revision,
    check_tags,
    raise_problems,
    require_list,
    require_object,
)
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

State = Annotated[EmulatorState, Depends(get_state)]
Body = Annotated[Any, Depends(json_body)]
PartNumber = Annotated[str, Query(alias="partNumber", min_length=1)]
Revision = Annotated[str, Query(alias="revision", min_length=1)]

router = APIRouter()


def _no_content() -> Response:
    return Response(status_code=204)


# -- products and revisions -------------------------------------------------------------------


def _checked(body: Any, what: str, *, single: bool, revision: bool) -> list[dict[str, Any]]:
    """Check one object (``single``) or an array of them; every problem in one ``400``."""
    check = Checker()
    items = [require_object(body, f"a {what}")] if single else require_list(body, f"{what}s")
    for i, item in enumerate(items):
        base = "" if single else f"[{i}]"
        if not isinstance(item, dict):
            check.add(base, f"expected a {what} object")
        elif revision:
            check_revision(check, item, base, nested=False)
        else:
            check_product(check, item, base)
    raise_problems(check.problems, f"{what}s" if not single else what)
    return items


@router.get("/api/Product/Query")
def get_products(state: State) -> JSONResponse:
    """Every product (summary: no ``revisions``), by part number."""
    with state.storage.transaction() as conn:
        rows = conn.execute("SELECT * FROM products ORDER BY part_number").fetchall()
        return JSONResponse([store.product_json(conn, row, with_revisions=False) for row in rows])


def _put_products(state: EmulatorState, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with state.storage.transaction() as conn:
        rows = [store.upsert_product(conn, item) for item in items]
        return [store.product_json(conn, row) for row in rows]


@router.put("/api/Product")
def put_product(state: State, body: Body) -> JSONResponse:
    """Create or update a product (key ``partNumber``); nested revisions and tags too."""
    items = _checked(body, "Product", single=True, revision=False)
    return JSONResponse(_put_products(state, items)[0])


@router.put("/api/Product/Products")
def put_products(state: State, body: Body) -> JSONResponse:
    return JSONResponse(
        _put_products(state, _checked(body, "Product", single=False, revision=False))
    )


@router.get("/api/Product")
def get_revision(state: State, part_number: PartNumber, revision: Revision) -> JSONResponse:
    """One revision of a product."""
    with state.storage.transaction() as conn:
        row = store.require_revision(conn, part_number, revision)
        product = store.require_product(conn, part_number)
        return JSONResponse(store.revision_json(conn, row, product["part_number"]))


def _put_revisions(state: EmulatorState, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with state.storage.transaction() as conn:
        saved = []
        for item in items:
            product = store.product_for_revision(conn, item)
            row = store.upsert_revision(conn, product, item)
            saved.append(store.revision_json(conn, row, product["part_number"]))
        return saved


@router.put("/api/Product/Revision")
def put_revision(state: State, body: Body) -> JSONResponse:
    """Create or update a revision (key ``partNumber`` + ``revision``)."""
    items = _checked(body, "ProductRevision", single=True, revision=True)
    return JSONResponse(_put_revisions(state, items)[0])


@router.put("/api/Product/Revisions")
def put_revisions(state: State, body: Body) -> JSONResponse:
    return JSONResponse(
        _put_revisions(state, _checked(body, "ProductRevision", single=False, revision=True))
    )


# -- groups ------------------------------------------------------------------------------------


@router.get("/api/Product/Groups")
def get_groups(
    state: State, include_filters: Annotated[bool, Query(alias="includeFilters")] = False
) -> JSONResponse:
    rows = groups.list_groups(state.storage)
    return JSONResponse([g.to_public(include_filters=include_filters) for g in rows])


@router.put("/api/Product/Group")
def put_group(state: State, body: Body) -> JSONResponse:
    """Create or update a product group (key ``productGroupId``, else the name)."""
    group = require_object(body, "a product group")
    check = Checker()
    group_id = check.integer(group, "productGroupId", "")
    name = check.string(
        group, "productGroupName", "", required=group_id is None, non_empty=True, max_len=100
    )
    filters = group.get("filters")
    if filters is not None and (
        not isinstance(filters, list) or not all(isinstance(f, str) and f for f in filters)
    ):
        check.add("filters", "expected an array of non-empty part-number patterns (% and _)")
    raise_problems(check.problems, "product group")
    try:
        saved = groups.upsert_group(state.storage, group_id=group_id, name=name, filters=filters)
    except LookupError:
        raise ApiError(
            404, f"product group {group_id} not found: leave productGroupId out to create one"
        ) from None
    except ValueError as exc:
        raise ApiError(409, f"{exc}: choose another name") from None
    return JSONResponse(saved.to_public(include_filters=True))


@router.get("/api/internal/Product/GetGroupsForProduct")
def get_groups_for_product(state: State, part_number: PartNumber) -> JSONResponse:
    """The groups whose part-number filters match the product."""
    with state.storage.transaction() as conn:
        product = store.require_product(conn, part_number)
    matched = groups.groups_of(state.storage, product["part_number"])
    return JSONResponse([g.to_public(include_filters=True) for g in matched])


# -- vendors and categories ----------------------------------------------------------------


@router.get("/api/Product/Vendors")
def get_vendors(state: State) -> JSONResponse:
    with state.storage.transaction() as conn:
        return JSONResponse(VENDORS.all(conn))


@router.put("/api/Product/Vendors")
def put_vendor(state: State, body: Body) -> JSONResponse:
    vendor = VENDORS.check(body)
    with state.storage.transaction() as conn:
        return JSONResponse(VENDORS.save(conn, vendor))


@router.delete("/api/Product/Vendors/{vendorId}")
def delete_vendor(state: State, vendor_id: Annotated[str, Path(alias="vendorId")]) -> Response:
    with state.storage.transaction() as conn:
        VENDORS.delete(conn, vendor_id)
    return _no_content()


@router.get("/api/internal/Product/GetProductCategories")
def get_categories(state: State) -> JSONResponse:
    with state.storage.transaction() as conn:
        return JSONResponse(CATEGORIES.all(conn))


@router.put("/api/internal/Product/PutProductCategories")
def put_categories(state: State, body: Body) -> JSONResponse:
    """Upsert each category of the list; answers the whole (updated) list."""
    items = [CATEGORIES.check(c, f"[{i}]") for i, c in enumerate(require_list(body, "categories"))]
    with state.storage.transaction() as conn:
        for item in items:
            CATEGORIES.save(conn, item)
        return JSONResponse(CATEGORIES.all(conn))


# -- BOM -----------------------------------------------------------------------------------------


@router.put("/api/Product/BOM")
def put_bom_wsbf(state: State, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    """Replace a revision's BOM from WSBF XML."""
    document = bom.parse_wsbf(body)
    with state.storage.transaction() as conn:
        revision = store.require_revision(conn, document.part_number, document.revision)
        bom.write_bom(conn, revision["product_revision_id"], document.items)
    return _no_content()


@router.get("/api/internal/Product/Bom")
def get_bom(state: State, part_number: PartNumber, revision: Revision) -> JSONResponse:
    with state.storage.transaction() as conn:
        row = store.require_revision(conn, part_number, revision)
        return JSONResponse(bom.read_bom(conn, row["product_revision_id"]))


# One spelling for GET and PUT: case-insensitively /Bom and /BOM are one path.
@router.put("/api/internal/Product/Bom")
def put_bom_json(
    state: State,
    part_number: PartNumber,
    revision: Revision,
    body: Body,
    bom_format: Annotated[str | None, Query(alias="format")] = None,
) -> JSONResponse:
    """Replace a revision's BOM from JSON items (``format`` is accepted and ignored)."""
    del bom_format
    items = check_bom_items(require_list(body, "BOM items"))
    with state.storage.transaction() as conn:
        row = store.require_revision(conn, part_number, revision)
        bom.write_bom(conn, row["product_revision_id"], items)
        return JSONResponse(bom.read_bom(conn, row["product_revision_id"]))


# -- tags ------------------------------------------------------------------------------------


def _checked_tags(body: Any) -> list[dict[str, Any]]:
    tags = require_list(body, "tags ({key, value} objects)")
    check = Checker()
    check_tags(check, {"tags": tags}, "tags", "")
    raise_problems(check.problems, "tags")
    return tags


def _owner(conn: sqlite3.Connection, part_number: str, revision: str | None) -> str:
    if revision is None:
        return str(store.require_product(conn, part_number)["product_id"])
    return str(store.require_revision(conn, part_number, revision)["product_revision_id"])


def _get_tags(state: EmulatorState, part_number: str, revision: str | None) -> JSONResponse:
    with state.storage.transaction() as conn:
        return JSONResponse(tags_json(read_tags(conn, _owner(conn, part_number, revision))))


def _put_tags(
    state: EmulatorState, part_number: str, revision: str | None, body: Any
) -> JSONResponse:
    incoming = _checked_tags(body)
    with state.storage.transaction() as conn:
        owner = _owner(conn, part_number, revision)
        write_tags(conn, owner, apply_tags(read_tags(conn, owner), incoming))
        return JSONResponse(tags_json(read_tags(conn, owner)))


@router.get("/api/internal/Product/GetProductTags")
def get_product_tags(state: State, part_number: PartNumber) -> JSONResponse:
    return _get_tags(state, part_number, None)


@router.put("/api/internal/Product/PutProductTags")
def put_product_tags(state: State, part_number: PartNumber, body: Body) -> JSONResponse:
    """Set a product's tags (a plain list replaces them; ``change`` codes make a delta)."""
    return _put_tags(state, part_number, None, body)


@router.get("/api/internal/Product/GetRevisionTags")
def get_revision_tags(state: State, part_number: PartNumber, revision: Revision) -> JSONResponse:
    return _get_tags(state, part_number, revision)


@router.put("/api/internal/Product/PutRevisionTags")
def put_revision_tags(
    state: State, part_number: PartNumber, revision: Revision, body: Body
) -> JSONResponse:
    return _put_tags(state, part_number, revision, body)


# -- relations and hierarchy ---------------------------------------------------------------


def _checked_relation(body: Any, *, update: bool) -> dict[str, Any]:
    relation = require_object(body, "a revision relation")
    check = Checker()
    check_relation(check, relation, update=update)
    raise_problems(check.problems, "revision relation")
    return relation


@router.post("/api/internal/Product/PostProductRevisionRelation")
def post_relation(state: State, body: Body) -> JSONResponse:
    relation = _checked_relation(body, update=False)
    with state.storage.transaction() as conn:
        return JSONResponse(relations.create_relation(conn, relation))


@router.put("/api/internal/Product/PutProductRevisionRelation")
def put_relation(state: State, body: Body) -> JSONResponse:
    relation = _checked_relation(body, update=True)
    with state.storage.transaction() as conn:
        return JSONResponse(relations.update_relation(conn, relation))


@router.delete("/api/internal/Product/DeleteProductRevisionRelation")
def delete_relation(
    state: State,
    relation_id: Annotated[str, Query(alias="productRevisionRelationId", min_length=1)],
) -> Response:
    with state.storage.transaction() as conn:
        relations.delete_relation(conn, relation_id)
    return _no_content()


@router.get("/api/internal/Product/GetProductInfo")
def get_product_info(
    state: State,
    part_number: PartNumber,
    revision: Annotated[str | None, Query(alias="revision")] = None,
) -> JSONResponse:
    """The revision and its sub-revisions (every revision of the product without one)."""
    with state.storage.transaction() as conn:
        if revision is not None:
            roots = [store.require_revision(conn, part_number, revision)["product_revision_id"]]
        else:
            product = store.require_product(conn, part_number)
            roots = [
                row["product_revision_id"]
                for row in conn.execute(
                    "SELECT product_revision_id FROM product_revisions WHERE product_id = ?"
                    " ORDER BY revision",
                    (product["product_id"],),
                )
            ]
        return JSONResponse([node for root in roots for node in relations.hierarchy(conn, root)])


@router.get("/api/internal/Product/GetProductByPN")
def get_product_by_pn(
    state: State, part_number: Annotated[str, Query(alias="PN", min_length=1)]
) -> JSONResponse:
    """The product with its revisions plus ``revisionRelations`` (as parent or child)."""
    with state.storage.transaction() as conn:
        row = store.require_product(conn, part_number)
        product = store.product_json(conn, row)
        product["revisionRelations"] = relations.relations_of_product(conn, row["product_id"])
        return JSONResponse(product)


# Registered last: ``/{partNumber}`` must not shadow the literal paths above.
@router.get("/api/Product/{partNumber}")
def get_product(
    state: State, part_number: Annotated[str, Path(alias="partNumber")]
) -> JSONResponse:
    """A product with its ``revisions`` and ``tags``."""
    with state.storage.transaction() as conn:
        return JSONResponse(store.product_json(conn, store.require_product(conn, part_number)))
