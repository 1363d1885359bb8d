"""OData $filter builder: the exact strings of wats-api.md §2.1."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from enum import Enum

import pytest

from pywats.domains.report.filters import (
    F,
    Field,
    Filter,
    all_of,
    any_of,
    format_literal,
)
from pywats.domains.report.models import ReportResult

UTC = timezone.utc
CET = timezone(timedelta(hours=1))


def test_serial_and_part_number() -> None:
    assert str(F.serial_number.eq("SN-1")) == "serialNumber eq 'SN-1'"
    assert str(F.part_number.eq("PN-1")) == "partNumber eq 'PN-1'"


def test_date_range_is_utc_z_unquoted() -> None:
    flt = F.start.between(
        datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC), datetime(2026, 1, 31, 23, 59, 59, tzinfo=UTC)
    )
    assert str(flt) == "start ge 2026-01-01T00:00:00Z and start le 2026-01-31T23:59:59Z"


def test_aware_datetime_is_converted_to_utc() -> None:
    local = datetime(2026, 1, 1, 1, 0, 0, tzinfo=CET)
    assert str(F.start.ge(local)) == "start ge 2026-01-01T00:00:00Z"


def test_microseconds_are_kept_when_present() -> None:
    moment = datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)
    assert format_literal(moment) == "2026-01-01T00:00:00.123456Z"


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        F.start.ge(datetime(2026, 1, 1))


def test_sub_unit_any_for_uut_and_uur() -> None:
    assert (
        str(F.sub_units.any(lambda s: s.part_number.eq("X")))
        == "subUnits/any(s: s/partNumber eq 'X')"
    )
    assert (
        str(F.uur_sub_units.any(lambda s: s.part_number.eq("X")))
        == "uurSubUnits/any(s: s/partNumber eq 'X')"
    )
    assert (
        str(F.sub_units.any(lambda s: s.serial_number.eq("X")))
        == "subUnits/any(s: s/serialNumber eq 'X')"
    )


def test_any_with_compound_predicate_and_custom_variable() -> None:
    flt = F.sub_units.any(lambda u: u.part_number.eq("X") & u.revision.eq("A"), variable="u")
    assert str(flt) == "subUnits/any(u: u/partNumber eq 'X' and u/revision eq 'A')"
    with pytest.raises(ValueError, match="identifier"):
        F.sub_units.any(lambda s: s.part_number.eq("X"), variable="s x")


def test_and_or_combination_and_parentheses() -> None:
    a, b, c = F.serial_number.eq("A"), F.serial_number.eq("B"), F.part_number.eq("P")
    assert str(a & b & c) == "serialNumber eq 'A' and serialNumber eq 'B' and partNumber eq 'P'"
    assert str(a | b | c) == "serialNumber eq 'A' or serialNumber eq 'B' or partNumber eq 'P'"
    assert str((a | b) & c) == "(serialNumber eq 'A' or serialNumber eq 'B') and partNumber eq 'P'"
    assert str(c & (a | b)) == "partNumber eq 'P' and (serialNumber eq 'A' or serialNumber eq 'B')"
    # "and" binds tighter than "or": no parentheses needed
    assert str(a | (b & c)) == "serialNumber eq 'A' or serialNumber eq 'B' and partNumber eq 'P'"


def test_all_of_and_any_of_skip_none() -> None:
    assert all_of() is None
    assert all_of(None, None) is None
    only = F.serial_number.eq("A")
    assert all_of(None, only) is only
    joined = all_of(F.serial_number.eq("A"), None, F.part_number.eq("P"))
    assert str(joined) == "serialNumber eq 'A' and partNumber eq 'P'"
    either = any_of(F.serial_number.eq("A"), F.serial_number.eq("B"))
    assert str(either) == "serialNumber eq 'A' or serialNumber eq 'B'"
    assert any_of(None) is None


def test_one_of() -> None:
    flt = F.serial_number.one_of(["A", "B"])
    assert str(flt & F.part_number.eq("P")) == (
        "(serialNumber eq 'A' or serialNumber eq 'B') and partNumber eq 'P'"
    )
    with pytest.raises(ValueError, match="at least one"):
        F.serial_number.one_of([])


def test_quote_doubling() -> None:
    assert str(Field("operator").eq("O'Brien")) == "operator eq 'O''Brien'"
    assert format_literal("''") == "''''''"


class _Color(Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (50, "50"),
        (-1, "-1"),
        (1.5, "1.5"),
        (date(2026, 1, 31), "2026-01-31"),
        (ReportResult.PASSED, "'P'"),
        (_Color.RED, "'red'"),
        ("", "''"),
    ],
)
def test_literals(value: object, literal: str) -> None:
    assert format_literal(value) == literal  # type: ignore[arg-type]


def test_every_comparison_operator() -> None:
    field = F.process_code
    assert [str(f) for f in (field.eq(1), field.ne(1), field.gt(1), field.ge(1))] == [
        "processCode eq 1",
        "processCode ne 1",
        "processCode gt 1",
        "processCode ge 1",
    ]
    assert [str(f) for f in (field.lt(1), field.le(1))] == ["processCode lt 1", "processCode le 1"]
    assert str(F.batch_number.eq(None)) == "batchNumber eq null"


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_numbers_are_rejected(value: float) -> None:
    with pytest.raises(ValueError, match="cannot be written"):
        format_literal(value)


def test_unsupported_type_is_rejected() -> None:
    with pytest.raises(TypeError, match="OData literal"):
        format_literal(object())  # type: ignore[arg-type]


def test_filters_are_filters() -> None:
    assert isinstance(F.serial_number.eq("A") & F.part_number.eq("B"), Filter)
    assert F.serial_number.eq("A") == F.serial_number.eq("A")  # value objects


def test_every_field_and_form_compiles_in_the_emulator() -> None:
    """The emulator's OData compiler (an independent parser) accepts everything we produce."""
    from pywats_emulator.headers import HEADER_SCHEMA
    from pywats_emulator.odata import compile_filter

    moment = datetime(2026, 1, 1, 0, 0, 0, 500, tzinfo=UTC)
    numeric = {"processCode", "testSocketIndex", "run", "errorCode"}
    fields = [value for value in vars(type(F)).values() if isinstance(value, Field)]
    filters: list[Filter] = [
        field.eq(1 if field.name in numeric else moment if field.name == "start" else "x")
        for field in fields
    ]
    filters += [
        F.start.between(moment, moment),
        F.start.ge(date(2026, 1, 1)),
        F.batch_number.eq(None) | F.process_code.ne(50),
        (F.serial_number.eq("O'Brien") | F.serial_number.eq("B")) & F.part_number.eq("P"),
        F.sub_units.any(lambda s: s.part_number.eq("X") & s.part_type.eq("PCBA")),
        F.uur_sub_units.any(lambda s: s.serial_number.eq("X") | s.revision.eq("A")),
    ]
    assert len(filters) > 20
    for flt in filters:
        sql, _params = compile_filter(str(flt), HEADER_SCHEMA)
        assert sql
