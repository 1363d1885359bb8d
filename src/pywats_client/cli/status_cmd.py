"""``pywats-client status``: ask the running service how it is doing, over IPC."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from pywats_client.cli.exit_codes import CliError, ExitCode
from pywats_client.cli.output import console, format_epoch, print_json
from pywats_client.cli.state import get_state
from pywats_client.ipc import IpcError, ServiceNotRunning, discover, request_sync

__all__ = ["register"]


def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show the running service's state, server connection, counters and queue."""
    state = get_state(ctx)
    endpoint = discover(state.paths.endpoint_file)
    not_running = CliError(
        f"the service for instance {state.instance_id!r} is not running",
        ExitCode.SERVICE_NOT_RUNNING,
    )
    if endpoint is None:
        raise not_running
    try:
        data: dict[str, Any] = request_sync(endpoint, "get_status")
    except ServiceNotRunning as exc:
        raise not_running from exc
    except IpcError as exc:
        raise CliError(f"the service did not answer: {exc}") from exc
    if as_json:
        print_json(data)
        return
    queue = data.get("queue") or {}
    console.print(f"instance      {data['instance_id']}")
    console.print(f"state         {data['state']}")
    online = "online" if data["server_online"] else "OFFLINE"
    console.print(f"server        {data['server_url']} ({online})")
    console.print(f"uploads       {data['uploads_ok']} ok, {data['uploads_failed']} failed")
    console.print(f"last upload   {format_epoch(data['last_success_at'])}")
    console.print(
        f"queue         {queue.get('pending', 0)} pending, {queue.get('processing', 0)} "
        f"processing, {queue.get('failed', 0)} failed, {queue.get('completed', 0)} completed"
    )


def register(app: typer.Typer) -> None:
    app.command("status")(status)
