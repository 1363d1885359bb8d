"""The health endpoint over real loopback HTTP (httpx) and raw sockets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from pywats_client.health import CONTENT_TYPE, HealthServer, HealthSnapshot

pytestmark = pytest.mark.anyio

READ_TIMEOUT_S = 0.3


class State:
    """A mutable holder the test changes while the server runs."""

    def __init__(self) -> None:
        self.snapshot = HealthSnapshot(
            state="RUNNING",
            server_online=True,
            started_at=1_700_000_000.0,
            version="1.2.3",
            instance_id="default",
            queue_depth={"pending": 7},
            uploads_ok=5,
        )
        self.fail = False

    def __call__(self) -> HealthSnapshot:
        if self.fail:
            raise RuntimeError("snapshot broke")
        return self.snapshot


@pytest.fixture
def state() -> State:
    return State()


@pytest.fixture
async def server(state: State) -> AsyncIterator[HealthServer]:
    async with HealthServer(state, read_timeout_s=READ_TIMEOUT_S) as server:
        yield server


@pytest.fixture
async def http(server: HealthServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
        yield client


async def raw_exchange(server: HealthServer, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(data)
    await writer.drain()
    response = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    await writer.wait_closed()
    return response


async def test_binds_loopback_on_a_free_port(server: HealthServer) -> None:
    assert server.host == "127.0.0.1"
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}"


async def test_health_is_200_json(http: httpx.AsyncClient) -> None:
    response = await http.get("/health")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["state"] == "RUNNING"
    assert body["version"] == "1.2.3"
    assert body["queue_depth"] == {"pending": 7}
    assert body["uploads"] == {"ok": 5, "failed": 0}


async def test_health_stays_200_when_not_ready(http: httpx.AsyncClient, state: State) -> None:
    state.snapshot = replace(state.snapshot, state="ERROR")
    assert (await http.get("/health")).status_code == 200


async def test_ready_follows_the_service_state(http: httpx.AsyncClient, state: State) -> None:
    response = await http.get("/ready")
    assert (response.status_code, response.json()["ready"]) == (200, True)
    state.snapshot = replace(state.snapshot, state="PAUSED")
    response = await http.get("/ready")
    assert response.status_code == 503
    assert response.json() == {
        "ready": False,
        "state": "PAUSED",
        "reason": "service state is PAUSED, not RUNNING",
    }


async def test_metrics_over_http(http: httpx.AsyncClient) -> None:
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == CONTENT_TYPE
    assert "# TYPE pywats_uploads_total counter\n" in response.text
    assert 'pywats_queue_depth{state="pending"} 7\n' in response.text
    assert 'pywats_uploads_total{result="ok"} 5\n' in response.text
    assert 'pywats_service_state{state="RUNNING"} 1\n' in response.text
    assert "pywats_up 1\n" in response.text


async def test_query_string_is_ignored(http: httpx.AsyncClient) -> None:
    assert (await http.get("/metrics", params={"name[]": "x"})).status_code == 200


async def test_head_has_headers_but_no_body(http: httpx.AsyncClient) -> None:
    response = await http.head("/health")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""


async def test_unknown_path_is_404(http: httpx.AsyncClient) -> None:
    response = await http.get("/admin")
    assert response.status_code == 404
    assert response.json() == {"error": "no such path: /admin"}


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
async def test_other_methods_are_405(http: httpx.AsyncClient, method: str) -> None:
    response = await http.request(method, "/health")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


async def test_snapshot_failure_is_500_and_the_server_recovers(
    http: httpx.AsyncClient, state: State, caplog: pytest.LogCaptureFixture
) -> None:
    state.fail = True
    assert (await http.get("/metrics")).status_code == 500
    assert "health snapshot failed" in caplog.text
    state.fail = False
    assert (await http.get("/metrics")).status_code == 200


async def test_garbage_request_is_400(server: HealthServer, http: httpx.AsyncClient) -> None:
    response = await raw_exchange(server, b"\x16\x03\x01 garbage \xff\xfe\r\n\r\n")
    assert response.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert (await http.get("/health")).status_code == 200


async def test_oversized_head_is_431(server: HealthServer, http: httpx.AsyncClient) -> None:
    head = b"GET /health HTTP/1.1\r\n" + b"X-Filler: " + b"a" * 20_000 + b"\r\n\r\n"
    response = await raw_exchange(server, head)
    assert response.startswith(b"HTTP/1.1 431 ")
    assert (await http.get("/health")).status_code == 200


async def test_slowloris_gets_408_and_others_are_served(
    server: HealthServer, http: httpx.AsyncClient
) -> None:
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # never finishes the head
    assert (await http.get("/health")).status_code == 200
    response = await asyncio.wait_for(reader.read(), 10)
    assert response.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    writer.close()
    await writer.wait_closed()


async def test_disconnect_mid_request_does_not_hurt(
    server: HealthServer, http: httpx.AsyncClient
) -> None:
    _, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(b"GET /hea")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    assert (await http.get("/ready")).status_code == 200


async def test_stop_closes_open_connections(state: State) -> None:
    server = HealthServer(state, read_timeout_s=30)
    await server.start()
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(b"GET /health HTTP/1.1\r\n")  # a request the server is still waiting on
    async with httpx.AsyncClient(base_url=server.url) as http:
        # Connections are taken in order: once a later one is answered, ours is being served.
        assert (await http.get("/health")).status_code == 200
    await server.stop()  # must not wait for the 30 s read timeout
    assert await asyncio.wait_for(reader.read(), 10) == b""
    writer.close()
    await writer.wait_closed()
