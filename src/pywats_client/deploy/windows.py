"""A Task Scheduler task (Windows) that keeps the station service running.

Why not a Windows service: ``sc.exe create`` needs a program that speaks the Service Control
Manager protocol (``pywats-client.exe`` is a console program; SCM would kill it after 30 s with
error 1053), and wrappers such as NSSM or pywin32 are extra tools. Task Scheduler ships with
every Windows and does what is needed: start at logon (user) or at boot (system, under a
service account), never stop after a time limit, restart after a failure (at most once a
minute, its minimum), and never run two copies.

The XML is written as UTF-16 with a byte-order mark and ``encoding="UTF-16"``, like Task
Scheduler's own exports: both ``schtasks /Create /XML`` and ``Register-ScheduledTask`` accept it.
Stopping a task (``schtasks /End``) terminates the process without a graceful shutdown; the
upload queue is crash-safe, so an interrupted upload is re-sent later and never duplicated.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from pywats_client.deploy.plan import (
    SERVICE_USER,
    InstallPlan,
    PlannedFile,
    ServicePlatform,
    ServiceScope,
)
from pywats_client.paths import ENV_HOME, HomePaths

__all__ = ["TASK_FOLDER", "plan_task_scheduler", "render_task_xml", "task_name"]

TASK_FOLDER = "pyWATS"
RESTART_INTERVAL = "PT1M"  # Task Scheduler's minimum
RESTART_COUNT = 999
TASK_XML_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"


def task_name(instance_id: str) -> str:
    """``pyWATS\\pywats-client-<id>``: the task's path in Task Scheduler."""
    return f"{TASK_FOLDER}\\pywats-client-{instance_id}"


def render_task_xml(
    instance_id: str, scope: ServiceScope, exec_argv: Sequence[str], *, user_id: str = ""
) -> str:
    """The task definition (text; write it encoded as UTF-16).

    Args:
        instance_id: The pyWATS instance to run.
        scope: ``USER`` starts at the user's logon with their rights; ``SYSTEM`` starts at
            boot under the account given at registration (``/RU``), logged on as a batch job.
        exec_argv: How to start ``pywats-client`` (absolute path first).
        user_id: ``DOMAIN\\user`` whose logon starts a ``USER`` task.
    """
    command = escape(exec_argv[0])
    arguments = escape(
        subprocess.list2cmdline([*exec_argv[1:], "service", "--instance-id", instance_id])
    )
    if scope is ServiceScope.SYSTEM:
        trigger = "    <BootTrigger>\n      <Enabled>true</Enabled>\n    </BootTrigger>"
        principal = "      <LogonType>Password</LogonType>"
    else:
        user = f"\n      <UserId>{escape(user_id)}</UserId>" if user_id else ""
        trigger = f"    <LogonTrigger>\n      <Enabled>true</Enabled>{user}\n    </LogonTrigger>"
        principal = (f"      <UserId>{escape(user_id)}</UserId>\n" if user_id else "") + (
            "      <LogonType>InteractiveToken</LogonType>"
        )
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="{TASK_XML_NAMESPACE}">
  <RegistrationInfo>
    <Description>pyWATS station service (instance {escape(instance_id)})</Description>
    <URI>\\{escape(task_name(instance_id))}</URI>
  </RegistrationInfo>
  <Triggers>
{trigger}
  </Triggers>
  <Principals>
    <Principal id="Author">
{principal}
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>5</Priority>
    <RestartOnFailure>
      <Interval>{RESTART_INTERVAL}</Interval>
      <Count>{RESTART_COUNT}</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{command}</Command>
      <Arguments>{arguments}</Arguments>
    </Exec>
  </Actions>
</Task>
"""


def plan_task_scheduler(
    instance_id: str,
    scope: ServiceScope,
    exec_argv: Sequence[str],
    *,
    environ: Mapping[str, str] | None = None,
) -> InstallPlan:
    """Files and commands to run ``instance_id`` from Task Scheduler."""
    env = os.environ if environ is None else environ
    name = task_name(instance_id)
    user = env.get("USERNAME", "")
    domain = env.get("USERDOMAIN", "")
    user_id = f"{domain}\\{user}" if domain and user else user
    xml_file = HomePaths.resolve(environ=env).instance(instance_id).config_dir / "task.xml"
    content = render_task_xml(
        instance_id, scope, exec_argv, user_id="" if scope is ServiceScope.SYSTEM else user_id
    )
    create = ["schtasks", "/Create", "/TN", name, "/XML", str(xml_file), "/F"]
    notes = [
        f"stop it with: schtasks /End /TN {name} (no graceful shutdown; the queue is "
        "crash-safe, interrupted uploads are re-sent and never duplicated).",
        "Task Scheduler restarts it after a failure at most once a minute.",
    ]
    if scope is ServiceScope.SYSTEM:
        # /RP * makes schtasks ask for the account's password.
        create[-1:-1] = ["/RU", f".\\{SERVICE_USER}", "/RP", "*"]
        notes.insert(
            0,
            f"run from an elevated prompt; the task starts at boot as the local account "
            f"'{SERVICE_USER}' (create it first, with the 'Log on as a batch job' right); "
            f"log in as that account first: runas /user:{SERVICE_USER} "
            f'"{subprocess.list2cmdline(exec_argv)} --instance-id {instance_id} login"',
        )
    if env.get(ENV_HOME):
        notes.append(
            f"{ENV_HOME} is set in this shell but a task cannot set variables: set it for the "
            f"account with: setx {ENV_HOME} {subprocess.list2cmdline([env[ENV_HOME]])}"
        )
    return InstallPlan(
        platform=ServicePlatform.TASK_SCHEDULER,
        scope=scope,
        instance_id=instance_id,
        service_name=name,
        files=[PlannedFile(xml_file, content, encoding="utf-16", mode=0o600)],
        commands=[create, ["schtasks", "/Run", "/TN", name]],
        notes=notes,
    )
