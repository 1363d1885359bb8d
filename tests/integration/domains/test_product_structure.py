"""BOMs (WSBF and JSON), tags and revision relations through AsyncWATS against the emulator."""

from __future__ import annotations

import pytest
from product_support import async_client

from pywats import AsyncWATS, ConflictError, NotFoundError, ValidationError
from pywats.domains.product import (
    BomComponent,
    BomItem,
    Product,
    ProductRevision,
    RevisionRelation,
    Setting,
    SettingChange,
)
from pywats_emulator.testing import EmulatorServer


async def revision_ids(wats: AsyncWATS, *part_numbers: str) -> list[str]:
    """Create each product with revision ``A``; return the revision ids."""
    saved = await wats.product.save_bulk(
        [Product(part_number=pn, revisions=[ProductRevision(revision="A")]) for pn in part_numbers]
    )
    return [p.revisions[0].product_revision_id or "" for p in saved if p.revisions]


@pytest.mark.anyio
async def test_wsbf_bom_reads_back_in_json_form(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        (revision_id,) = await revision_ids(wats, "PSU-100")
        await wats.product.update_bom(
            "PSU-100",
            "A",
            [
                BomComponent(
                    "R-10K", quantity=2, revision="3", description="10k", refs=["R1", "R2"]
                ),
                BomComponent("PCB-7", quantity=1),
            ],
            description="Power supply",
        )
        items = await wats.product.get_bom("PSU-100", "A")

    assert [(i.part_number, i.component_ref, i.quantity, i.description) for i in items] == [
        ("R-10K", "R1;R2", 2, "10k"),
        ("PCB-7", None, 1, None),
    ]
    assert {i.product_revision_id for i in items} == {revision_id}
    assert items[0].model_extra == {"revision": "3"}  # WSBF Rev, kept by the emulator


@pytest.mark.anyio
async def test_json_bom_upload_replaces_the_wsbf_one(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await revision_ids(wats, "PSU-100")
        await wats.product.update_bom("PSU-100", "A", [BomComponent("OLD-1")])
        stored = await wats.product.upload_bom(
            "PSU-100",
            "A",
            [BomItem(part_number="C-1", quantity=4, manufacturer="Murata", vendor_pn="V-1")],
            bom_format="json",
        )
        items = await wats.product.get_bom("PSU-100", "A")
        await wats.product.update_bom("PSU-100", "A", [])
        cleared = await wats.product.get_bom("PSU-100", "A")

    assert [i.model_dump(exclude={"bom_item_id", "product_revision_id"}) for i in items] == [
        {
            "component_ref": None,
            "part_number": "C-1",
            "description": None,
            "quantity": 4,
            "manufacturer": "Murata",
            "manufacturer_pn": None,
            "vendor": None,
            "vendor_pn": "V-1",
        }
    ]
    assert stored == items
    assert cleared == []


@pytest.mark.anyio
async def test_bom_errors(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(NotFoundError, match="product 'PN-NONE' not found"):
            await wats.product.update_bom("PN-NONE", "A", [BomComponent("X")])
        await revision_ids(wats, "PSU-100")
        with pytest.raises(NotFoundError, match="revision 'B' of product 'PSU-100' not found"):
            await wats.product.get_bom("PSU-100", "B")
        with pytest.raises(ValidationError, match=r"\[0\]\.partNumber: required"):
            await wats.product.upload_bom("PSU-100", "A", [BomItem(quantity=1)])
        with pytest.raises(ValueError, match="quantity"):
            await wats.product.update_bom("PSU-100", "A", [BomComponent("X", quantity=-2)])


@pytest.mark.anyio
async def test_product_and_revision_tags(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await revision_ids(wats, "PSU-100")
        replaced = await wats.product.set_product_tags("PSU-100", {"colour": "red", "size": "L"})
        delta = await wats.product.set_product_tags(
            "PSU-100",
            [
                Setting(key="colour", change=SettingChange.DELETE),
                Setting(key="weight", value="2kg", change=SettingChange.ADD),
            ],
        )
        product_tags = await wats.product.get_product_tags("PSU-100")
        await wats.product.set_revision_tags("PSU-100", "A", {"ecn": "42"})
        revision_tags = await wats.product.get_revision_tags("PSU-100", "a")
        product = await wats.product.get_product("PSU-100")

    assert [(t.key, t.value) for t in replaced] == [("colour", "red"), ("size", "L")]
    assert [(t.key, t.value) for t in delta] == [("size", "L"), ("weight", "2kg")]
    assert product_tags == delta
    assert [(t.key, t.value) for t in revision_tags] == [("ecn", "42")]
    assert product is not None and product.revisions
    assert product.tags == delta and product.revisions[0].tags == revision_tags


@pytest.mark.anyio
async def test_tag_errors(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(NotFoundError, match="product 'PN-NONE' not found"):
            await wats.product.get_product_tags("PN-NONE")
        await revision_ids(wats, "PSU-100")
        with pytest.raises(NotFoundError, match="revision 'Z'"):
            await wats.product.set_revision_tags("PSU-100", "Z", {"a": "1"})
        with pytest.raises(ValidationError, match=r"tags\[1\]\.key: 'a' appears more than once"):
            await wats.product.set_product_tags(
                "PSU-100", [Setting(key="a", value="1"), Setting(key="a", value="2")]
            )
        with pytest.raises(ValueError, match="tag key"):
            await wats.product.set_product_tags("PSU-100", {"": "x"})


@pytest.mark.anyio
async def test_relations_hierarchy_and_product_with_relations(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        psu, board, resistor = await revision_ids(wats, "PSU-100", "PCB-7", "R-10K")
        to_board = await wats.product.create_revision_relation(psu, board, quantity=1)
        to_resistor = await wats.product.create_revision_relation(
            board, resistor, quantity=12, item_number="10", revision_mask="A%"
        )
        updated = await wats.product.update_revision_relation(
            RevisionRelation(
                product_revision_relation_id=to_resistor.product_revision_relation_id, quantity=14
            )
        )
        tree = await wats.product.get_product_hierarchy("PSU-100", "A")
        board_product = await wats.product.get_product_with_relations("PCB-7")
        await wats.product.delete_revision_relation(to_board.product_revision_relation_id or "")
        after = await wats.product.get_product_hierarchy("PSU-100")

    assert (to_board.child_part_number, to_board.child_revision) == ("PCB-7", "A")
    assert (updated.quantity, updated.item_number, updated.revision_mask) == (14, "10", "A%")
    assert [(n.part_number, n.level, n.quantity) for n in tree] == [
        ("PSU-100", 0, None),
        ("PCB-7", 1, 1),
        ("R-10K", 2, 14),
    ]
    assert tree[2].parent_product_revision_id == board
    assert board_product is not None and board_product.revision_relations is not None
    assert [r.product_revision_relation_id for r in board_product.revision_relations] == [
        to_board.product_revision_relation_id,
        to_resistor.product_revision_relation_id,
    ]
    assert [n.part_number for n in after] == ["PSU-100"]


@pytest.mark.anyio
async def test_relation_errors(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        parent, child = await revision_ids(wats, "PSU-100", "PCB-7")
        relation = await wats.product.create_revision_relation(parent, child)
        with pytest.raises(ConflictError, match="already related"):
            await wats.product.create_revision_relation(parent, child, quantity=2)
        with pytest.raises(ValidationError, match="loop"):
            await wats.product.create_revision_relation(child, parent)
        with pytest.raises(ValidationError, match="cannot contain itself"):
            await wats.product.create_revision_relation(parent, parent)
        with pytest.raises(NotFoundError, match="product revision .* not found"):
            await wats.product.create_revision_relation(
                parent, "00000000-0000-0000-0000-000000000000"
            )
        with pytest.raises(ValueError, match="quantity must be an integer >= 1"):
            await wats.product.create_revision_relation(parent, child, quantity=0)
        with pytest.raises(ValueError, match="needs product_revision_relation_id"):
            await wats.product.update_revision_relation(RevisionRelation(quantity=2))
        await wats.product.delete_revision_relation(relation.product_revision_relation_id or "")
        with pytest.raises(NotFoundError, match="revision relation .* not found"):
            await wats.product.delete_revision_relation(relation.product_revision_relation_id or "")
        with pytest.raises(NotFoundError, match="product 'PN-NONE' not found"):
            await wats.product.get_product_with_relations("PN-NONE")
