"""Run the station service as an OS service: systemd (Linux), launchd (macOS), Task Scheduler
(Windows).

:func:`plan_install` decides what to write and run without touching anything; the
``install-service`` command prints the plan (``--dry-run``), writes its files and, with
``--enable``, runs its commands. The repository's ``deploy/`` files are rendered by the same
functions (:mod:`.tree`).

Example:
    >>> plan = plan_install("line-2", ServiceScope.USER, ServicePlatform.SYSTEMD)  # doctest: +SKIP
    >>> print(plan.files[0].path)  # doctest: +SKIP
    /home/op/.config/systemd/user/pywats-client@.service
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pywats_client.deploy.launchd import launchd_label, plan_launchd, render_launchd_plist
from pywats_client.deploy.plan import (
    SERVICE_USER,
    FileChange,
    InstallPlan,
    PlannedFile,
    ServicePlatform,
    ServiceScope,
    current_exec_argv,
    current_platform,
    run_plan_commands,
    write_plan_files,
)
from pywats_client.deploy.systemd import (
    SYSTEMD_SYSTEM_HOME,
    UNIT_NAME,
    plan_systemd,
    render_systemd_unit,
)
from pywats_client.deploy.tree import PLACEHOLDER_EXEC, check_deploy_tree, generated_deploy_files
from pywats_client.deploy.windows import plan_task_scheduler, render_task_xml, task_name
from pywats_client.paths import validate_instance_id

__all__ = [
    "PLACEHOLDER_EXEC",
    "SERVICE_USER",
    "SYSTEMD_SYSTEM_HOME",
    "UNIT_NAME",
    "FileChange",
    "InstallPlan",
    "PlannedFile",
    "ServicePlatform",
    "ServiceScope",
    "check_deploy_tree",
    "current_exec_argv",
    "current_platform",
    "generated_deploy_files",
    "launchd_label",
    "plan_install",
    "render_launchd_plist",
    "render_systemd_unit",
    "render_task_xml",
    "run_plan_commands",
    "task_name",
    "write_plan_files",
]


def plan_install(
    instance_id: str,
    scope: ServiceScope,
    platform: ServicePlatform | None = None,
    *,
    exec_argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> InstallPlan:
    """What installing ``instance_id`` as a service means on ``platform`` (default: this one).

    Args:
        instance_id: Validated pyWATS instance id.
        scope: The current user's service, or a system service under the ``pywats`` account.
        platform: Service manager; default :func:`current_platform`.
        exec_argv: How to start ``pywats-client``; default :func:`current_exec_argv`.
        environ: Environment to read ``PYWATS_HOME``, ``XDG_CONFIG_HOME``... from.
    """
    validate_instance_id(instance_id)
    argv = list(exec_argv) if exec_argv is not None else current_exec_argv()
    chosen = platform or current_platform()
    if chosen is ServicePlatform.SYSTEMD:
        return plan_systemd(instance_id, scope, argv, environ=environ)
    if chosen is ServicePlatform.LAUNCHD:
        return plan_launchd(instance_id, scope, argv, environ=environ)
    return plan_task_scheduler(instance_id, scope, argv, environ=environ)
