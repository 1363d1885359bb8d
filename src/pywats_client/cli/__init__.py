"""``pywats-client`` command line (Typer + Rich).

Layout: :mod:`.app` holds the root app and its global options (``--instance-id``,
``--config``); each command group is a module with a ``register(app)`` function, listed in
:data:`COMMAND_MODULES`. Add a group (``service``, ``status``, ``login``...) by writing its module
and appending it there. Exit codes are defined in :mod:`.exit_codes`.
"""

from __future__ import annotations

from pywats_client.cli import (
    config_cmd,
    converter_cmd,
    demo_cmd,
    emulator_cmd,
    gui_cmd,
    install_cmd,
    login_cmd,
    queue_cmd,
    service_cmd,
    status_cmd,
)
from pywats_client.cli.app import app
from pywats_client.cli.exit_codes import ExitCode

__all__ = ["COMMAND_MODULES", "ExitCode", "app", "main"]

COMMAND_MODULES = (
    config_cmd,
    queue_cmd,
    service_cmd,
    status_cmd,
    login_cmd,
    install_cmd,
    emulator_cmd,
    converter_cmd,
    demo_cmd,
    gui_cmd,
)
for _module in COMMAND_MODULES:
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="pywats-client")
