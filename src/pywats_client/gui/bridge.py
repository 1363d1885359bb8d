"""The GUI's only way to the station service: IPC requests and a status poll, as Qt signals.

:class:`ServiceBridge` finds the instance's service through its endpoint file (as the CLI does),
polls ``get_status`` every ``poll_interval_s`` and emits :attr:`ServiceBridge.status_changed`
with each snapshot and :attr:`ServiceBridge.connection_changed` when the service appears or goes
away. It reconnects by itself: after a failure the next request reads the endpoint file again,
so a restarted service (new socket, or a new TCP port and secret on Windows) is found.
Controllers ``await bridge.request(...)``; every failure becomes one :class:`BridgeError` whose
message can be shown to the user as is.

Two IPC connections are used, one for the poll and one for commands, so a slow command (a
connection test) never stalls the status shown in the window.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from pywats_client.gui.tasks import spawn
from pywats_client.ipc import (
    IpcClient,
    IpcCommandError,
    IpcError,
    IpcTimeout,
    ServiceNotRunning,
    discover,
)
from pywats_client.paths import HomePaths, InstancePaths

__all__ = ["BridgeError", "ServiceBridge"]

logger = logging.getLogger(__name__)

DEFAULT_POLL_INTERVAL_S = 1.0
_POLL_TIMEOUT_S = 5.0
_CONNECT_TIMEOUT_S = 2.0


class BridgeError(Exception):
    """A request to the service failed; ``str(error)`` is a message for the user.

    Attributes:
        message: What went wrong (the service's own words when it answered).
        service_down: True when the service is not running or did not answer at all.
        command: The IPC command that failed.
    """

    def __init__(self, message: str, *, service_down: bool = False, command: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.service_down = service_down
        self.command = command


class _Channel:
    """One IPC connection to the instance's service, found again after it failed.

    :meth:`close` waits (briefly) for requests in flight: closing under them would make the
    IPC client reconnect for its retry and leave that new connection open.
    """

    def __init__(self, paths: InstancePaths, *, timeout_s: float) -> None:
        self._paths = paths
        self._timeout_s = timeout_s
        self._client: IpcClient | None = None
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def request(self, command: str, args: dict[str, Any]) -> Any:
        client = self._client
        if client is None:
            endpoint = discover(self._paths.endpoint_file)
            if endpoint is None:
                raise ServiceNotRunning(f"no endpoint file at {self._paths.endpoint_file}")
            client = self._client = IpcClient(
                endpoint, connect_timeout_s=_CONNECT_TIMEOUT_S, timeout_s=self._timeout_s
            )
        self._in_flight += 1
        self._idle.clear()
        try:
            return await client.request(command, **args)
        except IpcCommandError:
            raise  # the service answered: the connection is fine
        except IpcError:
            if self._client is client:
                self._client = None  # the next request discovers the endpoint again
            await client.close()
            raise
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    async def close(self, *, wait_s: float = _POLL_TIMEOUT_S) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._idle.wait(), wait_s)
        client, self._client = self._client, None
        if client is not None:
            await client.close()


class ServiceBridge(QObject):
    """IPC to one instance's service for the GUI, with a live status.

    Args:
        instance_id: The instance whose service to talk to.
        home: Roots of the instance files (default: ``PYWATS_HOME`` or platform dirs).
        poll_interval_s: Time between two ``get_status`` polls.
        timeout_s: Limit for one command's answer.
        parent: Qt parent.

    Example:
        >>> bridge = ServiceBridge("default")  # doctest: +SKIP
        >>> bridge.status_changed.connect(show)  # doctest: +SKIP
        >>> bridge.start()  # on the running qasync loop  # doctest: +SKIP
        >>> stats = await bridge.request("get_queue_stats")  # doctest: +SKIP
    """

    status_changed = Signal(dict)
    connection_changed = Signal(bool)
    instance_changed = Signal(str)

    def __init__(
        self,
        instance_id: str,
        *,
        home: HomePaths | None = None,
        poll_interval_s: float = DEFAULT_POLL_INTERVAL_S,
        timeout_s: float = 30.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._home = home or HomePaths.resolve()
        self._paths = InstancePaths(instance_id, home=self._home)
        self._timeout_s = timeout_s
        self.poll_interval_s = poll_interval_s
        self._commands = _Channel(self._paths, timeout_s=timeout_s)
        self._poller = _Channel(self._paths, timeout_s=min(timeout_s, _POLL_TIMEOUT_S))
        self._connected = False
        self._last_status: dict[str, Any] | None = None
        self._poll_task: asyncio.Task[None] | None = None
        self._polling = False
        self._wake: asyncio.Event | None = None

    # -- state -------------------------------------------------------------------------------

    @property
    def instance_id(self) -> str:
        return self._paths.instance_id

    @property
    def paths(self) -> InstancePaths:
        return self._paths

    @property
    def home(self) -> HomePaths:
        return self._home

    @property
    def connected(self) -> bool:
        """Whether the last exchange with the service succeeded."""
        return self._connected

    @property
    def last_status(self) -> dict[str, Any] | None:
        """The latest ``get_status`` snapshot, ``None`` while the service is unreachable."""
        return self._last_status

    def _set_connected(self, connected: bool) -> None:
        if connected == self._connected:
            return
        self._connected = connected
        if not connected:
            self._last_status = None
        logger.info("service of instance %r %s", self.instance_id, "up" if connected else "down")
        self.connection_changed.emit(connected)

    # -- requests ----------------------------------------------------------------------------

    async def request(self, command: str, /, **args: Any) -> Any:
        """Run an IPC command on the service and return its data.

        Raises:
            BridgeError: the service is not running, did not answer, or refused the command
                (the message says which, in words for the user).
        """
        return await self._send(self._commands, command, args)

    async def _send(self, channel: _Channel, command: str, args: dict[str, Any]) -> Any:
        try:
            data = await channel.request(command, args)
        except IpcCommandError as exc:
            self._set_connected(True)
            raise BridgeError(exc.message, command=command) from exc
        except ServiceNotRunning as exc:
            self._set_connected(False)
            raise BridgeError(
                f"the pyWATS service for instance '{self.instance_id}' is not running",
                service_down=True,
                command=command,
            ) from exc
        except IpcTimeout as exc:
            self._set_connected(False)
            raise BridgeError(
                f"the pyWATS service for instance '{self.instance_id}' did not answer in time",
                service_down=True,
                command=command,
            ) from exc
        except IpcError as exc:
            self._set_connected(False)
            raise BridgeError(str(exc), service_down=True, command=command) from exc
        self._set_connected(True)
        return data

    # -- status polling ----------------------------------------------------------------------

    def start(self) -> None:
        """Start polling ``get_status`` on the running event loop (idempotent)."""
        if self._poll_task is None or self._poll_task.done():
            self._wake = asyncio.Event()
            self._polling = True
            self._poll_task = spawn(self._poll_loop())

    def poll_soon(self) -> None:
        """Poll now instead of at the next interval (after starting or restarting the service)."""
        if self._wake is not None:
            self._wake.set()

    async def poll_now(self) -> dict[str, Any] | None:
        """One ``get_status``; emits :attr:`status_changed` and returns the snapshot, or None."""
        try:
            status = await self._send(self._poller, "get_status", {})
        except BridgeError as exc:
            logger.debug("status poll failed: %s", exc)
            return None
        if not isinstance(status, dict):
            return None
        self._last_status = status
        self.status_changed.emit(status)
        return status

    async def _poll_loop(self) -> None:
        assert self._wake is not None
        while self._polling:
            await self.poll_now()
            if not self._polling:
                break
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval_s)
            self._wake.clear()

    async def set_instance(self, instance_id: str) -> None:
        """Talk to another instance's service from now on.

        Raises:
            InvalidInstanceId: not a valid instance id.
        """
        paths = InstancePaths(instance_id, home=self._home)
        if paths.instance_id == self.instance_id:
            return
        await self._close_channels()
        self._paths = paths
        self._commands = _Channel(paths, timeout_s=self._timeout_s)
        self._poller = _Channel(paths, timeout_s=min(self._timeout_s, _POLL_TIMEOUT_S))
        self._set_connected(False)
        self._last_status = None
        self.instance_changed.emit(instance_id)
        self.poll_soon()

    async def stop(self) -> None:
        """Stop polling and close the connections (the service keeps running)."""
        task, self._poll_task = self._poll_task, None
        self._polling = False
        if task is not None:
            # Let the poll in flight finish (cancelling a connect can leak its socket).
            self.poll_soon()
            done, _ = await asyncio.wait({task}, timeout=_POLL_TIMEOUT_S + 1)
            if not done:
                task.cancel()
                await asyncio.wait({task})
        await self._close_channels()

    async def _close_channels(self) -> None:
        await self._commands.close()
        await self._poller.close()
