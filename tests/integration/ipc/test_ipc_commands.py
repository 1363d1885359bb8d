"""IPC server and client over a real Unix socket: permissions, commands, errors, concurrency."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from pywats_client.ipc import (
    IpcClient,
    IpcCommandError,
    IpcEndpoint,
    IpcServer,
    IpcTimeout,
    discover,
)

pytestmark = pytest.mark.anyio


async def add(args: dict[str, Any]) -> Any:
    return args["a"] + args["b"]


async def echo(args: dict[str, Any]) -> Any:
    return args


async def fail(args: dict[str, Any]) -> Any:
    raise ValueError("boom: " + str(args.get("why", "")))


HANDLERS = {"add": add, "echo": echo, "fail": fail}


async def test_socket_endpoint_file_and_created_dir_are_owner_only(short_dir: Path) -> None:
    sock_path = short_dir / "run" / "s.sock"
    endpoint_file = short_dir / "ipc.json"
    async with IpcServer(IpcEndpoint.unix(sock_path), HANDLERS, endpoint_file=endpoint_file):
        assert stat.S_ISSOCK(sock_path.stat().st_mode)
        assert stat.S_IMODE(sock_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(sock_path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(endpoint_file.stat().st_mode) == 0o600
        assert discover(endpoint_file) == IpcEndpoint.unix(sock_path)
    assert not sock_path.exists()
    assert not endpoint_file.exists()


async def test_ping_is_built_in(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    async with IpcServer(endpoint, HANDLERS, version="9.9.9"), IpcClient(endpoint) as client:
        pong = await client.request("ping")
    assert pong["pid"] == os.getpid()
    assert pong["version"] == "9.9.9"
    assert pong["uptime_s"] >= 0
    assert pong["commands"] == ["add", "echo", "fail", "ping"]


def test_registering_ping_is_refused(short_dir: Path) -> None:
    with pytest.raises(ValueError, match="built into"):
        IpcServer(IpcEndpoint.unix(short_dir / "s.sock"), {"ping": echo})


async def test_many_requests_on_one_client(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    async with IpcServer(endpoint, HANDLERS), IpcClient(endpoint) as client:
        results = [await client.request("add", a=i, b=1) for i in range(50)]
        echoed = await client.request("echo", text="Prüfstand ¶", nested={"list": [1, None]})
    assert results == [i + 1 for i in range(50)]
    assert echoed == {"text": "Prüfstand ¶", "nested": {"list": [1, None]}}


async def test_unknown_command_lists_known_commands(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    async with IpcServer(endpoint, HANDLERS), IpcClient(endpoint) as client:
        with pytest.raises(IpcCommandError) as info:
            await client.request("launch_rocket")
        assert await client.request("add", a=1, b=2) == 3  # connection still usable
    assert "unknown command 'launch_rocket'" in info.value.message
    assert "add, echo, fail, ping" in info.value.message
    assert info.value.data == {"known_commands": ["add", "echo", "fail", "ping"]}
    assert info.value.command == "launch_rocket"


async def test_handler_error_is_reported_and_logged_with_traceback(
    short_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    caplog.set_level(logging.ERROR, logger="pywats_client.ipc")
    async with IpcServer(endpoint, HANDLERS), IpcClient(endpoint) as client:
        with pytest.raises(IpcCommandError, match=r"ValueError: boom: disk full"):
            await client.request("fail", why="disk full")
        assert await client.request("add", a=2, b=2) == 4
    [record] = [r for r in caplog.records if "IPC command 'fail' failed" in r.getMessage()]
    assert record.exc_info is not None
    assert record.exc_info[0] is ValueError


async def test_handler_exceeding_command_timeout_is_cancelled(short_dir: Path) -> None:
    cancelled = asyncio.Event()

    async def hang(args: dict[str, Any]) -> Any:
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()

    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    server = IpcServer(endpoint, {"hang": hang}, command_timeout_s=0.2)
    async with server, IpcClient(endpoint) as client:
        with pytest.raises(IpcCommandError, match=r"'hang' timed out after 0.2 s"):
            await client.request("hang")
        assert cancelled.is_set()
        assert (await client.request("ping"))["pid"] == os.getpid()


async def test_unserialisable_result_is_an_error_not_a_dead_connection(short_dir: Path) -> None:
    async def weird(args: dict[str, Any]) -> Any:
        return {"value": object()}

    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    async with IpcServer(endpoint, {"weird": weird}), IpcClient(endpoint) as client:
        with pytest.raises(IpcCommandError, match="cannot be sent: message is not JSON"):
            await client.request("weird")
        assert "pid" in await client.request("ping")


async def test_oversized_result_is_an_error(short_dir: Path) -> None:
    async def big(args: dict[str, Any]) -> Any:
        return "x" * 5000

    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    server = IpcServer(endpoint, {"big": big}, max_frame_bytes=1024)
    async with server, IpcClient(endpoint) as client:
        with pytest.raises(IpcCommandError, match="exceeds the maximum of 1024 bytes"):
            await client.request("big")


async def test_client_timeout_drops_the_connection_and_recovers(short_dir: Path) -> None:
    async def hang(args: dict[str, Any]) -> Any:
        await asyncio.Event().wait()

    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    server = IpcServer(endpoint, {"hang": hang, **HANDLERS}, shutdown_grace_s=0.1)
    async with server, IpcClient(endpoint, timeout_s=0.2) as client:
        with pytest.raises(IpcTimeout, match=r"no response to 'hang' .* within 0.2 s"):
            await client.request("hang")
        assert await client.request("add", a=1, b=1) == 2


async def test_twenty_concurrent_clients(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")

    async def worker(n: int) -> list[Any]:
        async with IpcClient(endpoint) as client:
            return [await client.request("add", a=n, b=i) for i in range(10)]

    async with IpcServer(endpoint, HANDLERS):
        results = await asyncio.gather(*(worker(n) for n in range(20)))
    assert results == [[n + i for i in range(10)] for n in range(20)]


async def test_one_client_serialises_concurrent_requests(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    async with IpcServer(endpoint, HANDLERS), IpcClient(endpoint) as client:
        results = await asyncio.gather(*(client.request("add", a=i, b=i) for i in range(30)))
    assert results == [2 * i for i in range(30)]


async def test_connections_above_the_limit_are_told_busy(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    async with IpcServer(endpoint, HANDLERS, max_connections=2):
        first, second = IpcClient(endpoint), IpcClient(endpoint)
        await first.request("ping")
        await second.request("ping")
        async with IpcClient(endpoint) as third:
            with pytest.raises(IpcCommandError, match=r"server busy \(2 connections\)"):
                await third.request("ping")
            await first.close()
            assert "pid" in await third.request("ping")
        await second.close()


async def test_a_cancelled_request_does_not_poison_the_next_one(short_dir: Path) -> None:
    started = asyncio.Event()

    async def slow(args: dict[str, Any]) -> Any:
        started.set()
        await asyncio.sleep(0.2)
        return "late answer"

    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    server = IpcServer(endpoint, {"slow": slow, **HANDLERS}, shutdown_grace_s=0.1)
    async with server, IpcClient(endpoint) as client:
        pending = asyncio.ensure_future(client.request("slow"))
        await started.wait()
        pending.cancel()
        with pytest.raises(asyncio.CancelledError):
            await pending
        await asyncio.sleep(0.3)  # the late answer would now be waiting on a reused stream
        assert await client.request("add", a=5, b=5) == 10
