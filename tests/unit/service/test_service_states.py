"""The service lifecycle table: every state reachable, only listed moves allowed."""

from __future__ import annotations

import pytest

from pywats_client.service.states import (
    ALLOWED_TRANSITIONS,
    InvalidTransition,
    ServiceState,
    can_transition,
    transition,
)

S = ServiceState


def test_every_state_has_an_entry() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(ServiceState)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.STOPPED, S.START_PENDING),
        (S.START_PENDING, S.RUNNING),
        (S.RUNNING, S.PAUSED),
        (S.PAUSED, S.RUNNING),
        (S.RUNNING, S.STOP_PENDING),
        (S.PAUSED, S.STOP_PENDING),
        (S.STOP_PENDING, S.STOPPED),
        (S.START_PENDING, S.ERROR),
        (S.ERROR, S.STOP_PENDING),
    ],
)
def test_allowed_moves(current: ServiceState, target: ServiceState) -> None:
    assert transition(current, target) is target
    assert can_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.STOPPED, S.RUNNING),
        (S.STOPPED, S.PAUSED),
        (S.STOP_PENDING, S.RUNNING),
        (S.ERROR, S.RUNNING),
        (S.RUNNING, S.START_PENDING),
        (S.RUNNING, S.RUNNING),
    ],
)
def test_refused_moves_name_both_states(current: ServiceState, target: ServiceState) -> None:
    with pytest.raises(InvalidTransition, match=f"{current.value} to {target.value}"):
        transition(current, target)
    assert not can_transition(current, target)


def test_stopped_is_reachable_from_every_state() -> None:
    reachable = {S.STOPPED}
    changed = True
    while changed:
        before = set(reachable)
        for state, targets in ALLOWED_TRANSITIONS.items():
            if targets & reachable:
                reachable.add(state)
        changed = reachable != before
    assert reachable == set(ServiceState)
