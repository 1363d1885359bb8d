"""The blocking portal: one loop thread, many caller threads, callers inside event loops."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import anyio.lowlevel
import pytest

from pywats.core.sync import SyncPortal


async def loop_identity() -> tuple[int, int]:
    await anyio.lowlevel.checkpoint()
    return threading.get_ident(), id(asyncio.get_running_loop())


async def add(a: int, b: int = 0, *, c: int = 0) -> int:
    await anyio.lowlevel.checkpoint()
    return a + b + c


async def fail() -> None:
    raise KeyError("from the loop")


def portal_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("test-portal")]


def test_call_passes_args_and_kwargs_and_returns() -> None:
    with SyncPortal(name="test-portal") as portal:
        assert portal.call(add, 1, 2, c=3) == 6


def test_exceptions_propagate_unchanged() -> None:
    with SyncPortal(name="test-portal") as portal, pytest.raises(KeyError, match="from the loop"):
        portal.call(fail)


def test_every_call_runs_on_the_same_loop_from_many_threads() -> None:
    with SyncPortal(name="test-portal") as portal:
        with ThreadPoolExecutor(max_workers=8) as pool:
            identities = list(pool.map(lambda _: portal.call(loop_identity), range(64)))
        assert len(set(identities)) == 1
        assert identities[0][0] != threading.get_ident()


def test_works_from_inside_a_running_event_loop() -> None:
    with SyncPortal(name="test-portal") as portal:

        async def caller() -> int:
            return portal.call(add, 20, 22)  # a blocking call inside async code still works

        assert asyncio.run(caller()) == 42


def test_call_from_the_loop_thread_raises_instead_of_deadlocking() -> None:
    with SyncPortal(name="test-portal") as portal:

        async def reenter() -> int:
            return portal.call(add, 1)

        with pytest.raises(RuntimeError, match="own event loop thread"):
            portal.call(reenter)


def test_close_stops_the_thread_and_is_idempotent() -> None:
    portal = SyncPortal(name="test-portal")
    assert len(portal_threads()) == 1
    portal.close()
    portal.close()
    assert portal.closed
    assert portal_threads() == []
    with pytest.raises(RuntimeError, match="closed"):
        portal.call(add, 1)
