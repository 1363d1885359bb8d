"""Unix socket creation for the IPC server: owner-only, never stealing a live server's path.

The socket is bound by hand (not by asyncio, which silently unlinks an existing socket file)
so that a live server's socket is detected and kept, and only a stale one is replaced.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import socket
import stat
from pathlib import Path

from pywats_client.ipc.errors import EndpointError, EndpointInUse

__all__ = ["bind_unix_socket", "remove_socket_if_ours"]

logger = logging.getLogger("pywats_client.ipc.server")

_PROBE_TIMEOUT_S = 1.0


async def bind_unix_socket(path: Path, *, backlog: int) -> tuple[socket.socket, int]:
    """A listening, non-blocking socket at ``path`` (mode 0600) and the socket file's inode.

    Missing parent directories are created with mode 0700.

    Raises:
        EndpointInUse: a live server listens at ``path``.
        EndpointError: ``path`` exists and is not a socket, or binding failed otherwise.
    """
    _create_missing_dirs(path.parent)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            _bind_private(sock, path)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise EndpointError(f"cannot create IPC socket {path}: {exc}") from exc
            await _replace_stale_socket(path)
            _bind_private(sock, path)
        os.chmod(path, 0o600)
        inode = os.stat(path).st_ino
        sock.listen(backlog)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock, inode


def remove_socket_if_ours(path: Path, inode: int) -> None:
    """Unlink ``path`` only if it is still our socket (a newer server may have replaced it)."""
    with contextlib.suppress(OSError):
        if os.stat(path).st_ino == inode:
            path.unlink()


async def _replace_stale_socket(path: Path) -> None:
    if not stat.S_ISSOCK(os.lstat(path).st_mode):
        raise EndpointError(f"{path} exists and is not a socket; refusing to replace it")
    if await _accepts_connections(path):
        raise EndpointInUse(f"a live server is already listening on IPC socket {path}")
    logger.info("replacing stale IPC socket %s", path)
    os.unlink(path)


async def _accepts_connections(path: Path) -> bool:
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_unix_connection(os.fspath(path)), _PROBE_TIMEOUT_S
        )
    except asyncio.TimeoutError:
        return True  # a full backlog still means someone is listening
    except OSError:
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


def _bind_private(sock: socket.socket, path: Path) -> None:
    # The umask makes the socket owner-only from its first instant; chmod follows anyway.
    old_umask = os.umask(0o177)
    try:
        sock.bind(os.fspath(path))
    finally:
        os.umask(old_umask)


def _create_missing_dirs(directory: Path) -> None:
    """Create missing directories with mode 0700; existing ones are left as they are."""
    missing: list[Path] = []
    while not directory.exists() and directory.parent != directory:
        missing.append(directory)
        directory = directory.parent
    for item in reversed(missing):
        with contextlib.suppress(FileExistsError):
            item.mkdir(mode=0o700)
        os.chmod(item, 0o700)
