"""The package status workflow of wats-api.md §8.9, as the emulator enforces it.

Draft -> Pending -> Released -> Revoked, and Pending -> Draft. Everything else is refused with
a message that names the current status and the allowed next ones.
"""

from __future__ import annotations

import itertools

import pytest

from pywats_emulator.software.workflow import (
    NEXT_STATUSES,
    PackageStatus,
    StatusValueError,
    TransitionError,
    check_transition,
    parse_status,
)

ALLOWED = {
    (PackageStatus.DRAFT, PackageStatus.PENDING),
    (PackageStatus.PENDING, PackageStatus.RELEASED),
    (PackageStatus.PENDING, PackageStatus.DRAFT),
    (PackageStatus.RELEASED, PackageStatus.REVOKED),
}


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_the_documented_moves_are_allowed(current: PackageStatus, target: PackageStatus) -> None:
    check_transition(current, target)  # does not raise


REFUSED = sorted(set(itertools.product(PackageStatus, repeat=2)) - ALLOWED)


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_every_other_move_is_refused_naming_current_and_allowed(
    current: PackageStatus, target: PackageStatus
) -> None:
    with pytest.raises(TransitionError) as caught:
        check_transition(current, target)

    message = str(caught.value)
    assert current.value in message
    assert target.value in message
    for allowed in NEXT_STATUSES[current]:
        assert allowed.value in message
    assert caught.value.current is current
    assert caught.value.target is target


def test_revoked_is_final_and_says_so() -> None:
    assert NEXT_STATUSES[PackageStatus.REVOKED] == ()
    with pytest.raises(TransitionError, match="final"):
        check_transition(PackageStatus.REVOKED, PackageStatus.DRAFT)


def test_a_move_to_the_same_status_is_refused() -> None:
    with pytest.raises(TransitionError, match="already Draft"):
        check_transition(PackageStatus.DRAFT, PackageStatus.DRAFT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Draft", PackageStatus.DRAFT),
        ("pending", PackageStatus.PENDING),
        ("RELEASED", PackageStatus.RELEASED),
        (" Revoked ", PackageStatus.REVOKED),
        ("0", PackageStatus.DRAFT),
        ("3", PackageStatus.REVOKED),
        (2, PackageStatus.RELEASED),
    ],
)
def test_status_values_are_names_in_any_case_or_the_numbers_0_to_3(
    text: str | int, expected: PackageStatus
) -> None:
    assert parse_status(text) is expected


@pytest.mark.parametrize("bad", ["", "Published", "4", -1, 7, None, True, 1.0])
def test_unknown_status_values_list_the_valid_ones(bad: object) -> None:
    with pytest.raises(StatusValueError) as caught:
        parse_status(bad)
    message = str(caught.value)
    for status in PackageStatus:
        assert status.value in message
