"""Local IPC between the station service and its CLI, GUI and API auto-discovery.

Frames are a 4-byte big-endian length followed by a UTF-8 JSON object
(:mod:`~pywats_client.ipc.protocol`). The service listens on a Unix socket (mode 0600) or, where
AF_UNIX is unavailable (Windows), on loopback TCP with a per-start secret; an endpoint file
(mode 0600) tells clients of the same user where (:mod:`~pywats_client.ipc.endpoint`).

Wiring in the service (``paths`` is the instance's :class:`~pywats_client.paths.InstancePaths`)::

    server = IpcServer(
        IpcEndpoint.for_platform(paths.ipc_socket),
        {"get_status": get_status, ...},
        endpoint_file=paths.endpoint_file,
    )
    async with server:
        ...

    endpoint = discover(paths.endpoint_file)          # client side; None if not running
    if endpoint is not None:
        stats = request_sync(endpoint, "get_queue_stats")

Command set (``ping`` is built into :class:`IpcServer`; the service registers the rest, each
``async def handler(args: dict[str, Any]) -> JSON-serialisable``):

=================  =========================================================================
ping               built in: ``{"pid", "version", "uptime_s", "commands"}``
get_status         service state (STOPPED, START_PENDING, RUNNING, ...), server online, counters
get_config         the effective configuration (token never included in clear)
set_config         ``args``: keys to change; validated, written atomically, then hot reloaded
get_queue_stats    queue depth per state, oldest pending age
list_queue         ``args``: optional state filter, limit, offset
retry_failed       ``args``: optional report ids; failed → pending
start / stop       start or stop the processing (IPC stays up); schedule, then return
restart            schedule a restart and return (never await the IPC server's own stop)
reload_config      re-read the config file now
get_credentials    server URL and token for API auto-discovery by the same user
get_reference_data processes, levels, product groups (cached for offline use)
get_queue_item     ``args``: report_id; the row and a summary (serial, part, result, message)
purge_queue        ``args``: state (failed/completed), optional ids; pending is never purged
test_connection    ``args``: optional server_url/token; the stored ones otherwise
login              ``args``: server_url, token; tested, stored encrypted, then a restart
get_log            ``args``: after_seq, level, limit; recent records (credentials masked)
list_converter_types / save_converter / delete_converter
                   the built-in converter types; add, replace or remove a configured one
test_converter     ``args``: path, converter, arguments; a dry run, nothing queued
get_serial_number_types / take_serial_numbers
                   through the service's API client (the station name is recorded)
list_software_packages
                   packages on the server (name, version, status)
=================  =========================================================================
"""

from __future__ import annotations

from pywats_client.ipc.client import IpcClient, discover, request_sync
from pywats_client.ipc.endpoint import (
    EndpointKind,
    EndpointRecord,
    IpcEndpoint,
    read_endpoint_file,
    write_endpoint_file,
)
from pywats_client.ipc.errors import (
    EndpointError,
    EndpointInUse,
    FrameTooLarge,
    IpcCommandError,
    IpcError,
    IpcTimeout,
    MalformedFrame,
    ProtocolError,
    ServiceNotRunning,
)
from pywats_client.ipc.protocol import DEFAULT_MAX_FRAME_BYTES, Request, Response
from pywats_client.ipc.server import PING_COMMAND, Handler, IpcServer

__all__ = [
    "DEFAULT_MAX_FRAME_BYTES",
    "PING_COMMAND",
    "EndpointError",
    "EndpointInUse",
    "EndpointKind",
    "EndpointRecord",
    "FrameTooLarge",
    "Handler",
    "IpcClient",
    "IpcCommandError",
    "IpcEndpoint",
    "IpcError",
    "IpcServer",
    "IpcTimeout",
    "MalformedFrame",
    "ProtocolError",
    "Request",
    "Response",
    "ServiceNotRunning",
    "discover",
    "read_endpoint_file",
    "request_sync",
    "write_endpoint_file",
]
