"""``pywats-client emulator``: run the local WATS emulator in the foreground.

A thin front for ``pywats-emulator`` (:func:`pywats_emulator.cli.main`): the options are
handed over as its arguments, so defaults, messages, the token handling and the exit codes
(0 after Ctrl+C or SIGTERM, 1 when it cannot start) are the emulator's own. The emulator is
imported only when this command runs, so other commands never load FastAPI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]

DEFAULT_PORT = 8080  # the emulator's default too; a test keeps them equal
DEFAULT_HOST = "127.0.0.1"


def emulator_args(
    *, host: str, port: int, token: str | None, db: Path | None, demo_data: bool
) -> list[str]:
    """The ``pywats-emulator`` command line for these options."""
    args = ["--host", host, "--port", str(port)]
    if token is not None:
        args += ["--token", token]
    if db is not None:
        args += ["--db", str(db)]
    if demo_data:
        args.append("--demo-data")
    return args


def emulator(
    port: Annotated[int, typer.Option("--port", help="TCP port, 0 = any free.")] = DEFAULT_PORT,
    host: Annotated[
        str, typer.Option("--host", help="Interface to listen on (loopback by default).")
    ] = DEFAULT_HOST,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="API token clients must send (default: $PYWATS_EMULATOR_TOKEN, else random).",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite file to keep data in (default: memory).", dir_okay=False),
    ] = None,
    demo_data: Annotated[
        bool, typer.Option("--demo-data", help="Seed realistic demo reports.")
    ] = False,
) -> None:
    """Run the WATS emulator (a local WATS-compatible server) until Ctrl+C."""
    from pywats_emulator.cli import main as emulator_main

    code = emulator_main(
        emulator_args(host=host, port=port, token=token, db=db, demo_data=demo_data)
    )
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("emulator")(emulator)
