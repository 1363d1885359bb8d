"""``pywats-client gui``: open the desktop GUI for an instance (needs the ``[gui]`` extra).

Qt is imported only when the command runs, so the CLI works on headless installs; without
PySide6 the command says how to install it and exits with code 1 (ERROR).
"""

from __future__ import annotations

from typing import Annotated

import typer

from pywats_client.cli.exit_codes import CliError, ExitCode

__all__ = ["register"]


def gui(
    ctx: typer.Context,
    instance_id: Annotated[
        str | None,
        typer.Option(
            "--instance-id",
            "-i",
            help="Instance to show (default: the one shown last, else 'default').",
            show_default=False,
        ),
    ] = None,
    minimized: Annotated[
        bool,
        typer.Option("--minimized", help="Start in the system tray (or minimized)."),
    ] = False,
) -> None:
    """Open the desktop GUI: dashboard, connection, converters, queue, log and more.

    The GUI talks to the instance's running service; it can start the service and log in
    to WATS. Closing the window keeps the GUI in the system tray where there is one.
    """
    from pywats_client.gui import GUI_INSTALL_HINT, gui_available

    if not gui_available():
        raise CliError(f"the GUI is not installed: {GUI_INSTALL_HINT}", ExitCode.ERROR)
    from pywats_client.gui import run_gui

    chosen = instance_id or _root_instance_id(ctx)
    raise typer.Exit(run_gui(chosen, start_minimized=minimized))


def _root_instance_id(ctx: typer.Context) -> str | None:
    """``pywats-client --instance-id X gui`` (the root option), when it was given."""
    parent = ctx.parent
    value = parent.params.get("instance_id") if parent is not None else None
    return value if isinstance(value, str) else None


def register(app: typer.Typer) -> None:
    app.command("gui")(gui)
