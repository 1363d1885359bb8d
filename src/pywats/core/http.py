"""The one HTTP client every repository uses: pooling, auth, retry, throttle, breaker.

``AsyncHttpClient.request`` never raises because of an HTTP status: it returns a
:class:`Response` and the repositories decide (through ``ErrorHandler``) what a status
means. It raises only when no usable answer exists: ``ConnectionError`` / ``TimeoutError``
once retries are used up, or ``CircuitOpenError``. httpx exceptions are translated here and
nowhere else.

Per attempt, inside the retry loop: wait for the rate limiter, ask the circuit breaker, send,
record the outcome in the breaker, then let :mod:`pywats.core.retry` decide. Retries stop
early when the breaker opens.
"""

from __future__ import annotations

import json as jsonlib
import logging
import random
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import anyio
import httpx

from pywats.core.circuit import CircuitBreaker, CircuitState
from pywats.core.errors import PyWATSConnectionError, PyWATSTimeoutError, TransportError
from pywats.core.request import (
    build_default_headers,
    is_internal_path,
    normalise_base_url,
    tls_verification,
)
from pywats.core.retry import (
    RetryConfig,
    RetryStats,
    parse_retry_after,
    retry_delay_s,
    retry_reason,
    should_retry,
)
from pywats.core.throttle import RateLimiter, default_rate_limiter

__all__ = ["AsyncHttpClient", "Response"]

logger = logging.getLogger(__name__)

_ERROR_MESSAGE_KEYS = ("message", "Message", "error", "errors", "detail", "title")


def _parse_body(content: bytes, content_type: str) -> Any:
    # JSON when the server says so, else text when it decodes as UTF-8, else None (binary).
    if not content:
        return None
    if "json" in content_type.lower():
        try:
            return jsonlib.loads(content)
        except ValueError:
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _message_from(value: Any) -> str | None:
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [m for m in (_message_from(v) for v in value) if m]
        return "; ".join(parts) or None
    if isinstance(value, dict):
        # RFC 7807 "errors": {"field": ["problem", ...]}
        parts = []
        for key, item in value.items():
            text = _message_from(item)
            if text:
                parts.append(f"{key}: {text}")
        return "; ".join(parts) or None
    return str(value)


@dataclass(frozen=True)
class Response:
    """A received HTTP answer, independent of httpx.

    ``data`` is the parsed JSON for JSON bodies, the text for other UTF-8 bodies, and
    ``None`` for empty or binary bodies (use ``content`` for those).
    """

    status_code: int
    headers: Mapping[str, str]
    content: bytes = field(repr=False)
    data: Any = field(repr=False)
    method: str
    url: str

    @classmethod
    def from_httpx(cls, response: httpx.Response) -> Response:
        content = response.content
        headers = {k.lower(): v for k, v in response.headers.items()}
        return cls(
            status_code=response.status_code,
            headers=headers,
            content=content,
            data=_parse_body(content, headers.get("content-type", "")),
            method=response.request.method,
            url=str(response.request.url),
        )

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def is_client_error(self) -> bool:
        return 400 <= self.status_code < 500

    @property
    def is_server_error(self) -> bool:
        return 500 <= self.status_code < 600

    @property
    def is_not_found(self) -> bool:
        return self.status_code == 404

    @property
    def error_message(self) -> str | None:
        """The server's explanation: a known JSON key, else the raw text, else ``None``."""
        data = self.data
        if isinstance(data, dict):
            for key in _ERROR_MESSAGE_KEYS:
                text = _message_from(data.get(key))
                if text:
                    return text
            return None
        if isinstance(data, str):
            return data.strip() or None
        return _message_from(data)


class AsyncHttpClient:
    """Async HTTP client for one WATS server: one connection pool for its whole life.

    Args:
        base_url: Server root, normalised with :func:`normalise_base_url`.
        token: API token, sent as ``Authorization: Basic <token>``; never logged or shown.
        timeout_s: Default timeout for connect, read, write and pool waits.
        verify: TLS certificate verification (on by default), a CA bundle path (file or
            directory) or an ``ssl.SSLContext``.
        proxy: Proxy URL, if any.
        retry: Retry settings.
        rate_limiter: Limiter to wait on before each attempt; ``None`` uses the process-wide one.
        circuit_breaker: Breaker to consult per attempt; ``None`` creates one for this client.
        http2: Offer HTTP/2 over TLS.
        transport: httpx transport override (tests use ``httpx.MockTransport``).
        rng: Random source for backoff jitter.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout_s: float = 30.0,
        verify: bool | str | ssl.SSLContext = True,
        proxy: str | None = None,
        retry: RetryConfig | None = None,
        rate_limiter: RateLimiter | None = None,
        circuit_breaker: CircuitBreaker | None = None,
        http2: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if not token:
            raise ValueError("the WATS API token is empty")
        self.base_url = normalise_base_url(base_url)
        self.retry_config = retry or RetryConfig()
        self.rate_limiter = rate_limiter if rate_limiter is not None else default_rate_limiter()
        self.circuit_breaker = circuit_breaker or CircuitBreaker()
        self.retry_stats = RetryStats()
        self.timeout_s = timeout_s
        self._rng = rng or random.Random()  # noqa: S311 - jitter only
        # The token lives only inside the httpx client's headers (httpx masks it in reprs).
        self._client = httpx.AsyncClient(
            headers=build_default_headers(token),
            timeout=httpx.Timeout(timeout_s),
            verify=tls_verification(verify),
            proxy=proxy,
            http2=http2,
            follow_redirects=True,
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"AsyncHttpClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> AsyncHttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    @property
    def is_closed(self) -> bool:
        return self._client.is_closed

    async def aclose(self) -> None:
        """Close the connection pool (idempotent)."""
        await self._client.aclose()

    def url_for(self, path: str) -> str:
        if not path.startswith("/"):
            raise ValueError(f"endpoint path must start with '/': {path!r}")
        return self.base_url + path

    def headers_for(self, path: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """Per-request headers on top of the defaults (``Referer`` for internal paths)."""
        headers: dict[str, str] = {}
        if is_internal_path(path):
            headers["Referer"] = self.base_url
        if extra:
            headers.update(extra)
        return headers

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        timeout_s: float | None = None,
    ) -> Response:
        """Send a request, retrying per policy; return the final response whatever its status.

        Args:
            method: HTTP method.
            path: Endpoint path starting with ``/api/``.
            params: Query parameters; ``None`` values are left out.
            json: JSON body.
            content: Raw body (e.g. XML); set ``Content-Type`` in ``headers``.
            headers: Extra headers for this call.
            idempotent: Override the method rule (``True`` lets a POST be retried).
            timeout_s: Timeout for this call instead of the client default.

        Raises:
            ConnectionError: The server could not be reached, after retries.
            TimeoutError: The server did not answer in time, after retries.
            CircuitOpenError: Recent failures opened the circuit; nothing was sent.
        """
        method = method.upper()
        url = self.url_for(path)
        query = {k: v for k, v in (params or {}).items() if v is not None}
        request_headers = self.headers_for(path, headers)
        timeout = httpx.Timeout(timeout_s) if timeout_s is not None else httpx.USE_CLIENT_DEFAULT
        config = self.retry_config
        attempt = 0
        while True:
            await self.rate_limiter.acquire_async()
            self.circuit_breaker.before_call(method, url)
            self.retry_stats.record_attempt()
            response: Response | None = None
            error: TransportError | None = None
            cause: httpx.HTTPError | None = None
            try:
                raw = await self._client.request(
                    method,
                    url,
                    params=query,
                    json=json,
                    content=content,
                    headers=request_headers,
                    timeout=timeout,
                )
                response = Response.from_httpx(raw)
            except httpx.TimeoutException as exc:
                limit_s = timeout_s if timeout_s is not None else self.timeout_s
                error = PyWATSTimeoutError(
                    method=method,
                    url=url,
                    detail=f"{type(exc).__name__} (limit {limit_s:g} s)",
                    attempts=attempt + 1,
                )
                cause = exc
            except httpx.RequestError as exc:
                error = PyWATSConnectionError(
                    method=method,
                    url=url,
                    detail=str(exc) or type(exc).__name__,
                    attempts=attempt + 1,
                )
                cause = exc

            if response is not None:
                self.circuit_breaker.record_status(response.status_code)
                outcome: int | BaseException = response.status_code
                logger.debug("%s %s -> %d", method, url, response.status_code)
            else:
                assert error is not None
                self.circuit_breaker.record_failure()
                outcome = error

            # A breaker that this very failure opened ends the retries: the caller gets the
            # server's own answer (or transport error) rather than a CircuitOpenError.
            breaker_open = self.circuit_breaker.state is CircuitState.OPEN
            if not breaker_open and should_retry(method, outcome, attempt, config, idempotent):
                reason = retry_reason(outcome, config)
                assert reason is not None
                retry_after_s = (
                    parse_retry_after(response.headers.get("retry-after"))
                    if response is not None
                    else None
                )
                delay_s = retry_delay_s(attempt, config, retry_after_s, self._rng)
                self.retry_stats.record_retry(reason)
                logger.warning(
                    "%s %s: %s (attempt %d of %d); retrying in %.2f s",
                    method,
                    url,
                    response.status_code if response is not None else error,
                    attempt + 1,
                    config.max_attempts,
                    delay_s,
                )
                await anyio.sleep(delay_s)
                attempt += 1
                continue

            if retry_reason(outcome, config) is not None:
                self.retry_stats.record_gave_up()
            if error is not None:
                raise error from cause
            assert response is not None
            return response

    async def get(self, path: str, **kwargs: Any) -> Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> Response:
        return await self.request("POST", path, **kwargs)

    async def put(self, path: str, **kwargs: Any) -> Response:
        return await self.request("PUT", path, **kwargs)

    async def patch(self, path: str, **kwargs: Any) -> Response:
        return await self.request("PATCH", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Response:
        return await self.request("DELETE", path, **kwargs)
