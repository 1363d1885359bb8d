"""Misbehaving clients over a raw Unix socket: each loses its own connection, nothing more."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from pywats_client.ipc import IpcClient, IpcEndpoint, IpcServer
from pywats_client.ipc.protocol import encode_frame, read_message

pytestmark = pytest.mark.anyio

READ_TIMEOUT_S = 0.3


async def add(args: dict[str, Any]) -> Any:
    return args["a"] + args["b"]


@pytest.fixture
async def endpoint(short_dir: Path) -> AsyncIterator[IpcEndpoint]:
    endpoint = IpcEndpoint.unix(short_dir / "s.sock")
    async with IpcServer(endpoint, {"add": add}, read_timeout_s=READ_TIMEOUT_S):
        yield endpoint


async def raw_connection(
    endpoint: IpcEndpoint,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_unix_connection(str(endpoint.path))


async def closed_by_server(reader: asyncio.StreamReader) -> bool:
    """True once the server closed the connection (EOF); the wait is only a safety net."""
    return await asyncio.wait_for(reader.read(), 10) == b""


async def still_serves(endpoint: IpcEndpoint) -> bool:
    async with IpcClient(endpoint) as client:
        return bool(await client.request("add", a=20, b=22) == 42)


async def close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    await writer.wait_closed()


async def test_invalid_json_gets_an_error_and_the_connection_closes(endpoint: IpcEndpoint) -> None:
    reader, writer = await raw_connection(endpoint)
    writer.write(struct.pack("!I", 5) + b"{nope")
    response = await read_message(reader)
    assert response is not None
    assert response["success"] is False
    assert response["request_id"] == ""
    assert response["error"].startswith("bad frame: payload is not valid JSON")
    assert await closed_by_server(reader)
    await close(writer)
    assert await still_serves(endpoint)


async def test_oversized_length_header_is_refused(endpoint: IpcEndpoint) -> None:
    reader, writer = await raw_connection(endpoint)
    writer.write(struct.pack("!I", 2 * 1024**3))
    response = await read_message(reader)
    assert response is not None
    assert response["error"] == (
        "bad frame: frame of 2147483648 bytes exceeds the maximum of 1048576 bytes"
    )
    assert await closed_by_server(reader)
    await close(writer)
    assert await still_serves(endpoint)


async def test_garbage_bytes_are_refused(endpoint: IpcEndpoint) -> None:
    reader, writer = await raw_connection(endpoint)
    writer.write(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n" + bytes(range(256)))
    response = await read_message(reader)
    assert response is not None
    assert response["success"] is False
    assert "bad frame" in response["error"]
    assert await closed_by_server(reader)
    await close(writer)
    assert await still_serves(endpoint)


async def test_a_valid_object_that_is_not_a_request(endpoint: IpcEndpoint) -> None:
    reader, writer = await raw_connection(endpoint)
    writer.write(encode_frame({"request_id": "abc", "args": {}}))
    response = await read_message(reader)
    assert response == {
        "success": False,
        "data": None,
        "error": "invalid request: request has no 'command'",
        "request_id": "abc",
    }
    assert await closed_by_server(reader)
    await close(writer)
    assert await still_serves(endpoint)


async def test_half_a_frame_then_half_close(endpoint: IpcEndpoint) -> None:
    reader, writer = await raw_connection(endpoint)
    writer.write(struct.pack("!I", 100) + b'{"command": "add"')
    writer.write_eof()
    response = await read_message(reader)
    assert response is not None
    assert "connection closed inside the payload (17 of 100 bytes)" in response["error"]
    assert await closed_by_server(reader)
    await close(writer)
    assert await still_serves(endpoint)


async def test_half_a_frame_then_disconnect(endpoint: IpcEndpoint) -> None:
    _, writer = await raw_connection(endpoint)
    writer.write(struct.pack("!I", 100) + b'{"command": "add"')
    await writer.drain()
    await close(writer)
    assert await still_serves(endpoint)


async def test_slowloris_without_bytes_is_timed_out_while_others_are_served(
    endpoint: IpcEndpoint,
) -> None:
    reader, writer = await raw_connection(endpoint)
    assert await still_serves(endpoint)  # served while the silent connection is open
    assert await closed_by_server(reader)
    await close(writer)
    assert await still_serves(endpoint)


async def test_slowloris_with_a_partial_header_is_timed_out(endpoint: IpcEndpoint) -> None:
    reader, writer = await raw_connection(endpoint)
    writer.write(b"\x00\x00")
    assert await closed_by_server(reader)
    await close(writer)
    assert await still_serves(endpoint)


async def test_valid_request_after_idle_timeout_reconnects_transparently(
    endpoint: IpcEndpoint,
) -> None:
    async with IpcClient(endpoint) as client:
        assert await client.request("add", a=1, b=2) == 3
        await asyncio.sleep(READ_TIMEOUT_S * 2)  # the server closes the idle connection
        assert await client.request("add", a=3, b=4) == 7


async def test_client_that_never_reads_is_cut_off_by_the_write_timeout(short_dir: Path) -> None:
    big = "x" * 900_000  # larger than the socket buffers, so drain() has to wait for the reader

    async def large(args: dict[str, Any]) -> Any:
        return big

    endpoint = IpcEndpoint.unix(short_dir / "big.sock")
    async with IpcServer(endpoint, {"large": large, "add": add}, write_timeout_s=0.2):
        reader, writer = await raw_connection(endpoint)
        writer.write(encode_frame({"command": "large", "request_id": "r", "args": {}}))
        assert await still_serves(endpoint)  # served while the write to the other one is stuck
        await asyncio.sleep(0.5)  # past the write timeout, before we start reading
        try:
            received = await asyncio.wait_for(reader.read(), 10)
        except ConnectionResetError:
            received = b""
        assert len(received) < 4 + len(big)  # the response was abandoned, not delivered
        await close(writer)
        assert await still_serves(endpoint)
