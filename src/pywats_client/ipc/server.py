"""IPC server: runs registered async command handlers for local clients.

Every wait is bounded (read, write, command), a bad client only ever loses its own
connection, and the socket and endpoint file are owner-only and removed on stop. A handler may
await :meth:`IpcServer.stop` (its own answer is still sent), but long work such as a service
``restart`` is better scheduled as a task so the client gets a prompt reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from pywats_client import __version__
from pywats_client.ipc._unix import bind_unix_socket, remove_socket_if_ours
from pywats_client.ipc.client import IpcClient
from pywats_client.ipc.endpoint import (
    EndpointKind,
    IpcEndpoint,
    read_endpoint_file,
    write_endpoint_file,
)
from pywats_client.ipc.errors import EndpointError, EndpointInUse, IpcError, ProtocolError
from pywats_client.ipc.protocol import (
    DEFAULT_MAX_FRAME_BYTES,
    Request,
    Response,
    encode_frame,
    read_message,
)

__all__ = ["PING_COMMAND", "Handler", "IpcServer"]

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Awaitable[Any]]
PING_COMMAND = "ping"
_PROBE_TIMEOUT_S = 1.0
_LINGER_S = 1.0
# The connection task serving the current request; handlers run in child tasks (wait_for)
# that inherit it, so stop() called from a handler knows which connection not to wait for.
_CONNECTION_TASK: ContextVar[asyncio.Task[Any] | None] = ContextVar(
    "_CONNECTION_TASK", default=None
)


@dataclass
class _ConnectionState:
    busy: bool = False


class IpcServer:
    """Serve IPC commands on a Unix socket or on loopback TCP with a secret.

    Args:
        endpoint: Where to listen. For TCP, ``port=0`` picks a free port and a fresh secret
            is generated unless the endpoint carries one (tests).
        handlers: Command name → ``async def handler(args: dict) -> JSON-able data``.
            ``ping`` is built in and may not be registered.
        endpoint_file: Where to write the endpoint file (mode 0600), or ``None``.
        version: Reported by ``ping``; defaults to ``pywats_client.__version__``.
        max_frame_bytes: Largest request or response frame.
        read_timeout_s: Limit for receiving each whole request (an idle connection is closed).
        write_timeout_s: Limit for sending each response.
        command_timeout_s: Limit for one handler call.
        max_connections: Concurrent connections; more are answered "busy" and closed.
        shutdown_grace_s: How long :meth:`stop` lets running commands finish.
    """

    def __init__(
        self,
        endpoint: IpcEndpoint,
        handlers: Mapping[str, Handler],
        *,
        endpoint_file: str | os.PathLike[str] | None = None,
        version: str | None = None,
        max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES,
        read_timeout_s: float = 10.0,
        write_timeout_s: float = 10.0,
        command_timeout_s: float = 30.0,
        max_connections: int = 32,
        shutdown_grace_s: float = 5.0,
    ) -> None:
        if PING_COMMAND in handlers:
            raise ValueError(f"{PING_COMMAND!r} is built into the IPC server; do not register it")
        self._configured = endpoint  # what the caller asked for; every start binds from it
        self._endpoint = endpoint
        self._handlers: dict[str, Handler] = dict(handlers)
        self._endpoint_file = Path(endpoint_file) if endpoint_file is not None else None
        self._version = version or __version__
        self._max_frame_bytes = max_frame_bytes
        self._read_timeout_s = read_timeout_s
        self._write_timeout_s = write_timeout_s
        self._command_timeout_s = command_timeout_s
        self._max_connections = max_connections
        self._shutdown_grace_s = shutdown_grace_s
        self._server: asyncio.AbstractServer | None = None
        self._connections: dict[asyncio.Task[Any], _ConnectionState] = {}
        self._closing = False
        self._started_at = 0.0
        self._socket_inode: int | None = None
        self._endpoint_file_written = False

    @property
    def endpoint(self) -> IpcEndpoint:
        """The endpoint clients use: after start, with the bound TCP port and secret."""
        return self._endpoint

    @property
    def commands(self) -> list[str]:
        """Every command this server answers, sorted."""
        return sorted([PING_COMMAND, *self._handlers])

    @property
    def is_serving(self) -> bool:
        return self._server is not None and not self._closing

    async def start(self) -> None:
        """Bind, write the endpoint file and start accepting connections.

        Raises:
            EndpointInUse: a live server already owns the socket or endpoint file.
            EndpointError: the socket cannot be created (e.g. path exists and is no socket).
        """
        if self._server is not None:
            raise RuntimeError("IPC server already started")
        self._closing = False
        self._started_at = time.monotonic()
        self._endpoint = self._configured
        try:
            await self._refuse_if_endpoint_file_live()
            if self._endpoint.kind is EndpointKind.UNIX:
                assert self._endpoint.path is not None
                sock, self._socket_inode = await bind_unix_socket(
                    self._endpoint.path, backlog=self._max_connections
                )
                self._server = await asyncio.start_unix_server(self._on_connection, sock=sock)
            else:
                secret = self._endpoint.secret or secrets.token_urlsafe(32)
                self._server = await asyncio.start_server(
                    self._on_connection, self._endpoint.host, self._endpoint.port
                )
                port = int(self._server.sockets[0].getsockname()[1])
                self._endpoint = self._endpoint.with_binding(port=port, secret=secret)
            if self._endpoint_file is not None:
                write_endpoint_file(self._endpoint_file, self._endpoint, pid=os.getpid())
                self._endpoint_file_written = True
        except BaseException:
            await self.stop()
            raise
        logger.info("IPC server listening on %s", self._endpoint)

    async def stop(self) -> None:
        """Stop accepting, finish running commands (grace period), close, remove files."""
        server, self._server = self._server, None
        self._closing = True
        try:
            if server is not None:
                server.close()
                await self._close_connections()
                if _CONNECTION_TASK.get() not in self._connections:
                    # Python >= 3.12 waits here for connections; ours are already closed.
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(server.wait_closed(), self._shutdown_grace_s)
        finally:
            self._remove_files()
        if server is not None:
            logger.info("IPC server on %s stopped", self._endpoint)

    async def __aenter__(self) -> IpcServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- start/stop helpers ---------------------------------------------------------------

    async def _refuse_if_endpoint_file_live(self) -> None:
        if self._endpoint_file is None:
            return
        try:
            record = read_endpoint_file(self._endpoint_file)
        except EndpointError:
            return  # missing or unusable: ours to overwrite
        try:
            async with IpcClient(
                record.endpoint, connect_timeout_s=_PROBE_TIMEOUT_S, timeout_s=_PROBE_TIMEOUT_S
            ) as probe:
                await probe.request(PING_COMMAND)
        except IpcError:
            logger.info("replacing stale IPC endpoint file %s", self._endpoint_file)
            return
        raise EndpointInUse(
            f"another pyWATS service (pid {record.pid}) is serving IPC on {record.endpoint} "
            f"(endpoint file {self._endpoint_file})"
        )

    async def _close_connections(self) -> None:
        own = _CONNECTION_TASK.get()
        tasks = [task for task in self._connections if task is not own]
        busy = [task for task in tasks if self._connections[task].busy]
        for task in tasks:
            if task not in busy:
                task.cancel()
        if busy:
            _, pending = await asyncio.wait(busy, timeout=self._shutdown_grace_s)
            for task in pending:
                logger.warning("cancelling an IPC command still running at shutdown")
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _remove_files(self) -> None:
        path = self._endpoint.path
        if self._socket_inode is not None and path is not None:
            remove_socket_if_ours(path, self._socket_inode)
            self._socket_inode = None
        if self._endpoint_file_written and self._endpoint_file is not None:
            with contextlib.suppress(EndpointError, OSError):
                record = read_endpoint_file(self._endpoint_file)
                if record.pid == os.getpid() and record.endpoint == self._endpoint:
                    self._endpoint_file.unlink()
            self._endpoint_file_written = False

    # -- connections ----------------------------------------------------------------------

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        _CONNECTION_TASK.set(task)
        try:
            if self._closing or len(self._connections) >= self._max_connections:
                await self._refuse_busy(reader, writer)
                return
            state = _ConnectionState()
            self._connections[task] = state
            await self._serve(reader, writer, state)
        except asyncio.CancelledError:
            # Only stop() (or loop shutdown) cancels this task; ending normally keeps asyncio
            # 3.10/3.11 from logging the cancellation as an error in its stream callback.
            pass
        finally:
            self._connections.pop(task, None)
            writer.close()
            with contextlib.suppress(OSError, asyncio.TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), 1.0)

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, state: _ConnectionState
    ) -> None:
        while not self._closing:
            state.busy = False
            try:
                message = await asyncio.wait_for(
                    read_message(reader, max_frame_bytes=self._max_frame_bytes),
                    self._read_timeout_s,
                )
            except asyncio.TimeoutError:
                logger.debug("closing IPC connection: no complete request within the read timeout")
                return
            except ProtocolError as exc:
                logger.warning("closing IPC connection after a bad frame: %s", exc)
                if await self._send(writer, Response.fail("", f"bad frame: {exc}"), command=None):
                    await self._linger(reader, writer)
                return
            except ConnectionError:
                return
            if message is None:
                return
            state.busy = True
            response, command, keep_open = await self._dispatch(message)
            if not await self._send(writer, response, command=command):
                return
            if not keep_open:
                await self._linger(reader, writer)
                return

    async def _refuse_busy(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        # Read the request first so the refusal carries its id and the close is clean.
        request_id: Any = ""
        with contextlib.suppress(asyncio.TimeoutError, ProtocolError, ConnectionError):
            message = await asyncio.wait_for(
                read_message(reader, max_frame_bytes=self._max_frame_bytes),
                min(self._read_timeout_s, _LINGER_S),
            )
            request_id = (message or {}).get("request_id", "")
        rid = request_id if isinstance(request_id, str) else ""
        reason = (
            "server is shutting down"
            if self._closing
            else f"server busy ({self._max_connections} connections)"
        )
        if await self._send(writer, Response.fail(rid, reason), command=None):
            await self._linger(reader, writer)

    async def _linger(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Half-close, then drain what the peer still sends before the connection is closed.

        Closing a socket with unread input resets the connection, which can discard the error
        response before the client reads it.
        """
        with contextlib.suppress(OSError, RuntimeError):
            if writer.can_write_eof():
                writer.write_eof()
        with contextlib.suppress(asyncio.TimeoutError, ConnectionError):
            await asyncio.wait_for(
                _discard(reader, self._max_frame_bytes), min(self._read_timeout_s, _LINGER_S)
            )

    async def _dispatch(self, message: dict[str, Any]) -> tuple[Response, str | None, bool]:
        """Answer one decoded message: (response, command, keep the connection open)."""
        try:
            request = Request.from_message(message)
        except ProtocolError as exc:
            request_id = message.get("request_id")
            rid = request_id if isinstance(request_id, str) else ""
            logger.warning("closing IPC connection after an invalid request: %s", exc)
            return Response.fail(rid, f"invalid request: {exc}"), None, False
        rid, command = request.request_id, request.command
        if self._endpoint.kind is EndpointKind.TCP and not self._secret_matches(request.secret):
            logger.warning("refused an IPC request with a missing or wrong secret")
            return Response.fail(rid, "authentication failed: missing or wrong secret"), None, False
        if command == PING_COMMAND:
            return Response.ok(rid, self._ping()), command, True
        handler = self._handlers.get(command)
        if handler is None:
            known = self.commands
            error = f"unknown command {command!r}; known commands: {', '.join(known)}"
            return Response.fail(rid, error, {"known_commands": known}), command, True
        try:
            data = await asyncio.wait_for(handler(request.args), self._command_timeout_s)
        except asyncio.TimeoutError:
            logger.error("IPC command %r timed out after %s s", command, self._command_timeout_s)
            error = f"command {command!r} timed out after {self._command_timeout_s} s"
            return Response.fail(rid, error), command, True
        except Exception as exc:
            logger.exception("IPC command %r failed", command)
            return Response.fail(rid, f"{type(exc).__name__}: {exc}"), command, True
        return Response.ok(rid, data), command, True

    async def _send(
        self, writer: asyncio.StreamWriter, response: Response, *, command: str | None
    ) -> bool:
        """Write one response; False when the connection is unusable afterwards."""
        try:
            frame = encode_frame(response.to_message(), max_frame_bytes=self._max_frame_bytes)
        except ProtocolError as exc:
            logger.error("cannot send the result of IPC command %r: %s", command, exc)
            failure = Response.fail(
                response.request_id, f"result of {command!r} cannot be sent: {exc}"
            )
            frame = encode_frame(failure.to_message())
        try:
            writer.write(frame)
            await asyncio.wait_for(writer.drain(), self._write_timeout_s)
        except (asyncio.TimeoutError, ConnectionError):
            logger.debug("IPC client did not take the response to %r", command)
            writer.transport.abort()  # drop the unsent bytes instead of waiting to flush them
            return False
        return True

    def _secret_matches(self, given: str | None) -> bool:
        expected = self._endpoint.secret
        if given is None or expected is None:
            return False
        return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))

    def _ping(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "version": self._version,
            "uptime_s": round(time.monotonic() - self._started_at, 3),
            "commands": self.commands,
        }


async def _discard(reader: asyncio.StreamReader, limit_bytes: int) -> None:
    total = 0
    while total < limit_bytes:
        chunk = await reader.read(64 * 1024)
        if not chunk:
            return
        total += len(chunk)
