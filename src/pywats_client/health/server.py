"""Loopback HTTP server for ``/health``, ``/ready`` and ``/metrics``.

No web framework: a request head with size limits and a read timeout, one response, close.
A slow, garbage or flooding client can only waste its own connection (bounded count).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from types import TracebackType
from typing import Any

from pywats_client.health.http import HttpError, HttpRequest, parse_request_head, render_response
from pywats_client.health.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from pywats_client.health.metrics import render_metrics
from pywats_client.health.snapshot import HealthSnapshot

__all__ = ["HealthServer", "route"]

logger = logging.getLogger(__name__)

_JSON = "application/json"
_TEXT = "text/plain; charset=utf-8"
_ALLOWED_METHODS = ("GET", "HEAD")
_Result = tuple[HTTPStatus, str, bytes, dict[str, str]]


def route(request: HttpRequest, snapshot: Callable[[], HealthSnapshot]) -> _Result:
    """Decide the response to a parsed request: (status, content type, body, extra headers).

    ``snapshot`` is only called for known paths with an allowed method.
    """
    pages = {"/health": _health, "/ready": _ready, "/metrics": _metrics}
    page = pages.get(request.path)
    if page is None:
        return _json(HTTPStatus.NOT_FOUND, {"error": f"no such path: {request.path}"})
    if request.method not in _ALLOWED_METHODS:
        status, ctype, body, _ = _json(
            HTTPStatus.METHOD_NOT_ALLOWED, {"error": f"method {request.method} not allowed"}
        )
        return status, ctype, body, {"Allow": ", ".join(_ALLOWED_METHODS)}
    return page(snapshot())


def _health(snap: HealthSnapshot) -> _Result:
    return _json(HTTPStatus.OK, {"status": "ok", **snap.to_dict()})


def _ready(snap: HealthSnapshot) -> _Result:
    if snap.ready:
        return _json(HTTPStatus.OK, {"ready": True, "state": snap.state})
    reason = f"service state is {snap.state}, not RUNNING"
    return _json(
        HTTPStatus.SERVICE_UNAVAILABLE, {"ready": False, "state": snap.state, "reason": reason}
    )


def _metrics(snap: HealthSnapshot) -> _Result:
    return HTTPStatus.OK, METRICS_CONTENT_TYPE, render_metrics(snap).encode("utf-8"), {}


def _json(status: HTTPStatus, body: dict[str, Any]) -> _Result:
    return status, _JSON, json.dumps(body).encode("utf-8"), {}


class HealthServer:
    """Serve health and metrics over HTTP/1.1 on loopback.

    Args:
        snapshot: Returns the current :class:`HealthSnapshot`; called on the event loop for
            each request, so it must be cheap and must not block.
        host: Bind address; must be loopback unless ``allow_non_loopback`` is set.
        port: TCP port; 0 picks a free one (see :attr:`port` after :meth:`start`).
        allow_non_loopback: Permit e.g. ``0.0.0.0`` (containers that publish the port).
        read_timeout_s: Limit for receiving the request head.
        max_head_bytes: Limit for the request line plus headers.
        max_connections: Concurrent connections; more are closed at once.
    """

    def __init__(
        self,
        snapshot: Callable[[], HealthSnapshot],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        allow_non_loopback: bool = False,
        read_timeout_s: float = 5.0,
        max_head_bytes: int = 16 * 1024,
        max_connections: int = 64,
    ) -> None:
        if host == "localhost":
            host = "127.0.0.1"  # one socket, one port, even when port=0
        if not allow_non_loopback and not _is_loopback(host):
            raise ValueError(
                f"refusing to serve health on non-loopback host {host!r}; "
                "pass allow_non_loopback=True to expose it deliberately"
            )
        self._snapshot = snapshot
        self._host = host
        self._requested_port = port
        self._read_timeout_s = read_timeout_s
        self._max_head_bytes = max_head_bytes
        self._max_connections = max_connections
        self._server: asyncio.AbstractServer | None = None
        self._port: int | None = None
        self._connections: set[asyncio.Task[Any]] = set()

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        """The bound port (available after :meth:`start`)."""
        if self._port is None:
            raise RuntimeError("health server not started")
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("health server already started")
        self._server = await asyncio.start_server(
            self._on_connection, self._host, self._requested_port, limit=self._max_head_bytes
        )
        self._port = int(self._server.sockets[0].getsockname()[1])
        logger.info("health endpoint on %s", self.url)

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(server.wait_closed(), 5.0)

    async def __aenter__(self) -> HealthServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        try:
            if self._server is None or len(self._connections) >= self._max_connections:
                return
            self._connections.add(task)
            response = await self._respond(reader)
            if response:
                writer.write(response)
                await asyncio.wait_for(writer.drain(), self._read_timeout_s)
        except (ConnectionError, asyncio.TimeoutError):
            pass
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(OSError, asyncio.TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), 1.0)

    async def _respond(self, reader: asyncio.StreamReader) -> bytes:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self._read_timeout_s)
            request = parse_request_head(head)
        except asyncio.TimeoutError:
            return _error(HTTPStatus.REQUEST_TIMEOUT, "request head not received in time")
        except asyncio.LimitOverrunError:
            return _error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request head too large")
        except asyncio.IncompleteReadError:
            return b""  # the client went away before finishing its request
        except HttpError as exc:
            return _error(exc.status, exc.detail)
        try:
            status, content_type, body, extra = route(request, self._snapshot)
        except Exception:
            logger.exception("health snapshot failed")
            return _error(HTTPStatus.INTERNAL_SERVER_ERROR, "health snapshot failed")
        return render_response(
            status, body, content_type, extra_headers=extra, include_body=request.method != "HEAD"
        )


def _error(status: HTTPStatus, detail: str) -> bytes:
    body = json.dumps({"error": detail}).encode("utf-8")
    return render_response(status, body, _JSON)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
