"""launchd property lists (macOS): a LaunchAgent per user, or a LaunchDaemon for the system.

launchd has no templates, so each instance gets its own plist; the ``default`` instance is
``com.pywats.client``, others ``com.pywats.client.<id>``. launchd sends SIGTERM on stop and
SIGKILL after ``ExitTimeOut`` (75 s, the service's 60 s grace plus margin); ``KeepAlive``
with ``SuccessfulExit = false`` restarts it after a failure, at most every ``ThrottleInterval``
(5 s). launchd does not create the log directory, so the plan creates it first.
"""

from __future__ import annotations

import os
import plistlib
import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pywats_client.deploy.plan import (
    SERVICE_USER,
    InstallPlan,
    PlannedFile,
    ServicePlatform,
    ServiceScope,
)
from pywats_client.paths import DEFAULT_INSTANCE_ID, ENV_HOME, HomePaths

__all__ = [
    "LAUNCHD_SYSTEM_HOME",
    "launchd_label",
    "plan_launchd",
    "render_launchd_plist",
]

LABEL_PREFIX = "com.pywats.client"
LAUNCHD_SYSTEM_HOME = Path("/usr/local/var/pywats")
STOP_TIMEOUT_S = 75
RESTART_DELAY_S = 5


def launchd_label(instance_id: str) -> str:
    """``com.pywats.client`` for the default instance, else ``com.pywats.client.<id>``."""
    if instance_id == DEFAULT_INSTANCE_ID:
        return LABEL_PREFIX
    return f"{LABEL_PREFIX}.{instance_id}"


def render_launchd_plist(
    instance_id: str,
    scope: ServiceScope,
    exec_argv: Sequence[str],
    *,
    log_file: Path,
    home: Path | None = None,
) -> str:
    """The plist text for one instance.

    Args:
        instance_id: The pyWATS instance to run.
        scope: ``USER`` (LaunchAgent) or ``SYSTEM`` (LaunchDaemon running as ``pywats``).
        exec_argv: How to start ``pywats-client`` (absolute path first).
        log_file: Where launchd writes the service's stdout and stderr.
        home: ``PYWATS_HOME`` to set (always set for the system scope).
    """
    environment = {"PYTHONUNBUFFERED": "1"}
    if home is not None:
        environment[ENV_HOME] = str(home)
    body: dict[str, Any] = {
        "Label": launchd_label(instance_id),
        "ProgramArguments": [*exec_argv, "service", "--instance-id", instance_id],
        "EnvironmentVariables": environment,
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": RESTART_DELAY_S,
        "ExitTimeOut": STOP_TIMEOUT_S,
        "StandardOutPath": str(log_file),
        "StandardErrorPath": str(log_file),
        "Umask": 0o077,
    }
    if scope is ServiceScope.SYSTEM:
        body["UserName"] = SERVICE_USER
    return plistlib.dumps(body, sort_keys=True).decode("utf-8")


def plan_launchd(
    instance_id: str,
    scope: ServiceScope,
    exec_argv: Sequence[str],
    *,
    environ: Mapping[str, str] | None = None,
) -> InstallPlan:
    """Files and commands to run ``instance_id`` under launchd."""
    env = os.environ if environ is None else environ
    label = launchd_label(instance_id)
    cli = shlex.join(exec_argv)
    if scope is ServiceScope.SYSTEM:
        home: Path | None = LAUNCHD_SYSTEM_HOME
        log_dir = HomePaths.resolve(LAUNCHD_SYSTEM_HOME).log_dir
        plist = Path("/Library/LaunchDaemons") / f"{label}.plist"
        domain = "system"
        commands = [
            ["install", "-d", "-o", SERVICE_USER, "-m", "0700", str(home), str(log_dir)],
            ["launchctl", "bootstrap", domain, str(plist)],
        ]
        notes = [
            f"the daemon runs as the '{SERVICE_USER}' account: create it (hidden, home {home}) "
            "before enabling.",
            f"log in as that account first: sudo -u {SERVICE_USER} env {ENV_HOME}={home} "
            f"{cli} --instance-id {instance_id} login --server-url URL",
        ]
        directories: list[Path] = []
    else:
        home = Path(env[ENV_HOME]).expanduser().absolute() if env.get(ENV_HOME) else None
        log_dir = HomePaths.resolve(environ=env).log_dir
        plist = Path.home() / "Library" / "LaunchAgents" / f"{label}.plist"
        domain = f"gui/{os.getuid() if hasattr(os, 'getuid') else 'UID'}"
        commands = [["launchctl", "bootstrap", domain, str(plist)]]
        notes = []
        directories = [log_dir]
    log_file = log_dir / f"{instance_id}.service.log"
    content = render_launchd_plist(instance_id, scope, exec_argv, log_file=log_file, home=home)
    notes += [
        f"stop it with: launchctl bootout {domain}/{label}",
        f"service output: {log_file}",
    ]
    return InstallPlan(
        platform=ServicePlatform.LAUNCHD,
        scope=scope,
        instance_id=instance_id,
        service_name=label,
        files=[PlannedFile(plist, content)],
        commands=commands,
        notes=notes,
        directories=directories,
    )
