"""Start/stop of the IPC server: stale and live sockets, restarts, shutdown with work in flight."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from pywats_client.ipc import (
    EndpointError,
    EndpointInUse,
    IpcClient,
    IpcEndpoint,
    IpcServer,
    ServiceNotRunning,
)
from pywats_client.ipc.protocol import Response, read_message, write_message

pytestmark = pytest.mark.anyio


async def echo(args: dict[str, Any]) -> Any:
    return args


def leave_stale_socket(path: Path) -> int:
    """A socket file whose listener is gone, as a crashed service leaves it."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()
    return path.stat().st_ino


async def test_stale_socket_is_replaced(short_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = short_dir / "s.sock"
    leave_stale_socket(path)
    endpoint = IpcEndpoint.unix(path)
    caplog.set_level(logging.INFO, logger="pywats_client.ipc")
    async with IpcServer(endpoint, {"echo": echo}), IpcClient(endpoint) as client:
        assert await client.request("echo", x=1) == {"x": 1}
    assert f"replacing stale IPC socket {path}" in caplog.text
    assert not path.exists()


async def test_live_socket_is_not_stolen(short_dir: Path) -> None:
    path = short_dir / "s.sock"
    endpoint = IpcEndpoint.unix(path)
    async with IpcServer(endpoint, {"echo": echo}):
        inode = path.stat().st_ino
        with pytest.raises(EndpointInUse, match=f"already listening on IPC socket {path}"):
            await IpcServer(endpoint, {"echo": echo}).start()
        assert path.stat().st_ino == inode
        async with IpcClient(endpoint) as client:
            assert await client.request("echo", still="here") == {"still": "here"}


async def test_a_regular_file_at_the_socket_path_is_left_alone(short_dir: Path) -> None:
    path = short_dir / "s.sock"
    path.write_text("precious")
    with pytest.raises(EndpointError, match="is not a socket; refusing to replace it"):
        await IpcServer(IpcEndpoint.unix(path), {}).start()
    assert path.read_text() == "precious"


async def test_endpoint_file_of_a_live_server_is_not_overwritten(short_dir: Path) -> None:
    endpoint_file = short_dir / "ipc.json"
    first = IpcServer(IpcEndpoint.unix(short_dir / "a.sock"), {}, endpoint_file=endpoint_file)
    async with first:
        before = endpoint_file.read_bytes()
        second = IpcServer(IpcEndpoint.unix(short_dir / "b.sock"), {}, endpoint_file=endpoint_file)
        with pytest.raises(EndpointInUse, match="another pyWATS service"):
            await second.start()
        assert endpoint_file.read_bytes() == before
        assert not (short_dir / "b.sock").exists()


async def test_stop_removes_only_its_own_files(short_dir: Path) -> None:
    path = short_dir / "s.sock"
    server = IpcServer(IpcEndpoint.unix(path), {})
    await server.start()
    os.unlink(path)  # someone else took the path over...
    replacement_inode = leave_stale_socket(path)
    await server.stop()
    assert path.stat().st_ino == replacement_inode  # ...and keeps it


async def test_client_reconnects_after_server_restart(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    async with IpcClient(endpoint) as client:
        async with IpcServer(endpoint, {"echo": echo}):
            first_pid = (await client.request("ping"))["pid"]
        with pytest.raises(ServiceNotRunning, match=f"nothing listens at unix:{endpoint.path}"):
            await client.request("ping")
        async with IpcServer(endpoint, {"echo": echo}):
            assert (await client.request("ping"))["pid"] == first_pid
            assert await client.request("echo", again=True) == {"again": True}


async def test_connection_dropped_by_the_server_is_retried_once(short_dir: Path) -> None:
    """A reused connection that dies before any answer byte is reopened for the request."""
    path = short_dir / "s.sock"
    requests_seen: list[str] = []

    async def answer_once_per_connection(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        # First request on each connection is answered; the second is dropped unanswered.
        for answered in (True, False):
            message = await read_message(reader)
            if message is None:
                break
            requests_seen.append(message["command"])
            if answered:
                await write_message(writer, Response.ok(message["request_id"], "ok").to_message())
        writer.close()

    fake = await asyncio.start_unix_server(answer_once_per_connection, str(path))
    async with fake, IpcClient(IpcEndpoint.unix(path)) as client:
        assert await client.request("first") == "ok"
        assert await client.request("second") == "ok"  # dropped, then retried on a new connection
    assert requests_seen == ["first", "second", "second"]


async def test_service_not_running_names_the_endpoint(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "absent.sock")
    async with IpcClient(endpoint) as client:
        with pytest.raises(ServiceNotRunning, match=f"nothing listens at unix:{endpoint.path}"):
            await client.request("ping")


async def test_stop_lets_a_running_command_finish(short_dir: Path) -> None:
    started = asyncio.Event()

    async def slow(args: dict[str, Any]) -> Any:
        started.set()
        await asyncio.sleep(0.1)
        return "finished"

    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    server = IpcServer(endpoint, {"slow": slow})
    await server.start()
    async with IpcClient(endpoint) as client:
        pending = asyncio.ensure_future(client.request("slow"))
        await started.wait()
        await server.stop()
        assert await pending == "finished"
    assert not endpoint.path.exists()  # type: ignore[union-attr]


async def test_stop_cancels_commands_that_outlive_the_grace_period(short_dir: Path) -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def hang(args: dict[str, Any]) -> Any:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()

    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    server = IpcServer(endpoint, {"hang": hang}, shutdown_grace_s=0.1)
    await server.start()
    async with IpcClient(endpoint) as client:
        pending = asyncio.ensure_future(client.request("hang"))
        await started.wait()
        await server.stop()
        assert cancelled.is_set()
        with pytest.raises(ServiceNotRunning, match="closed the connection before answering"):
            await pending


async def test_a_handler_may_stop_the_server_and_still_answer(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    server: IpcServer

    async def shutdown(args: dict[str, Any]) -> Any:
        await server.stop()
        return "bye"

    server = IpcServer(endpoint, {"shutdown": shutdown})
    await server.start()
    async with IpcClient(endpoint) as client:
        assert await client.request("shutdown") == "bye"
    assert not server.is_serving
    assert not endpoint.path.exists()  # type: ignore[union-attr]


async def test_server_can_be_started_again_after_stop(short_dir: Path) -> None:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    server = IpcServer(endpoint, {"echo": echo})
    for round_ in range(2):
        async with server, IpcClient(endpoint) as client:
            assert await client.request("echo", round=round_) == {"round": round_}
