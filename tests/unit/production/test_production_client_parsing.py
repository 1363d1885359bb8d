"""Client-side parsing of production answers: taken serial numbers (XML or JSON), models."""

from __future__ import annotations

import pytest

from pywats.domains.production.models import Unit, UnitChange, UnitPhase
from pywats.domains.production.serial_numbers import (
    SerialNumberFileFormat,
    SerialNumberRange,
    parse_taken_serial_numbers,
)


def test_json_list_of_strings() -> None:
    assert parse_taken_serial_numbers(["SN1", "SN2"]) == ["SN1", "SN2"]


def test_xml_text_with_attributes_on_the_root() -> None:
    xml = (
        '<?xml version="1.0"?><SerialNumbers type="SN" count="2">'
        '<SN id="A1"/><SN id="A2" /></SerialNumbers>'
    )
    assert parse_taken_serial_numbers(xml) == ["A1", "A2"]


def test_xml_with_a_namespace_and_whitespace() -> None:
    xml = """
    <SerialNumbers xmlns="http://wats.virinco.com/schemas/x">
        <SN id="B1"/>
    </SerialNumbers>"""
    assert parse_taken_serial_numbers(xml) == ["B1"]


def test_xml_bytes_are_accepted() -> None:
    assert parse_taken_serial_numbers(b"<SerialNumbers><SN id='C1'/></SerialNumbers>") == ["C1"]


def test_empty_answers_mean_no_numbers() -> None:
    assert parse_taken_serial_numbers(None) == []
    assert parse_taken_serial_numbers([]) == []
    assert parse_taken_serial_numbers("<SerialNumbers/>") == []


def test_doctype_is_refused() -> None:
    evil = '<!DOCTYPE x [<!ENTITY a "b">]><SerialNumbers><SN id="&a;"/></SerialNumbers>'
    with pytest.raises(ValueError, match="DOCTYPE"):
        parse_taken_serial_numbers(evil)


def test_malformed_xml_says_so() -> None:
    with pytest.raises(ValueError, match="malformed XML at line 1"):
        parse_taken_serial_numbers("<SerialNumbers><SN id='x'>")


def test_unexpected_shape_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="take_serial_numbers"):
        parse_taken_serial_numbers({"odd": 1})


def test_sn_without_id_is_refused() -> None:
    with pytest.raises(ValueError, match="without an id"):
        parse_taken_serial_numbers("<SerialNumbers><SN/></SerialNumbers>")


def test_unit_keeps_unknown_keys_and_loads_known_phases_as_enum() -> None:
    unit = Unit.model_validate(
        {"serialNumber": "S", "partNumber": "P", "unitPhaseId": 16, "vendorKey": {"a": 1}}
    )
    assert unit.unit_phase_id is UnitPhase.FINALIZED
    assert unit.model_dump(by_alias=True, exclude_none=True)["vendorKey"] == {"a": 1}
    odd = UnitChange.model_validate({"newUnitPhaseId": 3})
    assert odd.new_unit_phase_id == 3
    assert not isinstance(odd.new_unit_phase_id, UnitPhase)


def test_range_serialises_with_the_wire_keys() -> None:
    item = SerialNumberRange(
        type_name="SerialNumber", from_serial_number="SN1", to_serial_number="SN2"
    )
    assert item.model_dump(by_alias=True, exclude_none=True) == {
        "typeName": "SerialNumber",
        "from": "SN1",
        "to": "SN2",
    }


def test_file_format_media_types() -> None:
    assert SerialNumberFileFormat("csv").media_type == "text/csv"
    assert SerialNumberFileFormat.XML.media_type == "application/xml"
