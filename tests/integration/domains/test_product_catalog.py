"""Product groups, vendors and categories through AsyncWATS against the emulator."""

from __future__ import annotations

import pytest
from product_support import async_client

from pywats import ConflictError, NotFoundError, ValidationError
from pywats.domains.product import ProductCategory, ProductGroup, Vendor
from pywats_emulator.testing import EmulatorServer


@pytest.mark.anyio
async def test_groups_are_one_table_for_product_and_app_endpoints(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        seeded = await wats.product.get_groups()
        created = await wats.product.save_group(
            ProductGroup(product_group_name="Sensors", filters=["SNS-%"])
        )
        renamed = await wats.product.save_group(
            ProductGroup(product_group_id=1, product_group_name="PSUs")
        )
        from_app = await wats.analytics.get_product_groups(include_filters=True)

    assert [g.product_group_name for g in seeded] == [
        "Power Supplies",
        "Control Boards",
        "Modules",
    ]
    assert (created.product_group_id, created.filters) == (4, ["SNS-%"])
    assert (renamed.product_group_name, renamed.filters) == ("PSUs", ["PSU-%"])
    assert [(g.product_group_name, g.model_extra) for g in from_app] == [
        ("PSUs", {"filters": ["PSU-%"]}),
        ("Control Boards", {"filters": ["PCB-%", "CB-%"]}),
        ("Modules", {"filters": ["%MODULE%"]}),
        ("Sensors", {"filters": ["SNS-%"]}),
    ]


@pytest.mark.anyio
async def test_group_errors(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(NotFoundError, match="product group 42 not found"):
            await wats.product.save_group(ProductGroup(product_group_id=42, product_group_name="X"))
        with pytest.raises(ConflictError, match="another product group is named 'Modules'"):
            await wats.product.save_group(
                ProductGroup(product_group_id=1, product_group_name="Modules")
            )
        with pytest.raises(ValidationError, match="productGroupName: required"):
            await wats.product.save_group(ProductGroup(filters=["X-%"]))


@pytest.mark.anyio
async def test_groups_for_product_are_those_whose_filters_match(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.product.create_product("PSU-MODULE-9")
        groups = await wats.product.get_groups_for_product("PSU-MODULE-9")
        with pytest.raises(NotFoundError, match="create it with PUT /api/Product first"):
            await wats.product.get_groups_for_product("PSU-UNKNOWN")

    assert [g.product_group_name for g in groups] == ["Power Supplies", "Modules"]


@pytest.mark.anyio
async def test_vendors_save_list_and_delete(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        acme = await wats.product.save_vendor(Vendor(name="Acme"))
        renamed = await wats.product.save_vendor(Vendor(vendor_id=acme.vendor_id, name="ACME Inc"))
        same = await wats.product.save_vendor(
            Vendor.model_validate({"name": "acme inc", "web": "x"})
        )
        await wats.product.save_vendor(Vendor(name="Bolt"))
        listed = await wats.product.get_vendors()
        await wats.product.delete_vendor(acme.vendor_id or "")
        after = await wats.product.get_vendors()
        with pytest.raises(NotFoundError, match="vendor .* not found"):
            await wats.product.delete_vendor(acme.vendor_id or "")

    assert acme.vendor_id and renamed.vendor_id == acme.vendor_id == same.vendor_id
    assert same.model_extra == {"web": "x"}
    assert [v.name for v in listed] == ["acme inc", "Bolt"]
    assert [v.name for v in after] == ["Bolt"]


@pytest.mark.anyio
async def test_vendor_errors(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.product.save_vendor(Vendor(name="Acme"))
        bolt = await wats.product.save_vendor(Vendor(name="Bolt"))
        with pytest.raises(ConflictError, match="a vendor named 'Acme' already exists"):
            await wats.product.save_vendor(Vendor(vendor_id=bolt.vendor_id, name="Acme"))
        with pytest.raises(ValidationError, match="name is required"):
            await wats.product.save_vendor(Vendor())


@pytest.mark.anyio
async def test_categories_and_the_product_category_name(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        saved = await wats.product.save_categories(
            [ProductCategory(name="Power", description="PSUs"), ProductCategory(name="Boards")]
        )
        power = next(c for c in saved if c.name == "Power")
        product = await wats.product.create_product(
            "PSU-1", product_category_id=power.product_category_id
        )
        await wats.product.save_categories(
            [ProductCategory(product_category_id=power.product_category_id, name="Power units")]
        )
        categories = await wats.product.get_categories()
        read = await wats.product.get_product("PSU-1")

    assert [c.name for c in saved] == ["Boards", "Power"]
    assert product.product_category_name == "Power"
    assert [(c.name, c.description) for c in categories] == [
        ("Boards", None),
        ("Power units", "PSUs"),
    ]
    assert read is not None and read.product_category_name == "Power units"
