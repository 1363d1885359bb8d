"""Checks of the manual inspection API without I/O: misc info entries, string tests, XAML."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.manual_inspection.checks import (
    CheckError,
    check_xaml,
    evaluate_string_test,
    validate_misc_infos,
)

# -- misc info ---------------------------------------------------------------------------------


def test_valid_entries_have_no_problems_in_either_form() -> None:
    entries = [
        {"description": "Operator", "text": "Ann"},
        {"description": "Temperature", "numeric": 21.5, "typedef": "degC"},
    ]

    assert validate_misc_infos(entries) == []
    assert validate_misc_infos({"miscInfos": entries}) == []
    assert validate_misc_infos([]) == []


def test_every_problem_is_named_by_its_path() -> None:
    problems = validate_misc_infos(
        [
            {"text": "no description"},
            {"description": "d" * 101, "text": "t" * 101},
            {"description": "Only description"},
            {"description": "Typed", "text": "x", "typedef": "t" * 31, "numeric": "1"},
            {"description": "operator", "text": "a"},
            {"description": "OPERATOR", "text": "b"},
            "not an object",
        ]
    )

    assert problems == [
        "miscInfos[6]: expected an object, got a string",  # the array is scanned first
        "miscInfos[0].description: required",
        "miscInfos[1].description: longer than 100 characters (101)",
        "miscInfos[1].text: longer than 100 characters (101)",
        "miscInfos[2]: needs 'text' or 'numeric'",
        "miscInfos[3].numeric: expected a number, got a string",
        "miscInfos[3].typedef: longer than 30 characters (31)",
        "miscInfos[5].description: 'OPERATOR' repeats miscInfos[4]",
    ]


@pytest.mark.parametrize("body", [None, "x", {"entries": []}, {"miscInfos": {}}])
def test_a_body_that_is_no_list_of_entries_cannot_be_checked(body: Any) -> None:
    with pytest.raises(CheckError, match="JSON array"):
        validate_misc_infos(body)


# -- string test -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "op", "status"),
    [
        ({"value": "OK", "limit": "OK"}, "CASESENSIT", "P"),
        ({"value": "ok", "limit": "OK"}, "CASESENSIT", "F"),
        ({"value": "ok", "limit": "OK", "compOp": "IGNORECASE"}, "IGNORECASE", "P"),
        ({"value": "Straße", "limit": "STRASSE", "compOp": "IGNORECASE"}, "IGNORECASE", "P"),
        ({"value": "a", "limit": "b", "compOp": "IGNORECASE"}, "IGNORECASE", "F"),
        ({"value": "ok", "limit": "ok", "compOp": "EQ"}, "EQ", "P"),
        ({"value": "anything", "compOp": "LOG"}, "LOG", "P"),
    ],
)
def test_the_status_follows_the_operator(sent: dict[str, Any], op: str, status: str) -> None:
    answered = evaluate_string_test({**sent, "name": "Label", "status": "X"})

    assert answered["compOp"] == op
    assert answered["status"] == status
    assert answered["name"] == "Label"  # other keys come back as sent


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "JSON object"),
        ({"value": "1", "limit": "1", "compOp": "GE"}, "'GE' does not compare strings"),
        ({"limit": "x"}, "value is required"),
        ({"value": 5, "limit": "5"}, "value is required"),
        ({"value": "x"}, "limit is required with compOp CASESENSIT"),
    ],
)
def test_a_string_test_that_cannot_be_judged(body: Any, message: str) -> None:
    with pytest.raises(CheckError, match=message):
        evaluate_string_test(body)


# -- XAML --------------------------------------------------------------------------------------


def test_xaml_is_empty_or_well_formed_xml() -> None:
    document = '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"/>'
    assert check_xaml(document) == document
    assert check_xaml("  ") == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "must be a string"),
        ("<a>", "malformed XML at line"),
        ('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "DOCTYPE and entity"),
    ],
)
def test_bad_xaml_is_refused(value: Any, message: str) -> None:
    with pytest.raises(CheckError, match=message):
        check_xaml(value)
