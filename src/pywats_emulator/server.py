"""Serving the emulator with uvicorn: on a background thread (tests) or in the foreground (CLI).

The listening socket is bound before uvicorn starts, so port 0 gives a free port whose number is
known at once, with no race between "pick a port" and "bind it".
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from pywats_emulator.app import create_app
from pywats_emulator.config import EmulatorConfig
from pywats_emulator.faults import FaultInjector
from pywats_emulator.routes.control import stats_snapshot
from pywats_emulator.state import EmulatorState

__all__ = ["EmulatorServer", "bind_socket", "uvicorn_server"]

_START_TIMEOUT_S = 15.0
_STOP_TIMEOUT_S = 15.0
_GRACEFUL_SHUTDOWN_S = 5
_TICK_S = 0.1


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=128)
    # Accepted connections inherit this; without it, small responses on a pre-bound socket
    # wait ~40 ms for delayed ACKs (Nagle), which would make every request slow.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class _NotifyingServer(uvicorn.Server):
    """A uvicorn server that reports readiness and can be stopped without polling delay.

    uvicorn checks ``should_exit`` every 0.1 s; :meth:`request_stop` also wakes its main loop
    at once, which keeps a test fixture's teardown short.
    """

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_ready = on_ready
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        await super().startup(sockets)
        if self.started:
            self._on_ready()

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            assert self._wake is not None
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), _TICK_S)

    def request_stop(self) -> None:
        """Ask the server to shut down (from any thread)."""
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(wake.set)


def uvicorn_server(
    app: Any, on_ready: Callable[[], None], *, log_level: str = "warning"
) -> _NotifyingServer:
    """A uvicorn server for the emulator app: h11, no websockets, no logging setup of its own."""
    config = uvicorn.Config(
        app,
        http="h11",
        ws="none",
        loop="asyncio",
        lifespan="on",
        log_config=None,
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN_S,
    )
    return _NotifyingServer(config, on_ready)


class EmulatorServer:
    """An emulator served on a background thread, for tests, benchmarks and demos.

    Use it as a context manager; it serves a fresh app (in-memory unless ``db_path``) on a free
    loopback port and stops cleanly, leaving no thread behind. One instance serves once.

    Args:
        config: full configuration; when given, ``token`` and ``db_path`` are ignored.
            Its ``port`` is used as is (0 = free port).
        token: API token when no ``config`` is given.
        db_path: SQLite file when no ``config`` is given (``None``: in memory).

    Example:
        >>> with EmulatorServer() as server:  # doctest: +SKIP
        ...     httpx.get(f"{server.url}/api/App/Version", headers=server.auth_headers)
    """

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        *,
        token: str = "test-token",  # noqa: S107 - the documented test token
        db_path: str | Path | None = None,
    ) -> None:
        if config is None:
            config = EmulatorConfig(
                token=token, db_path=None if db_path is None else Path(db_path), port=0
            )
        self.config = config
        self.app = create_app(config)
        self._ready = threading.Event()
        self._server = uvicorn_server(self.app, self._ready.set)
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._port = 0

    # -- properties ---------------------------------------------------------------------------

    @property
    def state(self) -> EmulatorState:
        state = self.app.state.emulator
        assert isinstance(state, EmulatorState)
        return state

    @property
    def token(self) -> str:
        return self.config.token

    @property
    def auth_headers(self) -> dict[str, str]:
        """``{"Authorization": "Basic <token>"}``, ready for an HTTP client."""
        return {"Authorization": f"Basic {self.config.token}"}

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
        host = self.config.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self._port}"

    @property
    def faults(self) -> FaultInjector:
        """Fault injector; ``server.faults.configure(latency_s=0.2)`` applies at once."""
        return self.state.faults

    def stats(self) -> dict[str, Any]:
        """Request counts by route and status, plus ``reports_stored``."""
        return stats_snapshot(self.state)

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> EmulatorServer:
        """Bind, start serving on a daemon thread and wait until connections are accepted."""
        if self._thread is not None:
            raise RuntimeError("this EmulatorServer was already started")
        self._socket = bind_socket(self.config.host, self.config.port)
        self._port = int(self._socket.getsockname()[1])
        sockets = [self._socket]
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": sockets},
            name="pywats-emulator",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not self._ready.wait(0.01):
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the emulator did not start (see the log for the reason)")
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread to end (idempotent)."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._server.request_stop()
            thread.join(_STOP_TIMEOUT_S)
            if thread.is_alive():
                self._server.force_exit = True
                thread.join(_STOP_TIMEOUT_S)
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if thread is None or not self._server.started:
            self.state.close()  # lifespan never ran: close the storage ourselves

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
