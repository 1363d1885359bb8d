"""The root ``pywats-client`` Typer app: global options, error handling, exit codes.

Command groups live in their own modules and attach themselves with ``register(app)`` (see
``pywats_client.cli.__init__``). Errors raised by any command are printed once, without a
traceback, and turned into the exit code from :mod:`.exit_codes`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from pywats_client import __version__
from pywats_client.cli.exit_codes import ExitCode, exit_code_for
from pywats_client.cli.output import print_error
from pywats_client.cli.state import CliState
from pywats_client.errors import ClientError

__all__ = ["app"]


class _ErrorHandlingGroup(TyperGroup):
    """Root group: our errors become a one-line message and a documented exit code."""

    def invoke(self, ctx: Any) -> Any:  # Any: typer vendors click; its Context is private
        try:
            return super().invoke(ctx)
        except (ClientError, OSError) as exc:
            print_error(str(exc))
            raise typer.Exit(int(exit_code_for(exc))) from exc
        except KeyboardInterrupt as exc:
            print_error("interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from exc


app = typer.Typer(
    name="pywats-client",
    cls=_ErrorHandlingGroup,
    help=(
        "pyWATS station service: delivers test reports to a WATS server, reliably.\n\n"
        "Each instance has its own configuration, upload queue, logs and IPC endpoint; "
        "choose one with --instance-id (default: 'default', or PYWATS_INSTANCE_ID). "
        "Set PYWATS_HOME to keep every file under one directory. "
        "Exit codes: 0 ok, 1 error, 2 usage, 3 config, 4 not found, 5 service not running, "
        "6 server unreachable, 7 auth failed, 8 already running, 9 data integrity."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"pywats-client {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    instance_id: Annotated[
        str | None,
        typer.Option(
            "--instance-id",
            "-i",
            help="Instance to act on (1-40 of A-Z a-z 0-9 _ -). Overrides PYWATS_INSTANCE_ID.",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Use this config file instead of the instance's default one.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    ctx.obj = CliState.create(instance_id, config)
