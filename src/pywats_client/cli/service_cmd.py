"""``pywats-client service``: run the station service in the foreground until stopped.

Thin on purpose (as uvicorn's ``main``): build the :class:`StationService`, set up logging,
run it; errors become exit codes in the root app.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import anyio
import typer

from pywats_client.cli.state import CliState, get_state
from pywats_client.service import StationService

__all__ = ["register"]

_LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def service(
    ctx: typer.Context,
    instance_id: Annotated[
        str | None,
        typer.Option("--instance-id", "-i", help="Instance to run.", show_default=False),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="Config file to use.", dir_okay=False),
    ] = None,
    grace_s: Annotated[
        float,
        typer.Option("--grace-s", help="Seconds in-flight uploads get to finish on stop."),
    ] = 60.0,
) -> None:
    """Run the station service in the foreground (Ctrl+C stops it; twice forces)."""
    state = get_state(ctx)
    if instance_id is not None or config is not None:
        state = CliState.create(instance_id or state.instance_id, config or state.config_path)
    logging.basicConfig(level=logging.INFO, format=_LOG_FORMAT)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise
    runner = StationService(
        state.instance_id,
        config_path=state.config_path,
        shutdown_grace_s=grace_s,
    )
    # StationService resolves PYWATS_HOME itself, like CliState did.
    anyio.run(runner.run)


def register(app: typer.Typer) -> None:
    app.command("service")(service)
