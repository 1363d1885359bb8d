"""WSBF: the client's writer and the emulator's (independent) reader agree, and both refuse
what WATS would not accept."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from pywats.domains.product import WSBF_NAMESPACE, BomComponent, build_wsbf
from pywats_emulator.errors import ApiError
from pywats_emulator.product.bom import parse_wsbf

NS = f"{{{WSBF_NAMESPACE}}}"


def test_document_has_the_namespace_and_the_attributes_of_wats_api() -> None:
    xml = build_wsbf(
        "PSU-100",
        "A",
        [
            BomComponent(
                "R-10K", quantity=2, revision="3", description="Resistor", refs=["R1", "R2"]
            ),
            BomComponent("PCB-7"),
        ],
        description="Power supply",
    )

    root = ET.fromstring(xml)
    assert root.tag == f"{NS}BOM"
    assert root.attrib == {"Partnumber": "PSU-100", "Revision": "A", "Desc": "Power supply"}
    first, second = list(root)
    assert first.tag == second.tag == f"{NS}Component"
    assert first.attrib == {
        "Number": "R-10K",
        "Rev": "3",
        "Qty": "2",
        "Desc": "Resistor",
        "Ref": "R1;R2",
    }
    assert second.attrib == {"Number": "PCB-7"}  # nothing absent is written


def test_emulator_reads_what_the_client_writes() -> None:
    xml = build_wsbf("PSU-100", "A", [BomComponent("C-1", quantity=1.5, refs=("C1",))])

    bom = parse_wsbf(xml.encode())

    assert (bom.part_number, bom.revision) == ("PSU-100", "A")
    assert bom.items == [
        {"componentRef": "C1", "partNumber": "C-1", "description": None, "quantity": 1.5,
         "revision": None}
    ]  # fmt: skip


def test_whole_float_quantity_is_written_as_an_integer() -> None:
    xml = build_wsbf("P", "A", [BomComponent("X", quantity=4.0)])

    assert 'Qty="4"' in xml


@pytest.mark.parametrize(
    ("component", "message"),
    [
        (BomComponent(" "), "part number"),
        (BomComponent("X", quantity=-1), "quantity"),
        (BomComponent("X", quantity=math.nan), "quantity"),
        (BomComponent("X", refs=["R1;R2"]), "references"),
        (BomComponent("X", refs=[""]), "references"),
    ],
)
def test_unusable_component_is_a_value_error(component: BomComponent, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_wsbf("P", "A", [component])


def test_bom_needs_part_number_and_revision() -> None:
    with pytest.raises(ValueError, match="part number and a revision"):
        build_wsbf("P", "", [])


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"", "empty"),
        (b"<BOM Partnumber='P' Revision='A'/>", "namespace|root element"),
        (f"<BOM xmlns='{WSBF_NAMESPACE}' Revision='A'/>".encode(), "Partnumber"),
        (f"<BOM xmlns='{WSBF_NAMESPACE}' Partnumber='P' Revision='A'><Part/></BOM>".encode(),
         "unexpected element"),
        (f"<BOM xmlns='{WSBF_NAMESPACE}' Partnumber='P' Revision='A'><Component Qty='2'/></BOM>"
         .encode(), "Number"),
        (f"<BOM xmlns='{WSBF_NAMESPACE}' Partnumber='P' Revision='A'>"
         "<Component Number='X' Qty='many'/></BOM>".encode(), "not a number"),
        (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", "DOCTYPE"),
        (b"<BOM", "malformed"),
    ],
)  # fmt: skip
def test_emulator_refuses_bad_documents_with_a_reason(document: bytes, message: str) -> None:
    with pytest.raises(ApiError, match=message) as caught:
        parse_wsbf(document)
    assert caught.value.status == 400


def test_unknown_component_attributes_are_kept_under_their_names() -> None:
    xml = (
        f"<BOM xmlns='{WSBF_NAMESPACE}' Partnumber='P' Revision='A'>"
        "<Component Number='X' Vendor='Acme'/></BOM>"
    )

    assert parse_wsbf(xml.encode()).items[0]["Vendor"] == "Acme"
