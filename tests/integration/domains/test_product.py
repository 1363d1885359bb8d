"""Products and revisions through AsyncWATS against the emulator: upserts, reads, errors."""

from __future__ import annotations

import uuid

import pytest
from product_support import async_client, uut_report

from pywats import ConflictError, ErrorMode, NotFoundError, ValidationError
from pywats.domains.product import Product, ProductRevision, ProductState, Setting, SettingChange
from pywats_emulator.testing import EmulatorServer


@pytest.mark.anyio
async def test_create_then_read_a_product_with_revisions(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        created = await wats.product.create_product(
            "PSU-100", name="Power supply 100 W", description="24 V", tags={"family": "PSU"}
        )
        await wats.product.save_revision(ProductRevision(part_number="PSU-100", revision="A"))
        read = await wats.product.get_product("psu-100")  # keys are case-insensitive
        same = await wats.product.get_by_part_number("PSU-100")  # alias

    uuid.UUID(created.product_id or "")
    assert (created.state, created.non_serial) == (ProductState.ACTIVE, False)  # defaults
    assert read is not None and same is not None
    assert (read.part_number, read.name, read.product_id) == (
        "PSU-100",
        "Power supply 100 W",
        created.product_id,
    )
    assert [(t.key, t.value) for t in read.tags or []] == [("family", "PSU")]
    revision = read.revision("a")
    assert revision is not None and revision.product_id == created.product_id
    assert same.model_dump() == read.model_dump()


@pytest.mark.anyio
async def test_save_is_an_upsert_that_keeps_unsent_fields(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        first = await wats.product.create_product("PCB-1", name="Board", description="Rev 1")
        changed = await wats.product.update_product(
            Product(part_number="PCB-1", state=ProductState.INACTIVE)
        )
        again = await wats.product.save(Product(part_number="PCB-1", name="Board v2"))  # alias
        products = await wats.product.get_products()

    assert changed.product_id == first.product_id
    assert (changed.name, changed.description, changed.state) == ("Board", "Rev 1", 0)
    assert (again.name, again.state) == ("Board v2", ProductState.INACTIVE)
    assert [p.part_number for p in products] == ["PCB-1"]


@pytest.mark.anyio
async def test_product_list_is_summaries_in_part_number_order(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.product.save_bulk(
            [
                Product(part_number="B-2", revisions=[ProductRevision(revision="1")]),
                Product(part_number="A-1", name="First"),
            ]
        )
        products = await wats.product.get_all()  # alias of get_products

    assert [(p.part_number, p.name) for p in products] == [("A-1", "First"), ("B-2", None)]
    assert products[1].revisions is None  # the query returns summaries


@pytest.mark.anyio
async def test_unknown_fields_survive_a_round_trip(wats_emulator: EmulatorServer) -> None:
    product = Product.model_validate({"partNumber": "PN-X", "futureField": {"a": 1}})
    async with async_client(wats_emulator) as wats:
        await wats.product.update_product(product)
        read = await wats.product.get_product("PN-X")

    assert read is not None and read.model_extra == {"futureField": {"a": 1}}


@pytest.mark.anyio
async def test_revisions_get_update_and_bulk(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        product = await wats.product.create_product("PSU-200")
        saved = await wats.product.save_revisions_bulk(
            [
                ProductRevision(part_number="PSU-200", revision="A", name="Proto"),
                ProductRevision(product_id=product.product_id, revision="B"),
            ]
        )
        updated = await wats.product.save_revision(
            ProductRevision(
                part_number="PSU-200",
                revision="a",
                description="first series",
                tags=[Setting(key="ecn", value="17", change=SettingChange.ADD)],
            )
        )
        read = await wats.product.get_revision("PSU-200", "A")

    assert [r.revision for r in saved] == ["A", "B"]
    assert all(r.part_number == "PSU-200" for r in saved)
    assert updated.product_revision_id == saved[0].product_revision_id
    assert read is not None
    assert (read.name, read.description, read.state) == ("Proto", "first series", 1)
    assert [(t.key, t.value, t.change) for t in read.tags or []] == [("ecn", "17", 0)]


@pytest.mark.anyio
async def test_revision_of_an_unknown_product_says_to_create_the_product(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(NotFoundError, match=r"'PN-NONE' not found: create it with PUT"):
            await wats.product.save_revision(ProductRevision(part_number="PN-NONE", revision="A"))
        # LENIENT returns None for reads, but a failed write still raises.
        async with async_client(wats_emulator, error_mode=ErrorMode.LENIENT) as lenient:
            assert await lenient.product.get_product("PN-NONE") is None
            assert await lenient.product.get_revision("PN-NONE", "A") is None
            with pytest.raises(NotFoundError):
                await lenient.product.save_revision(
                    ProductRevision(part_number="PN-NONE", revision="A")
                )
        await wats.product.create_product("PN-NONE")
        with pytest.raises(NotFoundError, match="revision 'B' of product 'PN-NONE' not found"):
            await wats.product.get_revision("PN-NONE", "B")


@pytest.mark.anyio
async def test_bad_values_are_validation_errors_naming_the_field(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(ValidationError, match=r"state: must be 0 \(inactive\) or 1"):
            await wats.product.create_product("PN-1", state=5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"\[1\]\.partNumber: longer than 100"):
            await wats.product.save_bulk(
                [Product(part_number="OK"), Product(part_number="P" * 101)]
            )
        # The bulk save was all-or-nothing.
        assert await wats.product.get_products() == []
        with pytest.raises(ValueError, match="part_number must be a non-empty string"):
            await wats.product.create_product(" ")


@pytest.mark.anyio
async def test_an_id_of_another_product_is_a_conflict(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        first = await wats.product.create_product("PN-A")
        await wats.product.create_product("PN-B")
        with pytest.raises(ConflictError, match="ids cannot change"):
            await wats.product.update_product(
                Product(part_number="PN-B", product_id=first.product_id)
            )


@pytest.mark.anyio
async def test_report_read_back_carries_the_product_name(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        before = await wats.report.get_report(
            await wats.report.submit_report(uut_report("PSU-300", "SN-1"))
        )
        await wats.product.create_product("PSU-300", name="Power supply 300 W")
        after = await wats.report.get_report(
            await wats.report.submit_report(uut_report("psu-300", "SN-2"))
        )

    assert before is not None and before.product_name is None
    assert after is not None and after.product_name == "Power supply 300 W"
