"""ServerMonitor: one mechanism for the online ping and the offline probe.

The ping is a plain coroutine standing in for ``analytics.get_version``: it fails with the
library's own errors while ``down`` is set.
"""

from __future__ import annotations

import anyio
import pytest

from pywats.core.errors import AuthenticationError, PyWATSConnectionError
from pywats_client.service.connectivity import ServerMonitor

URL = "http://127.0.0.1:1/api/App/Version"


class FakeServer:
    def __init__(self) -> None:
        self.down = False
        self.refuse_token = False
        self.calls = 0

    async def ping(self) -> str:
        self.calls += 1
        if self.down:
            raise PyWATSConnectionError(method="GET", url=URL, detail="refused")
        if self.refuse_token:
            raise AuthenticationError(status_code=401, method="GET", url=URL)
        return "24.1.0"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[bool] = []
        self.event = anyio.Event()

    async def __call__(self, confirmed: bool) -> None:
        self.calls.append(confirmed)
        self.event.set()

    async def next(self) -> bool:
        with anyio.fail_after(5):
            await self.event.wait()
        self.event = anyio.Event()
        return self.calls[-1]


def _monitor(server: FakeServer, **kwargs: float) -> ServerMonitor:
    settings = {"ping_interval_s": 3600.0, "probe_interval_s": 0.001, "probe_cap_s": 0.002}
    settings.update(kwargs)
    return ServerMonitor(server.ping, **settings)


@pytest.mark.anyio
async def test_a_report_failure_answered_by_the_first_probe_is_not_an_outage() -> None:
    server, back = FakeServer(), Recorder()
    monitor = _monitor(server)
    async with anyio.create_task_group() as tg:
        tg.start_soon(monitor.run, back)
        monitor.unreachable("unreachable: 500 on one report")
        assert monitor.online is False and monitor.offline_since is not None
        assert await back.next() is False  # not confirmed: that report keeps its backoff
        tg.cancel_scope.cancel()
    assert monitor.online is True and monitor.offline_since is None
    assert (monitor.probes, monitor.outages, monitor.pings) == (1, 0, 0)


@pytest.mark.anyio
async def test_failed_probes_confirm_the_outage() -> None:
    server, back = FakeServer(), Recorder()
    monitor = _monitor(server)
    server.down = True
    async with anyio.create_task_group() as tg:
        tg.start_soon(monitor.run, back)
        monitor.unreachable("ambiguous: timed out")
        with anyio.fail_after(5):
            while monitor.probes < 3:  # noqa: ASYNC110 - a counter, no event to wait on
                await anyio.sleep(0.001)
        assert monitor.online is False and back.calls == []
        server.down = False
        assert await back.next() is True
        tg.cancel_scope.cancel()
    assert monitor.outages == 1


@pytest.mark.anyio
async def test_ping_while_online_detects_an_outage() -> None:
    server, back = FakeServer(), Recorder()
    monitor = _monitor(server, ping_interval_s=0.001)
    async with anyio.create_task_group() as tg:
        tg.start_soon(monitor.run, back)
        with anyio.fail_after(5):
            while monitor.pings < 2:  # noqa: ASYNC110
                await anyio.sleep(0.001)
        server.down = True
        with anyio.fail_after(5):
            while monitor.online:  # noqa: ASYNC110
                await anyio.sleep(0.001)
        server.down = False
        assert await back.next() is True  # the failed ping itself confirms it
        tg.cancel_scope.cancel()
    assert monitor.outages == 1


@pytest.mark.anyio
async def test_no_ping_while_other_requests_get_answers() -> None:
    server, back = FakeServer(), Recorder()
    now = [0.0]
    monitor = ServerMonitor(server.ping, ping_interval_s=10.0, clock=lambda: now[0])
    async with anyio.create_task_group() as tg:
        tg.start_soon(monitor.run, back)
        for _ in range(5):
            now[0] += 9.0
            monitor.answered()  # a delivery succeeded: no ping needed
            monitor.nudge()
            await anyio.sleep(0.01)
        assert server.calls == 0
        now[0] += 11.0
        monitor.nudge()
        with anyio.fail_after(5):
            while server.calls == 0:  # noqa: ASYNC110
                await anyio.sleep(0.001)
        tg.cancel_scope.cancel()
    assert monitor.pings == 1


@pytest.mark.anyio
async def test_an_error_answer_means_the_server_is_reachable() -> None:
    server, back = FakeServer(), Recorder()
    server.refuse_token = True
    monitor = _monitor(server)
    async with anyio.create_task_group() as tg:
        tg.start_soon(monitor.run, back)
        monitor.unreachable("unreachable: 503")
        assert await back.next() is False
        tg.cancel_scope.cancel()
    assert monitor.online


@pytest.mark.anyio
async def test_probe_waits_while_deliveries_are_in_flight() -> None:
    server, back = FakeServer(), Recorder()
    busy = [True]
    monitor = ServerMonitor(
        server.ping, probe_interval_s=0.001, probe_cap_s=0.001, busy=lambda: busy[0]
    )
    async with anyio.create_task_group() as tg:
        tg.start_soon(monitor.run, back)
        monitor.unreachable("unreachable: 503")
        await anyio.sleep(0.05)
        assert server.calls == 0  # still waiting for the deliveries to report
        busy[0] = False
        monitor.nudge()
        assert await back.next() is False
        tg.cancel_scope.cancel()
    assert server.calls == 1
