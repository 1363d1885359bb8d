"""Error tree of the station service's local IPC.

One root so callers (CLI, GUI, API auto-discovery) can catch every IPC failure at once; it
derives from :class:`~pywats_client.errors.ClientError` so the CLI prints the message::

    IpcError
    ├── ProtocolError            bytes on the wire break the framing or message rules
    │   ├── FrameTooLarge        length header above the configured maximum
    │   └── MalformedFrame       truncated frame, invalid UTF-8/JSON, wrong message shape
    ├── EndpointError            endpoint unusable: path too long, non-loopback host, bad file
    │   └── EndpointInUse        a live server already owns the socket / endpoint
    ├── ServiceNotRunning        nothing listens at the endpoint (no socket, refused)
    ├── IpcTimeout               connect, write or response exceeded its timeout
    └── IpcCommandError          the server answered ``success: false``
"""

from __future__ import annotations

from typing import Any

from pywats_client.errors import ClientError

__all__ = [
    "EndpointError",
    "EndpointInUse",
    "FrameTooLarge",
    "IpcCommandError",
    "IpcError",
    "IpcTimeout",
    "MalformedFrame",
    "ProtocolError",
    "ServiceNotRunning",
]


class IpcError(ClientError):
    """Root of every IPC failure."""


class ProtocolError(IpcError):
    """The peer sent (or we were asked to send) something the protocol does not allow."""


class FrameTooLarge(ProtocolError):
    """A frame's declared or actual size exceeds ``max_frame_bytes``."""

    def __init__(self, size: int, max_frame_bytes: int) -> None:
        super().__init__(f"frame of {size} bytes exceeds the maximum of {max_frame_bytes} bytes")
        self.size = size
        self.max_frame_bytes = max_frame_bytes


class MalformedFrame(ProtocolError):
    """Framing or message content is invalid (truncated, not UTF-8, not a JSON object...)."""


class EndpointError(IpcError):
    """The endpoint cannot be used as given (too long a path, non-loopback host, bad file)."""


class EndpointInUse(EndpointError):
    """Another live server already listens on this endpoint; we refuse to steal it."""


class ServiceNotRunning(IpcError):
    """No service listens at the endpoint."""


class IpcTimeout(IpcError):
    """An IPC operation did not finish within its timeout."""


class IpcCommandError(IpcError):
    """The service ran (or refused) the command and answered ``success: false``.

    Attributes:
        command: The command that was sent.
        message: The server's error message.
        data: Extra detail from the server (e.g. ``{"known_commands": [...]}``), or ``None``.
    """

    def __init__(self, command: str, message: str, data: Any = None) -> None:
        super().__init__(f"command {command!r} failed: {message}")
        self.command = command
        self.message = message
        self.data = data
