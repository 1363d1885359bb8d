"""Where the IPC server listens, and the endpoint file that lets clients find it.

Two kinds: a Unix socket (POSIX; access controlled by the file mode 0600) or TCP on loopback
with a per-start random secret (Windows, where asyncio has no AF_UNIX; selectable for tests).
The server writes an endpoint file (JSON, mode 0600) so that clients of the same user can find
the socket path, or the port and secret. Paths always come from the caller (per instance).
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from pywats_client.ipc.errors import EndpointError
from pywats_client.paths import MAX_SOCKET_PATH_BYTES, write_private_file

__all__ = [
    "EndpointKind",
    "EndpointRecord",
    "IpcEndpoint",
    "pid_alive",
    "read_endpoint_file",
    "unix_sockets_supported",
    "write_endpoint_file",
]

_FILE_FORMAT = 1


class EndpointKind(str, Enum):
    """Transport of an IPC endpoint."""

    UNIX = "unix"
    TCP = "tcp"


def unix_sockets_supported() -> bool:
    """True where asyncio can serve AF_UNIX sockets (not on Windows)."""
    return sys.platform != "win32"


@dataclass(frozen=True)
class IpcEndpoint:
    """An IPC address. Build with :meth:`unix`, :meth:`tcp` or :meth:`for_platform`.

    For TCP, ``port=0`` asks the server for a free port and ``secret=None`` for a fresh secret;
    the server's :attr:`~pywats_client.ipc.server.IpcServer.endpoint` has the bound values.
    The secret never appears in ``repr()`` or :meth:`describe`.
    """

    kind: EndpointKind
    path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 0
    secret: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.kind is EndpointKind.UNIX:
            if self.path is None:
                raise EndpointError("a Unix socket endpoint needs a path")
            size = len(os.fsencode(self.path))
            if size >= MAX_SOCKET_PATH_BYTES:
                raise EndpointError(
                    f"Unix socket path is {size} bytes, the limit is {MAX_SOCKET_PATH_BYTES - 1}: "
                    f"{self.path} (use a shorter runtime directory)"
                )
        else:
            if not _is_loopback(self.host):
                raise EndpointError(f"IPC over TCP must use a loopback host, not {self.host!r}")
            if not 0 <= self.port <= 65535:
                raise EndpointError(f"TCP port out of range: {self.port}")

    @classmethod
    def unix(cls, path: str | os.PathLike[str]) -> IpcEndpoint:
        """A Unix socket endpoint at ``path`` (must be shorter than 100 bytes)."""
        return cls(kind=EndpointKind.UNIX, path=Path(path))

    @classmethod
    def tcp(cls, host: str = "127.0.0.1", port: int = 0, secret: str | None = None) -> IpcEndpoint:
        """A loopback TCP endpoint; ``port=0`` picks a free port at server start."""
        return cls(kind=EndpointKind.TCP, host=host, port=port, secret=secret)

    @classmethod
    def for_platform(cls, unix_path: str | os.PathLike[str]) -> IpcEndpoint:
        """Unix socket at ``unix_path`` where supported, else loopback TCP on a free port."""
        return cls.unix(unix_path) if unix_sockets_supported() else cls.tcp()

    def with_binding(self, *, port: int, secret: str) -> IpcEndpoint:
        """Copy with the port and secret a TCP server actually uses."""
        return replace(self, port=port, secret=secret)

    def describe(self) -> str:
        """Human-readable address without the secret, for messages and logs."""
        if self.kind is EndpointKind.UNIX:
            return f"unix:{self.path}"
        return f"tcp://{self.host}:{self.port}"

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class EndpointRecord:
    """Contents of an endpoint file: where the server listens and which process owns it."""

    endpoint: IpcEndpoint
    pid: int


def write_endpoint_file(path: str | os.PathLike[str], endpoint: IpcEndpoint, *, pid: int) -> None:
    """Atomically write the endpoint file, owner-only (0600, in a 0700 directory)."""
    body: dict[str, Any] = {"format": _FILE_FORMAT, "kind": endpoint.kind.value, "pid": pid}
    if endpoint.kind is EndpointKind.UNIX:
        body["path"] = str(endpoint.path)
    else:
        body.update(host=endpoint.host, port=endpoint.port, secret=endpoint.secret)
    write_private_file(Path(path), json.dumps(body, indent=2).encode("utf-8"))


def read_endpoint_file(path: str | os.PathLike[str]) -> EndpointRecord:
    """Read and validate an endpoint file.

    Raises:
        EndpointError: missing, unreadable, owned by another user, or malformed.
    """
    target = Path(path)
    try:
        stat = target.stat()
        raw = target.read_bytes()
    except FileNotFoundError as exc:
        raise EndpointError(f"no endpoint file at {target}") from exc
    except OSError as exc:
        raise EndpointError(f"cannot read endpoint file {target}: {exc}") from exc
    getuid = getattr(os, "getuid", None)
    if getuid is not None and stat.st_uid != getuid():
        # Another user's file could point us at their server, which would then see our requests.
        raise EndpointError(f"endpoint file {target} is owned by another user")
    try:
        body = json.loads(raw.decode("utf-8"))
        if not isinstance(body, dict):
            raise TypeError("top level is not an object")
        kind = EndpointKind(body["kind"])
        pid = body["pid"]
        if not isinstance(pid, int) or isinstance(pid, bool):
            raise TypeError("'pid' is not an integer")
        if kind is EndpointKind.UNIX:
            endpoint = IpcEndpoint.unix(_require(body, "path", str))
        else:
            endpoint = IpcEndpoint.tcp(
                _require(body, "host", str),
                _require(body, "port", int),
                _require(body, "secret", str),
            )
    except EndpointError as exc:
        raise EndpointError(f"invalid endpoint file {target}: {exc}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise EndpointError(f"invalid endpoint file {target}: {exc!r}") from exc
    return EndpointRecord(endpoint=endpoint, pid=pid)


def pid_alive(pid: int) -> bool:
    """Best-effort check that a process exists (always True where it cannot be checked)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # os.kill(pid, 0) would terminate the process on Windows; let the connection decide.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _require(body: dict[str, Any], key: str, kind: type) -> Any:
    value = body[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"{key!r} must be {kind.__name__}")
    return value


def _is_loopback(host: str) -> bool:
    # IP literals only: "localhost" may resolve to both 127.0.0.1 and ::1 (two ports for port 0).
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
