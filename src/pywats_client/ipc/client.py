"""IPC client: one persistent connection per client, reopened when the server closed it.

Requests on one client are sent one at a time (a lock), which keeps the stream simple; use
several clients for parallelism. A client is bound to the event loop it first runs on.
:func:`request_sync` is the blocking one-shot form for the CLI.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import uuid
from types import TracebackType
from typing import Any

from pywats_client.ipc.endpoint import (
    EndpointKind,
    IpcEndpoint,
    pid_alive,
    read_endpoint_file,
)
from pywats_client.ipc.errors import (
    EndpointError,
    IpcCommandError,
    IpcError,
    IpcTimeout,
    MalformedFrame,
    ProtocolError,
    ServiceNotRunning,
)
from pywats_client.ipc.protocol import (
    DEFAULT_MAX_FRAME_BYTES,
    Request,
    Response,
    encode_frame,
    read_message,
)

__all__ = ["IpcClient", "discover", "request_sync"]

logger = logging.getLogger(__name__)

_Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class _ConnectionLost(Exception):
    """The connection closed before any byte of the response arrived."""


class IpcClient:
    """Async client for the station service's IPC.

    Args:
        endpoint: Where the service listens (see :func:`discover`).
        connect_timeout_s: Limit for opening the connection.
        timeout_s: Limit for sending one request and receiving its response.
        max_frame_bytes: Largest response accepted.

    Example:
        >>> async with IpcClient(endpoint) as client:  # doctest: +SKIP
        ...     status = await client.request("get_status")
    """

    def __init__(
        self,
        endpoint: IpcEndpoint,
        *,
        connect_timeout_s: float = 2.0,
        timeout_s: float = 30.0,
        max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES,
    ) -> None:
        self._endpoint = endpoint
        self._connect_timeout_s = connect_timeout_s
        self._timeout_s = timeout_s
        self._max_frame_bytes = max_frame_bytes
        self._conn: _Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def endpoint(self) -> IpcEndpoint:
        return self._endpoint

    async def request(self, command: str, /, **args: Any) -> Any:
        """Run ``command`` on the service and return its ``data``.

        A connection the server closed while idle is reopened transparently (once).

        Raises:
            ServiceNotRunning: nothing listens at the endpoint.
            IpcTimeout: connecting or the exchange took too long (the connection is dropped).
            IpcCommandError: the service answered ``success: false``.
            ProtocolError: the request cannot be encoded, or the response is invalid.
        """
        request_id = uuid.uuid4().hex
        secret = self._endpoint.secret if self._endpoint.kind is EndpointKind.TCP else None
        frame = encode_frame(
            Request(command, request_id, dict(args), secret=secret).to_message(),
            max_frame_bytes=self._max_frame_bytes,
        )
        async with self._lock:
            message = await self._exchange_with_retry(command, frame)
            try:
                response = Response.from_message(message)
                # A refusal sent before the server could read our id (busy) carries "".
                unmatched = response.success or response.request_id != ""
                if response.request_id != request_id and unmatched:
                    raise MalformedFrame(
                        f"response is for request {response.request_id!r}, not {request_id!r}"
                    )
            except ProtocolError:
                await self._drop()
                raise
        if not response.success:
            raise IpcCommandError(command, response.error or "unknown error", response.data)
        return response.data

    async def close(self) -> None:
        """Close the connection (the client can still be used; it reconnects)."""
        await self._drop()

    async def __aenter__(self) -> IpcClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _exchange_with_retry(self, command: str, frame: bytes) -> dict[str, Any]:
        for attempt in range(2):
            reused = self._conn is not None
            reader, writer = await self._connection()
            try:
                return await asyncio.wait_for(
                    self._exchange(reader, writer, frame), self._timeout_s
                )
            except asyncio.TimeoutError:
                await self._drop()
                raise IpcTimeout(
                    f"no response to {command!r} from the pyWATS service at {self._endpoint} "
                    f"within {self._timeout_s} s"
                ) from None
            except _ConnectionLost:
                await self._drop()
                # A reused connection may have been closed by the server while idle: retry once.
                if reused and attempt == 0:
                    continue
                raise ServiceNotRunning(
                    f"the pyWATS service at {self._endpoint} closed the connection "
                    f"before answering {command!r}"
                ) from None
            except ProtocolError:
                await self._drop()
                raise
            except asyncio.CancelledError:
                # The stream may hold half a request or an unread answer: never reuse it.
                self._forget()
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, frame: bytes
    ) -> dict[str, Any]:
        try:
            writer.write(frame)
            await writer.drain()
            message = await read_message(reader, max_frame_bytes=self._max_frame_bytes)
        except ConnectionError as exc:
            raise _ConnectionLost from exc
        if message is None:
            raise _ConnectionLost
        return message

    async def _connection(self) -> _Connection:
        if self._conn is not None:
            reader, writer = self._conn
            if not writer.is_closing() and not reader.at_eof():
                return self._conn
            await self._drop()
        self._conn = await self._open()
        return self._conn

    async def _open(self) -> _Connection:
        endpoint = self._endpoint
        try:
            if endpoint.kind is EndpointKind.UNIX:
                opening = asyncio.open_unix_connection(str(endpoint.path))
            else:
                opening = asyncio.open_connection(endpoint.host, endpoint.port)
            return await asyncio.wait_for(opening, self._connect_timeout_s)
        except asyncio.TimeoutError:
            raise IpcTimeout(
                f"connecting to the pyWATS service at {endpoint} timed out after "
                f"{self._connect_timeout_s} s"
            ) from None
        except PermissionError as exc:
            raise IpcError(
                f"permission denied connecting to the pyWATS service at {endpoint} "
                "(is it running as another user?)"
            ) from exc
        except OSError as exc:
            raise ServiceNotRunning(
                f"the pyWATS service is not running: nothing listens at {endpoint} "
                f"({exc.strerror or exc})"
            ) from exc

    def _forget(self) -> None:
        if self._conn is not None:
            self._conn[1].close()
            self._conn = None

    async def _drop(self) -> None:
        if self._conn is None:
            return
        _, writer = self._conn
        self._conn = None
        writer.close()
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            await asyncio.wait_for(writer.wait_closed(), 1.0)


def request_sync(
    endpoint: IpcEndpoint,
    command: str,
    /,
    *,
    connect_timeout_s: float = 2.0,
    timeout_s: float = 30.0,
    **args: Any,
) -> Any:
    """Blocking one-shot request for the CLI (``connect_timeout_s``/``timeout_s`` are reserved).

    Works from a plain thread; called from inside a running event loop it runs the exchange
    on a helper thread so it cannot deadlock that loop (it still blocks the caller).

    Example:
        >>> request_sync(endpoint, "get_queue_stats")  # doctest: +SKIP
    """

    async def run() -> Any:
        async with IpcClient(
            endpoint, connect_timeout_s=connect_timeout_s, timeout_s=timeout_s
        ) as client:
            return await client.request(command, **args)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(run())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def discover(endpoint_file: str | os.PathLike[str]) -> IpcEndpoint | None:
    """Endpoint of a running service from its endpoint file, or ``None``.

    ``None`` when the file is missing, unreadable, malformed, owned by another user, its
    process is gone (POSIX), or its Unix socket no longer exists. Liveness is only certain
    once a request succeeds.
    """
    try:
        record = read_endpoint_file(endpoint_file)
    except EndpointError as exc:
        logger.debug("no usable IPC endpoint: %s", exc)
        return None
    if not pid_alive(record.pid):
        logger.debug("IPC endpoint file %s is stale (pid %d is gone)", endpoint_file, record.pid)
        return None
    endpoint = record.endpoint
    if (
        endpoint.kind is EndpointKind.UNIX
        and endpoint.path is not None
        and not endpoint.path.exists()
    ):
        logger.debug("IPC socket %s named in %s does not exist", endpoint.path, endpoint_file)
        return None
    return endpoint
