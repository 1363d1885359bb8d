"""Free-address intervals and serial-number formats of the emulator's serial number pools."""

from __future__ import annotations

import pytest

from pywats_emulator.production.intervals import (
    normalise,
    size,
    subtract,
    take_lowest,
)
from pywats_emulator.production.serial_types import (
    SERIAL_NUMBER_TYPES,
    find_type,
    luhn_check_digit,
    parse_bound,
)

# -- intervals -------------------------------------------------------------------------------


def test_normalise_sorts_and_merges_overlapping_and_adjacent() -> None:
    assert normalise([(10, 12), (1, 3), (4, 5), (11, 20), (30, 30)]) == [(1, 5), (10, 20), (30, 30)]


def test_normalise_rejects_reversed_bounds() -> None:
    with pytest.raises(ValueError, match="from 5 is after to 2"):
        normalise([(5, 2)])


def test_subtract_splits_and_trims() -> None:
    assert subtract([(1, 10), (20, 30)], [(3, 4), (9, 21), (30, 40)]) == [
        (1, 2),
        (5, 8),
        (22, 29),
    ]
    assert subtract([(1, 3)], [(1, 3)]) == []
    assert subtract([(1, 3)], []) == [(1, 3)]


def test_take_lowest_spans_intervals_and_keeps_the_rest() -> None:
    taken, rest = take_lowest([(1, 2), (5, 9)], 4)
    assert taken == [(1, 2), (5, 6)]
    assert rest == [(7, 9)]
    assert size(taken) == 4


def test_take_lowest_refuses_more_than_available() -> None:
    with pytest.raises(ValueError, match="only 3 free"):
        take_lowest([(1, 3)], 4)


def test_take_lowest_exactly_everything_leaves_nothing() -> None:
    assert take_lowest([(1, 3)], 3) == ([(1, 3)], [])


# -- serial number types ------------------------------------------------------------------------


def test_types_have_distinct_names_and_identifiers_0_1_2() -> None:
    names = [t.name for t in SERIAL_NUMBER_TYPES]
    assert len(set(names)) == len(names)
    assert {t.identifier for t in SERIAL_NUMBER_TYPES} == {0, 1, 2}


@pytest.mark.parametrize("serial_type", SERIAL_NUMBER_TYPES, ids=lambda t: t.name)
def test_format_and_parse_round_trip_and_match_the_regex(serial_type) -> None:  # type: ignore[no-untyped-def]
    import re

    for address in (serial_type.first_address, serial_type.first_address + 41):
        text = serial_type.format_address(address)
        assert re.fullmatch(serial_type.reg_ex, text), text
        assert serial_type.parse(text) == address


def test_decimal_serial_number_format() -> None:
    sn = find_type("SerialNumber")
    assert sn is not None
    assert sn.format_address(42) == "SN00000042"
    with pytest.raises(ValueError, match="SN########"):
        sn.parse("XX00000042")


def test_mac_address_accepts_separators_and_lowercase() -> None:
    mac = find_type("macaddress")  # type names are case-insensitive
    assert mac is not None
    assert mac.parse("02:50:c2:00:00:2a") == mac.parse("0250C200002A") == 0x0250C200002A
    assert mac.format_address(0x0250C200002A) == "0250C200002A"


def test_imei_has_a_luhn_check_digit() -> None:
    imei = find_type("IMEI")
    assert imei is not None
    text = imei.format_address(1)
    assert len(text) == 15
    assert int(text[-1]) == luhn_check_digit(text[:-1])
    broken = text[:-1] + str((int(text[-1]) + 1) % 10)
    with pytest.raises(ValueError, match="check digit"):
        imei.parse(broken)


def test_luhn_known_value() -> None:
    assert luhn_check_digit("49015420323751") == 8  # IMEI 490154203237518


def test_parse_bound_accepts_serial_numbers_and_plain_addresses() -> None:
    sn = find_type("SerialNumber")
    assert sn is not None
    assert parse_bound(sn, "SN00000007") == 7
    assert parse_bound(sn, "7") == 7
    assert parse_bound(sn, 7) == 7
    with pytest.raises(ValueError, match="not a SerialNumber"):
        parse_bound(sn, "ZZ")
    with pytest.raises(ValueError, match="outside"):
        parse_bound(sn, 10**12)


def test_unknown_type_is_none() -> None:
    assert find_type("nope") is None
