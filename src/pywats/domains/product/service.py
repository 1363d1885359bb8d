"""Product service (wats-api.md §2.3): products, revisions, groups, vendors, categories, BOMs,
tags and revision relations.

Saves are upserts on the server: a product is keyed by its part number, a revision by part
number + revision, so saving twice updates instead of duplicating. Fields left ``None`` are not
sent and keep their stored values. A revision can only be saved for an existing product
(:class:`~pywats.core.errors.NotFoundError` otherwise: create the product first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pywats.domains.product.bom import BomComponent, build_wsbf
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
    Vendor,
)
from pywats.domains.product.repository import AsyncProductRepository

__all__ = ["AsyncProductService", "TagsInput"]

TagsInput = Mapping[str, str | None] | Sequence[Setting]
"""Tags as ``{key: value}`` or as ``Setting`` objects."""


def _required(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, not {value!r}")
    return value


def _settings(tags: TagsInput) -> list[Setting]:
    """Tags as ``Setting`` objects: a mapping gives ``{key: value}`` pairs."""
    if isinstance(tags, Mapping):
        return [
            Setting(key=_required(key, "a tag key"), value=value) for key, value in tags.items()
        ]
    return list(tags)


class AsyncProductService:
    """Products, revisions, groups, vendors, BOMs, tags and categories (§2.3)."""

    def __init__(self, repository: AsyncProductRepository) -> None:
        self._repository = repository

    # -- products ---------------------------------------------------------------------------

    async def get_products(self) -> list[Product]:
        """Every product, as summaries (without ``revisions``).

        Returns:
            The products; ``[]`` when there are none.
        """
        return await self._repository.get_all()

    get_all = get_products

    async def get_product(self, part_number: str) -> Product | None:
        """One product with its ``revisions`` and ``tags``.

        Args:
            part_number: The product's part number (case-insensitive on the server).

        Returns:
            The product; ``None`` when it does not exist and the client is LENIENT.

        Raises:
            NotFoundError: No such product (STRICT mode).
        """
        return await self._repository.get_by_part_number(_required(part_number, "part_number"))

    get_by_part_number = get_product

    async def create_product(
        self,
        part_number: str,
        *,
        name: str | None = None,
        description: str | None = None,
        non_serial: bool | None = None,
        state: ProductState | None = None,
        product_category_id: str | None = None,
        xml_data: str | None = None,
        tags: TagsInput | None = None,
    ) -> Product:
        """Create a product, or update the one with this part number (the server upserts).

        Args:
            part_number: The key of the product.
            name: Product name (shown in reports and analytics as ``productName``).
            description: Free text.
            non_serial: ``True`` for products without serial numbers.
            state: ``ProductState.ACTIVE`` (server default for new products) or ``INACTIVE``.
            product_category_id: Id of a category from :meth:`get_categories`.
            xml_data: Free XML the server stores with the product.
            tags: ``{key: value}`` or ``Setting`` objects; replaces the product's tags.

        Returns:
            The product as stored (with its ``product_id``).

        Raises:
            ValueError: ``part_number`` is empty.
            ValidationError: The server rejected a value (its message names it).
        """
        product = Product(
            part_number=_required(part_number, "part_number"),
            name=name,
            description=description,
            non_serial=non_serial,
            state=state,
            product_category_id=product_category_id,
            xml_data=xml_data,
            tags=None if tags is None else _settings(tags),
        )
        return await self._repository.save(product)

    async def update_product(self, product: Product) -> Product:
        """Save a product (and any ``revisions``/``tags`` it carries); upsert on part number.

        Args:
            product: The product, e.g. one read with :meth:`get_product` and changed.

        Returns:
            The product as stored.

        Raises:
            ValidationError: The server rejected a value.
            ConflictError: ``product_id`` belongs to another product.
        """
        return await self._repository.save(product)

    save = update_product

    async def save_bulk(self, products: Sequence[Product]) -> list[Product]:
        """Save several products in one call (all saved, or none when one is rejected).

        Args:
            products: The products.

        Returns:
            The products as stored, in the same order.

        Raises:
            ValidationError: A product was rejected (the message names its index).
        """
        return await self._repository.save_bulk(list(products))

    # -- revisions ------------------------------------------------------------------------------

    async def get_revision(self, part_number: str, revision: str) -> ProductRevision | None:
        """One revision of a product.

        Args:
            part_number: The product's part number.
            revision: The revision name, e.g. ``"A"``.

        Returns:
            The revision; ``None`` when it does not exist and the client is LENIENT.

        Raises:
            NotFoundError: No such product or revision (STRICT mode).
        """
        return await self._repository.get_revision(
            _required(part_number, "part_number"), _required(revision, "revision")
        )

    async def save_revision(self, revision: ProductRevision) -> ProductRevision:
        """Create or update a revision (key: ``part_number`` + ``revision``).

        Args:
            revision: The revision; ``part_number`` (or ``product_id``) names its product.

        Returns:
            The revision as stored (with its ``product_revision_id``).

        Raises:
            NotFoundError: The product does not exist: create it first.
            ValidationError: The server rejected a value.
        """
        return await self._repository.save_revision(revision)

    async def save_revisions_bulk(
        self, revisions: Sequence[ProductRevision]
    ) -> list[ProductRevision]:
        """Save several revisions in one call (all, or none when one is rejected).

        Args:
            revisions: The revisions, each naming its product.

        Returns:
            The revisions as stored, in the same order.

        Raises:
            NotFoundError: A revision names a product that does not exist.
            ValidationError: A revision was rejected.
        """
        return await self._repository.save_revisions_bulk(list(revisions))

    # -- groups, vendors, categories ---------------------------------------------------------

    async def get_groups(self) -> list[ProductGroup]:
        """Every product group.

        Returns:
            The groups (id and name).
        """
        return await self._repository.get_groups()

    async def save_group(self, group: ProductGroup) -> ProductGroup:
        """Create a group (no ``product_group_id``) or update one.

        Args:
            group: Name and optional ``filters`` (part-number patterns, ``%`` and ``_``).

        Returns:
            The group as stored.

        Raises:
            NotFoundError: ``product_group_id`` does not exist.
            ConflictError: Another group has this name.
        """
        return await self._repository.save_group(group)

    async def get_groups_for_product(self, part_number: str) -> list[ProductGroup]:
        """The groups a product belongs to (whose filters match its part number).

        Args:
            part_number: The product's part number.

        Returns:
            The matching groups.

        Raises:
            NotFoundError: No such product (STRICT mode).
        """
        part_number = _required(part_number, "part_number")
        return await self._repository.get_groups_for_product(part_number)

    async def get_vendors(self) -> list[Vendor]:
        """Every vendor.

        Returns:
            The vendors.
        """
        return await self._repository.get_vendors()

    async def save_vendor(self, vendor: Vendor) -> Vendor:
        """Create a vendor (no ``vendor_id``) or update one.

        Args:
            vendor: The vendor; a new one needs a ``name``.

        Returns:
            The vendor as stored (with its ``vendor_id``).

        Raises:
            ValidationError: No name for a new vendor.
            ConflictError: Another vendor has this name.
        """
        return await self._repository.save_vendor(vendor)

    async def delete_vendor(self, vendor_id: str) -> None:
        """Delete a vendor.

        Args:
            vendor_id: The vendor's id.

        Raises:
            NotFoundError: No vendor has this id.
        """
        await self._repository.delete_vendor(_required(vendor_id, "vendor_id"))

    async def get_categories(self) -> list[ProductCategory]:
        """Every product category.

        Returns:
            The categories.
        """
        return await self._repository.get_categories()

    async def save_categories(self, categories: Sequence[ProductCategory]) -> list[ProductCategory]:
        """Create or update categories (by id, else by name).

        Args:
            categories: The categories to save.

        Returns:
            Every category after the save.

        Raises:
            ValidationError: A new category without a name.
            ConflictError: A name another category already has.
        """
        return await self._repository.save_categories(list(categories))

    # -- BOM ------------------------------------------------------------------------------

    async def update_bom(
        self,
        part_number: str,
        revision: str,
        components: Sequence[BomComponent],
        *,
        description: str | None = None,
    ) -> None:
        """Replace a revision's bill of materials (sent as WSBF XML).

        Args:
            part_number: The product's part number.
            revision: The revision the BOM belongs to.
            components: The BOM lines; an empty list clears the BOM.
            description: The BOM's ``Desc``.

        Raises:
            ValueError: An empty part number/revision or an unusable component value.
            NotFoundError: The product or revision does not exist.
            ValidationError: The server rejected the document.
        """
        wsbf = build_wsbf(part_number, revision, components, description=description)
        await self._repository.update_bom(wsbf)

    async def get_bom(self, part_number: str, revision: str) -> list[BomItem]:
        """A revision's bill of materials (JSON form).

        Args:
            part_number: The product's part number.
            revision: The revision.

        Returns:
            The BOM lines; ``[]`` when the revision has no BOM.

        Raises:
            NotFoundError: The product or revision does not exist (STRICT mode).
        """
        return await self._repository.get_bom(
            _required(part_number, "part_number"), _required(revision, "revision")
        )

    async def upload_bom(
        self,
        part_number: str,
        revision: str,
        items: Sequence[BomItem],
        *,
        bom_format: str | None = None,
    ) -> list[BomItem]:
        """Replace a revision's bill of materials with JSON items.

        Args:
            part_number: The product's part number.
            revision: The revision.
            items: The BOM lines (each needs a ``part_number``).
            bom_format: The server's ``format`` query value, if any.

        Returns:
            The BOM as stored (``[]`` when the server answers without a body).

        Raises:
            NotFoundError: The product or revision does not exist.
            ValidationError: An item was rejected.
        """
        return await self._repository.upload_bom(
            _required(part_number, "part_number"),
            _required(revision, "revision"),
            list(items),
            bom_format=bom_format,
        )

    # -- tags ---------------------------------------------------------------------------------

    async def get_product_tags(self, part_number: str) -> list[Setting]:
        """A product's tags.

        Args:
            part_number: The product's part number.

        Returns:
            The tags.

        Raises:
            NotFoundError: No such product (STRICT mode).
        """
        return await self._repository.get_product_tags(_required(part_number, "part_number"))

    async def set_product_tags(self, part_number: str, tags: TagsInput) -> list[Setting]:
        """Set a product's tags.

        Args:
            part_number: The product's part number.
            tags: ``{key: value}`` (replaces every tag) or ``Setting`` objects; settings with a
                ``change`` add, update or delete single tags and keep the others.

        Returns:
            The product's tags after the change.

        Raises:
            NotFoundError: No such product.
        """
        part_number = _required(part_number, "part_number")
        return await self._repository.set_product_tags(part_number, _settings(tags))

    async def get_revision_tags(self, part_number: str, revision: str) -> list[Setting]:
        """A revision's tags.

        Args:
            part_number: The product's part number.
            revision: The revision.

        Returns:
            The tags.

        Raises:
            NotFoundError: No such product or revision (STRICT mode).
        """
        return await self._repository.get_revision_tags(
            _required(part_number, "part_number"), _required(revision, "revision")
        )

    async def set_revision_tags(
        self, part_number: str, revision: str, tags: TagsInput
    ) -> list[Setting]:
        """Set a revision's tags (same rules as :meth:`set_product_tags`).

        Args:
            part_number: The product's part number.
            revision: The revision.
            tags: ``{key: value}`` or ``Setting`` objects.

        Returns:
            The revision's tags after the change.

        Raises:
            NotFoundError: No such product or revision.
        """
        return await self._repository.set_revision_tags(
            _required(part_number, "part_number"), _required(revision, "revision"), _settings(tags)
        )

    # -- revision relations -----------------------------------------------------------------

    async def create_revision_relation(
        self,
        parent_revision_id: str,
        child_revision_id: str,
        *,
        quantity: int = 1,
        item_number: str | None = None,
        revision_mask: str | None = None,
    ) -> RevisionRelation:
        """Record that a parent revision contains ``quantity`` of a child revision.

        Args:
            parent_revision_id: ``product_revision_id`` of the assembly.
            child_revision_id: ``product_revision_id`` of the part it contains.
            quantity: How many (at least 1).
            item_number: Position/item number in the assembly.
            revision_mask: Pattern of child revisions that are acceptable.

        Returns:
            The relation with its ``product_revision_relation_id``.

        Raises:
            ValueError: Empty ids or ``quantity`` below 1.
            NotFoundError: A revision id does not exist.
            ValidationError: The relation would make a revision contain itself.
            ConflictError: The two revisions are already related.
        """
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ValueError(f"quantity must be an integer >= 1, not {quantity!r}")
        relation = RevisionRelation(
            parent_product_revision_id=_required(parent_revision_id, "parent_revision_id"),
            product_revision_id=_required(child_revision_id, "child_revision_id"),
            quantity=quantity,
            item_number=item_number,
            revision_mask=revision_mask,
        )
        return await self._repository.create_revision_relation(relation)

    async def update_revision_relation(self, relation: RevisionRelation) -> RevisionRelation:
        """Change a relation (fields left ``None`` keep their values).

        Args:
            relation: The relation, with its ``product_revision_relation_id``.

        Returns:
            The relation as stored.

        Raises:
            ValueError: ``product_revision_relation_id`` is missing.
            NotFoundError: No such relation.
        """
        if not relation.product_revision_relation_id:
            raise ValueError("update_revision_relation needs product_revision_relation_id")
        return await self._repository.update_revision_relation(relation)

    async def delete_revision_relation(self, relation_id: str) -> None:
        """Delete a relation.

        Args:
            relation_id: ``product_revision_relation_id`` of the relation.

        Raises:
            NotFoundError: No such relation.
        """
        await self._repository.delete_revision_relation(_required(relation_id, "relation_id"))

    async def get_product_hierarchy(
        self, part_number: str, revision: str | None = None
    ) -> list[ProductHierarchyItem]:
        """The tree of revisions under a revision, flattened depth first.

        Args:
            part_number: The product's part number.
            revision: The revision; ``None`` for every revision of the product.

        Returns:
            One row per revision in the tree (``level`` 0 = the asked revision).

        Raises:
            NotFoundError: No such product or revision (STRICT mode).
        """
        return await self._repository.get_product_hierarchy(
            _required(part_number, "part_number"), revision
        )

    async def get_product_with_relations(self, part_number: str) -> ProductWithRelations | None:
        """A product with its revisions and the relations they take part in.

        Args:
            part_number: The product's part number.

        Returns:
            The product; ``None`` when it does not exist and the client is LENIENT.

        Raises:
            NotFoundError: No such product (STRICT mode).
        """
        part_number = _required(part_number, "part_number")
        return await self._repository.get_product_with_relations(part_number)
