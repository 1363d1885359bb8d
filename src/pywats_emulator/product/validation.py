"""Checks on product-domain request bodies: every problem collected, one ``400`` answer.

Keys follow wats-api.md §2.3. A missing key and ``null`` mean "not given" (an upsert keeps the
stored value). Unknown keys are accepted and kept. The emulator's own limits (wats-api.md gives
none) mirror the report header: part numbers and revisions at most 100 characters.
"""

from __future__ import annotations

from typing import Any

from pywats_emulator.checks import Checker
from pywats_emulator.errors import ApiError

__all__ = [
    "MAX_KEY_LEN",
    "check_bom_items",
    "check_product",
    "check_relation",
    "check_revision",
    "check_tags",
    "raise_problems",
    "require_list",
    "require_object",
]

MAX_KEY_LEN = 100
_STATES = (0, 1)
_CHANGES = (0, 1, 2, 3)
_TEXT_KEYS = ("name", "description", "xmlData")


def raise_problems(problems: list[str], what: str) -> None:
    """Answer ``400`` listing ``problems`` (nothing happens when there are none)."""
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise ApiError(400, f"{what} rejected ({count}): {'; '.join(problems)}", errors=problems)


def require_object(body: Any, what: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(400, f"expected a JSON object ({what}), got {type(body).__name__}")
    return body


def require_list(body: Any, what: str) -> list[Any]:
    if not isinstance(body, list):
        raise ApiError(400, f"expected a JSON array of {what}, got {type(body).__name__}")
    return body


def _state(check: Checker, obj: dict[str, Any], base: str) -> None:
    state = check.integer(obj, "state", base)
    if state is not None and state not in _STATES:
        check.add(check.join(base, "state"), f"must be 0 (inactive) or 1 (active), not {state}")


def check_tags(check: Checker, obj: dict[str, Any], key: str, base: str) -> None:
    """A ``[Setting]`` array: ``key`` required, ``value`` text, ``change`` 0-3, keys unique."""
    seen: set[str] = set()
    for i, tag in check.objects(obj, key, base):
        where = f"{check.join(base, key)}[{i}]"
        name = check.string(tag, "key", where, required=True, non_empty=True, max_len=MAX_KEY_LEN)
        check.string(tag, "value", where)
        change = check.integer(tag, "change", where)
        if change is not None and change not in _CHANGES:
            check.add(
                check.join(where, "change"),
                f"must be 0 (none), 1 (add), 2 (update) or 3 (delete), not {change}",
            )
        if name is not None:
            if name in seen:
                check.add(check.join(where, "key"), f"{name!r} appears more than once")
            seen.add(name)


def check_revision(check: Checker, obj: dict[str, Any], base: str, *, nested: bool) -> None:
    """A ProductRevision; ``nested`` ones (inside a product) need no ``partNumber``."""
    check.string(obj, "revision", base, required=True, non_empty=True, max_len=MAX_KEY_LEN)
    check.string(obj, "partNumber", base, max_len=MAX_KEY_LEN)
    if not nested and obj.get("partNumber") is None and obj.get("productId") is None:
        check.add(
            check.join(base, "partNumber"), "required (or productId) to know the revision's product"
        )
    for key in _TEXT_KEYS:
        check.string(obj, key, base)
    _state(check, obj, base)
    check.guid(obj, "productRevisionId", base)
    check.guid(obj, "productId", base)
    check_tags(check, obj, "tags", base)


def check_product(check: Checker, obj: dict[str, Any], base: str) -> None:
    """A Product (with optional nested ``revisions`` and ``tags``)."""
    part_number = check.string(
        obj, "partNumber", base, required=True, non_empty=True, max_len=MAX_KEY_LEN
    )
    for key in (*_TEXT_KEYS, "productCategoryName"):
        check.string(obj, key, base)
    check.boolean(obj, "nonSerial", base)
    _state(check, obj, base)
    check.guid(obj, "productId", base)
    check.string(obj, "productCategoryId", base)
    check_tags(check, obj, "tags", base)
    seen: set[str] = set()
    for i, revision in check.objects(obj, "revisions", base):
        where = f"{check.join(base, 'revisions')}[{i}]"
        check_revision(check, revision, where, nested=True)
        given = revision.get("partNumber")
        if isinstance(given, str) and part_number and given.casefold() != part_number.casefold():
            check.add(
                check.join(where, "partNumber"),
                f"{given!r} differs from the product's partNumber {part_number!r}",
            )
        name = revision.get("revision")
        if isinstance(name, str):
            if name.casefold() in seen:
                check.add(check.join(where, "revision"), f"{name!r} appears more than once")
            seen.add(name.casefold())


def check_relation(check: Checker, obj: dict[str, Any], *, update: bool) -> None:
    """A revision relation (PascalCase). The child is ``ProductRevisionId`` or
    ``ChildPartNumber`` + ``ChildRevision``."""
    check.guid(obj, "ProductRevisionRelationId", "", required=update)
    check.guid(obj, "ParentProductRevisionId", "", required=not update)
    check.guid(obj, "ProductRevisionId", "")
    check.string(obj, "ChildPartNumber", "", max_len=MAX_KEY_LEN)
    check.string(obj, "ChildRevision", "", max_len=MAX_KEY_LEN)
    no_child = obj.get("ProductRevisionId") is None and (
        obj.get("ChildPartNumber") is None or obj.get("ChildRevision") is None
    )
    if not update and no_child:
        check.add("ProductRevisionId", "required (or ChildPartNumber and ChildRevision)")
    quantity = check.integer(obj, "Quantity", "", required=not update)
    if quantity is not None and quantity < 1:
        check.add("Quantity", f"must be at least 1, not {quantity}")
    item_number = obj.get("ItemNumber")
    if item_number is not None and (
        isinstance(item_number, bool) or not isinstance(item_number, (str, int))
    ):
        check.add("ItemNumber", "expected a string or an integer")
    check.string(obj, "RevisionMask", "")


def check_bom_items(items: list[Any]) -> list[dict[str, Any]]:
    """The JSON BOM of ``upload_bom``: objects with a ``partNumber`` and a numeric
    ``quantity`` (>= 0) when given. Raises a ``400`` listing every problem."""
    check = Checker()
    found: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        where = f"[{i}]"
        if not isinstance(item, dict):
            check.add(where, "expected an object")
            continue
        check.string(item, "partNumber", where, required=True, non_empty=True)
        for key in ("componentRef", "description", "manufacturer", "manufacturerPn", "vendor"):
            check.string(item, key, where)
        check.string(item, "vendorPn", where)
        quantity = check.number(item, "quantity", where)
        if quantity is not None and quantity < 0:
            check.add(f"{where}.quantity", f"must not be negative ({quantity:g})")
        found.append(item)
    raise_problems(check.problems, "BOM")
    return found
