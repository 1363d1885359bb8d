"""Loopback TCP mode (used on Windows): per-start secret, endpoint file, refusals."""

from __future__ import annotations

import asyncio
import logging
import socket
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from pywats_client.ipc import (
    EndpointInUse,
    EndpointKind,
    IpcClient,
    IpcCommandError,
    IpcEndpoint,
    IpcServer,
    ServiceNotRunning,
    discover,
    write_endpoint_file,
)
from pywats_client.ipc.protocol import encode_frame, read_message

pytestmark = pytest.mark.anyio


def make_handlers(calls: list[dict[str, Any]]) -> dict[str, Any]:
    async def record(args: dict[str, Any]) -> Any:
        calls.append(args)
        return len(calls)

    return {"record": record}


async def test_right_secret_from_the_endpoint_file_is_accepted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    endpoint_file = tmp_path / "ipc.json"
    calls: list[dict[str, Any]] = []
    server = IpcServer(IpcEndpoint.tcp(), make_handlers(calls), endpoint_file=endpoint_file)
    async with server:
        bound = server.endpoint
        assert bound.kind is EndpointKind.TCP
        assert bound.port > 0
        assert bound.secret is not None
        assert len(bound.secret) >= 32
        if sys.platform != "win32":
            assert stat.S_IMODE(endpoint_file.stat().st_mode) == 0o600
        found = discover(endpoint_file)
        assert found == bound
        assert found is not None
        async with IpcClient(found) as client:
            assert await client.request("record", n=1) == 1
            assert await client.request("record", n=2) == 2
    assert calls == [{"n": 1}, {"n": 2}]
    assert not endpoint_file.exists()
    assert bound.secret not in caplog.text


async def test_wrong_secret_is_refused_and_the_handler_never_runs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    calls: list[dict[str, Any]] = []
    async with IpcServer(IpcEndpoint.tcp(), make_handlers(calls)) as server:
        wrong = IpcEndpoint.tcp(port=server.endpoint.port, secret="not-the-secret")
        async with IpcClient(wrong) as client:
            with pytest.raises(IpcCommandError, match="authentication failed"):
                await client.request("record")
            with pytest.raises(IpcCommandError, match="authentication failed"):
                await client.request("ping")
        async with IpcClient(server.endpoint) as client:
            assert await client.request("record") == 1
        secret = server.endpoint.secret
    assert calls == [{}]
    assert "missing or wrong secret" in caplog.text
    assert secret is not None
    assert secret not in caplog.text
    assert "not-the-secret" not in caplog.text


async def test_missing_secret_is_refused_and_the_connection_closed() -> None:
    async with IpcServer(IpcEndpoint.tcp(), {}) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.endpoint.port)
        writer.write(encode_frame({"command": "ping", "request_id": "r1", "args": {}}))
        response = await read_message(reader)
        assert response is not None
        assert response["success"] is False
        assert response["request_id"] == "r1"
        assert response["error"] == "authentication failed: missing or wrong secret"
        assert await asyncio.wait_for(reader.read(), 10) == b""
        writer.close()
        await writer.wait_closed()


async def test_each_start_gets_a_new_secret() -> None:
    server = IpcServer(IpcEndpoint.tcp(), {})
    secrets_seen = set()
    for _ in range(2):
        async with server:
            secrets_seen.add(server.endpoint.secret)
    assert len(secrets_seen) == 2


async def test_a_second_server_with_the_same_endpoint_file_is_refused(tmp_path: Path) -> None:
    endpoint_file = tmp_path / "ipc.json"
    async with IpcServer(IpcEndpoint.tcp(), {}, endpoint_file=endpoint_file) as first:
        with pytest.raises(EndpointInUse, match=f"tcp://127.0.0.1:{first.endpoint.port}"):
            await IpcServer(IpcEndpoint.tcp(), {}, endpoint_file=endpoint_file).start()
        assert discover(endpoint_file) == first.endpoint


async def test_stale_endpoint_file_is_replaced(tmp_path: Path) -> None:
    endpoint_file = tmp_path / "ipc.json"
    with socket.socket() as probe:  # a port that nothing listens on any more
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    write_endpoint_file(endpoint_file, IpcEndpoint.tcp(port=dead_port, secret="old"), pid=1)
    async with IpcServer(IpcEndpoint.tcp(), {}, endpoint_file=endpoint_file) as server:
        assert discover(endpoint_file) == server.endpoint


async def test_nothing_listening_on_the_port_is_service_not_running() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    endpoint = IpcEndpoint.tcp(port=dead_port, secret="x")
    async with IpcClient(endpoint) as client:
        with pytest.raises(
            ServiceNotRunning, match=f"nothing listens at tcp://127.0.0.1:{dead_port}"
        ):
            await client.request("ping")
