"""``pywats-client install-service``: run an instance as an OS service.

systemd on Linux, launchd on macOS, Task Scheduler on Windows (see :mod:`pywats_client.deploy`
for why each file looks the way it does). ``--dry-run`` changes nothing and needs no root: it
prints the files with their target paths and the commands. A real run writes the files and
prints the commands that enable and start the service; ``--enable`` runs them too.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import Annotated, Any

import typer

from pywats_client.cli.exit_codes import CliError, ExitCode
from pywats_client.cli.output import console, print_json, print_note
from pywats_client.cli.state import CliState, get_state
from pywats_client.config import ConfigError
from pywats_client.deploy import (
    SERVICE_USER,
    InstallPlan,
    ServiceScope,
    plan_install,
    run_plan_commands,
    write_plan_files,
)

__all__ = ["register"]


def _shell_line(command: list[str]) -> str:
    return subprocess.list2cmdline(command) if os.name == "nt" else shlex.join(command)


def _check_service_account(plan: InstallPlan) -> None:
    if plan.scope is not ServiceScope.SYSTEM or os.name != "posix":
        return
    import pwd  # POSIX only

    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        how = next((note for note in plan.notes if "account" in note), "")
        raise CliError(
            f"the service account '{SERVICE_USER}' does not exist. {how}", ExitCode.CONFIG
        ) from None


def _login_hint(state: CliState, plan: InstallPlan) -> str | None:
    """A note when a user service would start without a server URL or token."""
    if plan.scope is not ServiceScope.USER:
        return None
    try:
        server = state.config_store().load().server
    except ConfigError as exc:
        return f"the configuration of '{plan.instance_id}' is invalid: {exc}"
    if server.url and server.has_token:
        return None
    return (
        f"instance '{plan.instance_id}' has no server URL or token yet: run "
        f"`pywats-client --instance-id {plan.instance_id} login` before starting the service"
    )


def _print_dry_run(plan: InstallPlan) -> None:
    for planned in plan.files:
        change = planned.current_change().value
        console.print(f"# would write {planned.path} ({change}):", soft_wrap=True)
        console.print(planned.content, markup=False, soft_wrap=True, end="")
        if not planned.content.endswith("\n"):
            console.print()
    for directory in plan.directories:
        console.print(f"# would create directory {directory}", soft_wrap=True)
    console.print("# would then print (or run, with --enable):")
    for command in plan.commands:
        console.print(_shell_line(command), markup=False, soft_wrap=True)


def install_service(
    ctx: typer.Context,
    instance_id: Annotated[
        str | None,
        typer.Option("--instance-id", "-i", help="Instance to install.", show_default=False),
    ] = None,
    user_scope: Annotated[
        bool,
        typer.Option(
            "--user/--system",
            help="A service of the current user (no root), or a system service at boot "
            f"running as the '{SERVICE_USER}' account (needs root/admin).",
        ),
    ] = True,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print files, paths and commands; change nothing."),
    ] = False,
    enable: Annotated[
        bool, typer.Option("--enable", help="Also run the commands that enable and start it.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Install the station service as an OS service (systemd, launchd or Task Scheduler)."""
    state = get_state(ctx)
    if instance_id is not None:
        state = CliState.create(instance_id, state.config_path)
    scope = ServiceScope.USER if user_scope else ServiceScope.SYSTEM
    plan = plan_install(state.instance_id, scope)
    if dry_run and enable:
        raise CliError("--dry-run and --enable exclude each other", ExitCode.USAGE)
    hint = _login_hint(state, plan)
    result: dict[str, Any] = {**plan.to_json(), "dry_run": dry_run, "enabled": False}
    if dry_run:
        if as_json:
            print_json(result)
        else:
            _print_dry_run(plan)
        _print_notes(plan, hint)
        return
    try:
        written = write_plan_files(plan)
    except PermissionError as exc:
        raise CliError(
            f"cannot write {exc.filename}: permission denied. A {scope.value} service needs "
            "root/admin rights here: run with sudo, or use --user, or --dry-run to see the files",
            ExitCode.ERROR,
        ) from exc
    result["files"] = [
        {"path": str(f.path), "content": f.content, "change": change.value} for f, change in written
    ]
    if not as_json:
        for planned, change in written:
            console.print(f"{change.value}: {planned.path}", soft_wrap=True)
    if enable:
        _enable(plan)
        result["enabled"] = True
    if as_json:
        print_json(result)
    elif enable:
        console.print(f"Enabled and started {plan.service_name}.")
    else:
        console.print("To enable and start it, run:")
        for command in plan.commands:
            console.print(f"  {_shell_line(command)}", markup=False, soft_wrap=True)
    _print_notes(plan, hint)


def _enable(plan: InstallPlan) -> None:
    _check_service_account(plan)
    for command in plan.commands:
        print_note(f"running: {_shell_line(command)}")
    try:
        run_plan_commands(plan)
    except FileNotFoundError as exc:
        raise CliError(
            f"{exc.filename or 'the service manager'} is not installed: is this a "
            f"{plan.platform.value} system?"
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise CliError(
            f"`{_shell_line([str(a) for a in exc.cmd])}` failed with exit code {exc.returncode}"
            " (its message is above); the files were written, fix the cause and run it again"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise CliError(f"`{_shell_line([str(a) for a in exc.cmd])}` did not finish") from exc


def _print_notes(plan: InstallPlan, hint: str | None) -> None:
    for note in ([hint] if hint else []) + plan.notes:
        print_note(f"note: {note}")


def register(app: typer.Typer) -> None:
    app.command("install-service")(install_service)
