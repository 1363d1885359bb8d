"""``request_sync`` for the CLI, against a server running on its own loop thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pywats_client.ipc import (
    IpcCommandError,
    IpcEndpoint,
    IpcServer,
    ServiceNotRunning,
    request_sync,
)


async def add(args: dict[str, Any]) -> Any:
    return args["a"] + args["b"]


@pytest.fixture
def threaded_server(short_dir: Path) -> Iterator[IpcServer]:
    """An IPC server on a background event loop, as the service would run it."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="ipc-test-loop")
    thread.start()
    server = IpcServer(IpcEndpoint.unix(short_dir / "s.sock"), {"add": add})
    try:
        asyncio.run_coroutine_threadsafe(server.start(), loop).result(10)
        yield server
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def test_request_sync_from_a_plain_thread(threaded_server: IpcServer) -> None:
    assert request_sync(threaded_server.endpoint, "add", a=2, b=3) == 5


def test_request_sync_inside_a_running_event_loop(threaded_server: IpcServer) -> None:
    async def caller() -> Any:
        return request_sync(threaded_server.endpoint, "add", a=4, b=5)

    assert asyncio.run(caller()) == 9


def test_request_sync_raises_command_errors(threaded_server: IpcServer) -> None:
    with pytest.raises(IpcCommandError, match="unknown command 'nope'"):
        request_sync(threaded_server.endpoint, "nope")


def test_request_sync_when_nothing_runs(short_dir: Path) -> None:
    with pytest.raises(ServiceNotRunning, match="not running"):
        request_sync(IpcEndpoint.unix(short_dir / "none.sock"), "ping", connect_timeout_s=0.5)
