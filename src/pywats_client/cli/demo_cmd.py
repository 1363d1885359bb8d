"""``pywats-client demo``: the station end to end against an embedded WATS emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pywats_client.cli.exit_codes import CliError, ExitCode

__all__ = ["register"]


def demo(
    files: Annotated[
        int, typer.Option("--files", min=3, max=2000, help="How many tester files land (18).")
    ] = 18,
    interval_s: Annotated[
        float, typer.Option("--interval", min=0.0, help="Seconds between two files (0.2).")
    ] = 0.2,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the emulator and service running at the end.")
    ] = False,
    home: Annotated[
        Path | None,
        typer.Option("--home", help="Keep the demo's files here instead of a temporary folder."),
    ] = None,
) -> None:
    """Run the station demo.

    Starts the WATS emulator on a free loopback port and a station service on a throw-away
    instance with three watch folders (FCT CSV logs, JUnit XML, WSJF JSON), then drops
    realistic tester files into them one by one - plus one broken file - and shows each file
    converted, queued and delivered. The summary is checked against the emulator.
    """
    from pywats_client.demo.runner import run_demo  # the emulator loads only when used

    outcome = run_demo(files=files, interval_s=interval_s, keep=keep, home=home)
    if not outcome.ok:
        raise CliError("the demo did not deliver every good file", ExitCode.ERROR)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
