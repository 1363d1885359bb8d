"""TaskSupervisor and ``every``: crashed tasks are restarted by the watchdog, then given up on."""

from __future__ import annotations

import anyio
import pytest

from pywats_client.service.background import TaskSupervisor, every


async def _wait_stopped(supervisor: TaskSupervisor, name: str) -> None:
    with anyio.fail_after(5):
        await supervisor.wait_stopped(name)


@pytest.mark.anyio
async def test_crash_is_recorded_and_restarted_by_check() -> None:
    runs: list[int] = []
    release = anyio.Event()

    async def flaky() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise OSError("disk gone")
        await release.wait()

    async with anyio.create_task_group() as tg:
        supervisor = TaskSupervisor(tg, max_restarts=3)
        supervisor.start("worker", flaky)
        await _wait_stopped(supervisor, "worker")
        health = supervisor.health()["worker"]
        assert health["running"] is False
        assert health["crashes"] == 1
        assert health["last_error"] == "OSError: disk gone"
        assert supervisor.check() == ["worker"]
        assert supervisor.health()["worker"]["running"] is True
        assert supervisor.check() == []  # running: nothing to restart
        release.set()
        await _wait_stopped(supervisor, "worker")
    assert runs == [0, 1]
    assert supervisor.fatal is None
    assert supervisor.check() == []  # a task that returned is done, not crashed


@pytest.mark.anyio
async def test_too_many_crashes_in_a_row_is_fatal() -> None:
    async def broken() -> None:
        raise RuntimeError("no such table: reports")

    async with anyio.create_task_group() as tg:
        supervisor = TaskSupervisor(tg, max_restarts=2)
        supervisor.start("uploader", broken)
        for _ in range(2):
            await _wait_stopped(supervisor, "uploader")
            assert supervisor.check() == ["uploader"]
        await _wait_stopped(supervisor, "uploader")
        assert supervisor.check() == []
    assert supervisor.fatal is not None
    assert "uploader crashed 3 times in a row" in supervisor.fatal
    assert "no such table" in supervisor.fatal
    assert supervisor.health()["uploader"]["crashes"] == 3


@pytest.mark.anyio
async def test_a_task_that_survives_a_round_starts_its_count_again() -> None:
    crash = anyio.Event()
    crashes = 0

    async def sometimes() -> None:
        nonlocal crashes
        await crash.wait()
        crashes += 1
        raise ValueError(f"crash {crashes}")

    ticks = iter(float(n) for n in range(1000))
    async with anyio.create_task_group() as tg:
        supervisor = TaskSupervisor(tg, max_restarts=1, clock=lambda: next(ticks))
        supervisor.start("job", sometimes)
        for _ in range(3):  # three crashes, each after surviving a watchdog round
            assert supervisor.check() == []
            crash.set()
            await _wait_stopped(supervisor, "job")
            crash = anyio.Event()
            assert supervisor.check() == ["job"]
            supervisor.check()  # the restarted task survives one more round
        tg.cancel_scope.cancel()
    assert supervisor.fatal is None
    assert crashes == 3


@pytest.mark.anyio
async def test_every_survives_a_failing_job() -> None:
    calls = 0
    done = anyio.Event()

    async def job() -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            done.set()
        raise ValueError("fails every time")

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(every, lambda: 0.001, job)
            await done.wait()
            tg.cancel_scope.cancel()
    assert calls >= 3
