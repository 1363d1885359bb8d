"""AsyncHttpClient: URL, headers, the retry loop (via httpx.MockTransport), token hygiene."""

from __future__ import annotations

import logging
import random
import ssl
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx
import pytest

from pywats.core.circuit import CircuitBreaker, CircuitState
from pywats.core.errors import CircuitOpenError, PyWATSConnectionError, PyWATSTimeoutError
from pywats.core.http import AsyncHttpClient
from pywats.core.request import is_internal_path, normalise_base_url, tls_verification
from pywats.core.retry import RetryConfig, RetryReason
from pywats.core.throttle import RateLimiter

TOKEN = "c2VjcmV0LXVzZXI6c2VjcmV0LXRva2Vu"
BASE = "https://wats.example"
FAST = RetryConfig(base_delay_s=0.001, max_delay_s=0.01)


class Script:
    """A transport that answers from a list (statuses or exceptions) and records requests."""

    def __init__(self, steps: Iterable[int | Exception | httpx.Response]) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return step
        return httpx.Response(step, json={"status": step})


def make_client(
    handler: Callable[[httpx.Request], httpx.Response],
    *,
    retry: RetryConfig = FAST,
    breaker: CircuitBreaker | None = None,
    limiter: RateLimiter | None = None,
) -> AsyncHttpClient:
    return AsyncHttpClient(
        BASE,
        TOKEN,
        retry=retry,
        rate_limiter=limiter or RateLimiter(),
        circuit_breaker=breaker,
        transport=httpx.MockTransport(handler),
        rng=random.Random(0),
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://acme.wats.com", "https://acme.wats.com"),
        ("https://acme.wats.com/", "https://acme.wats.com"),
        ("https://acme.wats.com/api", "https://acme.wats.com"),
        ("https://acme.wats.com/api/", "https://acme.wats.com"),
        ("https://acme.wats.com/API", "https://acme.wats.com"),
        ("acme.wats.com", "https://acme.wats.com"),
        ("acme.wats.com/api", "https://acme.wats.com"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("https://host/wats/api", "https://host/wats"),
        ("  https://acme.wats.com  ", "https://acme.wats.com"),
        ("https://acme.wats.com/apix", "https://acme.wats.com/apix"),
    ],
)
def test_base_url_normalisation(given: str, expected: str) -> None:
    assert normalise_base_url(given) == expected


@pytest.mark.parametrize("bad", ["", "   ", "ftp://host"])
def test_bad_base_urls_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        normalise_base_url(bad)


def test_internal_path_detection() -> None:
    assert is_internal_path("/api/internal/Process/GetProcesses")
    assert is_internal_path("/API/Internal/UnitFlow")
    assert not is_internal_path("/api/Report/WSJF")
    assert not is_internal_path("/api/internalish")


@pytest.mark.anyio
async def test_default_headers_and_referer_only_on_internal_paths() -> None:
    script = Script([200])
    async with make_client(script) as client:
        await client.get("/api/App/Version")
        await client.get("/api/internal/Process/GetProcesses")
    public, internal = script.requests
    assert public.headers["Authorization"] == f"Basic {TOKEN}"
    assert public.headers["Accept"] == "application/json"
    assert public.headers["Content-Type"] == "application/json"
    assert "Referer" not in public.headers
    assert internal.headers["Referer"] == BASE
    assert str(public.url) == f"{BASE}/api/App/Version"


@pytest.mark.anyio
async def test_none_params_are_dropped_and_bools_are_lowercase() -> None:
    script = Script([200])
    async with make_client(script) as client:
        await client.get("/api/App/Processes", params={"a": True, "b": None, "c": False, "d": 3})
    assert script.requests[0].url.params == httpx.QueryParams({"a": "true", "c": "false", "d": "3"})


@pytest.mark.anyio
async def test_never_raises_on_status() -> None:
    async with make_client(Script([404])) as client:
        response = await client.get("/api/Report/Wsjf/x")
    assert response.status_code == 404
    assert response.method == "GET"
    assert response.url == f"{BASE}/api/Report/Wsjf/x"


@pytest.mark.anyio
async def test_get_retries_503_then_succeeds() -> None:
    script = Script([503, 503, 200])
    async with make_client(script) as client:
        response = await client.get("/api/App/Version")
    assert response.status_code == 200
    assert len(script.requests) == 3
    stats = client.retry_stats.snapshot()
    assert (stats.attempts, stats.retries, stats.gave_up) == (3, 2, 0)
    assert stats.by_reason == {RetryReason.SERVER_ERROR: 2}


@pytest.mark.anyio
async def test_gives_up_after_max_attempts_and_returns_the_last_response() -> None:
    script = Script([502])
    async with make_client(script) as client:
        response = await client.get("/api/App/Version")
    assert response.status_code == 502
    assert len(script.requests) == FAST.max_attempts
    assert client.retry_stats.snapshot().gave_up == 1


@pytest.mark.anyio
async def test_post_is_not_retried() -> None:
    script = Script([503, 200])
    async with make_client(script) as client:
        response = await client.post("/api/Report/WSJF", json={"id": "x"})
    assert response.status_code == 503
    assert len(script.requests) == 1


@pytest.mark.anyio
async def test_post_marked_idempotent_is_retried_with_the_same_body() -> None:
    script = Script([503, 200])
    async with make_client(script) as client:
        response = await client.post("/api/Report/WSJF", json={"id": "x"}, idempotent=True)
    assert response.status_code == 200
    assert [r.content for r in script.requests] == [b'{"id":"x"}', b'{"id":"x"}']


@pytest.mark.anyio
async def test_retry_after_is_honoured(caplog: pytest.LogCaptureFixture) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "0.02"}, json={"message": "slow down"})
    script = Script([limited, 200])
    config = RetryConfig(base_delay_s=5.0, max_delay_s=5.0)  # backoff alone would wait seconds
    with caplog.at_level(logging.WARNING, logger="pywats.core.http"):
        async with make_client(script, retry=config) as client:
            response = await client.get("/api/App/Version")
    assert response.status_code == 200
    assert "retrying in 0.02 s" in caplog.text
    assert client.retry_stats.snapshot().by_reason == {RetryReason.RATE_LIMITED: 1}


@pytest.mark.anyio
async def test_connection_errors_are_retried_then_translated() -> None:
    script = Script([httpx.ConnectError("[Errno 111] Connection refused")])
    async with make_client(script) as client:
        with pytest.raises(PyWATSConnectionError) as info:
            await client.get("/api/App/Version")
    assert len(script.requests) == 3
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert "Connection refused" in str(info.value)
    assert "after 3 attempts" in str(info.value)


@pytest.mark.anyio
async def test_timeouts_are_translated() -> None:
    script = Script([httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"), 200])
    async with make_client(script) as client:
        assert (await client.get("/api/App/Version")).status_code == 200
    script = Script([httpx.ReadTimeout("slow")])
    async with make_client(script, retry=RetryConfig.disabled()) as client:
        with pytest.raises(PyWATSTimeoutError):
            await client.get("/api/App/Version")


@pytest.mark.anyio
async def test_post_connection_error_is_not_retried() -> None:
    script = Script([httpx.ConnectError("refused"), 200])
    async with make_client(script) as client:
        with pytest.raises(PyWATSConnectionError):
            await client.post("/api/Report/WSJF", json={})
    assert len(script.requests) == 1


@pytest.mark.anyio
async def test_breaker_opened_by_the_retries_stops_them_then_fails_fast() -> None:
    breaker = CircuitBreaker(failure_threshold=2, recovery_timeout_s=60.0)
    script = Script([500])
    async with make_client(script, breaker=breaker) as client:
        response = await client.get("/api/App/Version")  # attempt 2 opens the circuit
        assert response.status_code == 500
        assert breaker.state is CircuitState.OPEN
        assert len(script.requests) == 2
        with pytest.raises(CircuitOpenError):
            await client.get("/api/App/Version")
    assert len(script.requests) == 2


@pytest.mark.anyio
async def test_open_circuit_raises_without_sending() -> None:
    breaker = CircuitBreaker(failure_threshold=1, recovery_timeout_s=60.0)
    breaker.record_failure()
    script = Script([200])
    async with make_client(script, breaker=breaker) as client:
        with pytest.raises(CircuitOpenError):
            await client.get("/api/App/Version")
    assert script.requests == []


@pytest.mark.anyio
async def test_client_errors_do_not_open_the_circuit() -> None:
    breaker = CircuitBreaker(failure_threshold=2)
    async with make_client(Script([401]), breaker=breaker) as client:
        for _ in range(5):
            await client.get("/api/App/Version")
    assert breaker.state is CircuitState.CLOSED


@pytest.mark.anyio
async def test_rate_limiter_is_consulted_per_attempt() -> None:
    limiter = RateLimiter(max_requests=100, window_s=60.0)
    async with make_client(Script([503, 503, 200]), limiter=limiter) as client:
        await client.get("/api/App/Version")
    assert limiter.stats().total == 3


@pytest.mark.anyio
async def test_per_call_headers_and_raw_content() -> None:
    script = Script([200])
    async with make_client(script) as client:
        await client.post(
            "/api/Report/WSXF", content="<Report/>", headers={"Content-Type": "application/xml"}
        )
    assert script.requests[0].headers["Content-Type"] == "application/xml"
    assert script.requests[0].content == b"<Report/>"


def test_relative_paths_must_start_with_a_slash() -> None:
    client = make_client(Script([200]))
    with pytest.raises(ValueError, match="start with '/'"):
        client.url_for("api/App/Version")


def test_empty_token_is_rejected() -> None:
    with pytest.raises(ValueError, match="token"):
        AsyncHttpClient(BASE, "")


@pytest.mark.anyio
async def test_token_never_in_repr_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    script = Script([503, httpx.ConnectError("refused")])
    with caplog.at_level(logging.DEBUG):
        async with make_client(script) as client:
            assert TOKEN not in repr(client)
            assert TOKEN not in repr(client._client)
            assert TOKEN not in repr(client._client.headers)
            with pytest.raises(PyWATSConnectionError) as info:
                await client.get("/api/App/Version")
    assert TOKEN not in str(info.value)
    assert TOKEN not in repr(info.value)
    assert caplog.records, "the retry loop must log something for this check to mean anything"
    for record in caplog.records:
        assert TOKEN not in record.getMessage()


def test_tls_verification_options(tmp_path: Path) -> None:
    assert tls_verification(True) is True
    assert tls_verification(False) is False
    context = ssl.create_default_context()
    assert tls_verification(context) is context
    from_dir = tls_verification(str(tmp_path))  # a (here empty) CA directory
    assert isinstance(from_dir, ssl.SSLContext)
    assert from_dir.verify_mode is ssl.CERT_REQUIRED
    with pytest.raises(FileNotFoundError):
        tls_verification(str(tmp_path / "missing-ca.pem"))


def test_ca_path_is_accepted_without_httpx_deprecation_warning(tmp_path: Path) -> None:
    # Warnings are errors in this test suite: httpx would warn on verify=<str>.
    client = AsyncHttpClient(BASE, TOKEN, verify=str(tmp_path), rate_limiter=RateLimiter())
    assert client.base_url == BASE
