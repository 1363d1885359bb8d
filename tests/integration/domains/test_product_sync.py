"""The blocking twin ``pyWATS().product`` runs the same operations (a few, end to end)."""

from __future__ import annotations

import pytest
from product_support import sync_client

from pywats import NotFoundError
from pywats.domains.product import BomComponent, ProductRevision
from pywats_emulator.testing import EmulatorServer


def test_sync_product_round_trip(wats_emulator: EmulatorServer) -> None:
    with sync_client(wats_emulator) as wats:
        wats.product.create_product("PSU-100", name="Power supply")
        wats.product.save_revision(ProductRevision(part_number="PSU-100", revision="A"))
        wats.product.update_bom("PSU-100", "A", [BomComponent("R-1", quantity=3, refs=["R1"])])
        wats.product.set_revision_tags("PSU-100", "A", {"ecn": "1"})
        product = wats.product.get_by_part_number("PSU-100")
        bom = wats.product.get_bom("PSU-100", "A")
        groups = wats.product.get_groups_for_product("PSU-100")
        with pytest.raises(NotFoundError, match="create it with PUT /api/Product first"):
            wats.product.get_revision("PSU-999", "A")

    assert product is not None and product.name == "Power supply"
    assert [(i.part_number, i.quantity, i.component_ref) for i in bom] == [("R-1", 3, "R1")]
    assert [g.product_group_name for g in groups] == ["Power Supplies"]
