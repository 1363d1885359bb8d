"""What installing the service as an OS service means: files to write, commands to run.

An :class:`InstallPlan` is computed without touching anything (decide apart from do), so
``install-service --dry-run`` prints exactly what a real run would write and run.
:func:`write_plan_files` and :func:`run_plan_commands` are the only functions here that act.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pywats_client.paths import ensure_private_dir

__all__ = [
    "FileChange",
    "InstallPlan",
    "PlannedFile",
    "ServicePlatform",
    "ServiceScope",
    "current_exec_argv",
    "current_platform",
    "run_plan_commands",
    "write_plan_files",
]

SERVICE_USER = "pywats"  # the account a system-wide service runs as
_SCRIPT_NAMES = ("pywats-client.exe", "pywats-client") if os.name == "nt" else ("pywats-client",)


class ServicePlatform(str, Enum):
    """Which service manager a plan targets."""

    SYSTEMD = "systemd"  # Linux
    LAUNCHD = "launchd"  # macOS
    TASK_SCHEDULER = "task-scheduler"  # Windows


class ServiceScope(str, Enum):
    """For whom the service runs."""

    USER = "user"  # the current user, no root needed
    SYSTEM = "system"  # a dedicated service account, started at boot; needs root/admin


class FileChange(str, Enum):
    """What writing a planned file did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PlannedFile:
    """One file the plan writes (text, written as ``encoding``)."""

    path: Path
    content: str
    encoding: str = "utf-8"
    mode: int = 0o644

    def current_change(self) -> FileChange:
        """What writing it now would do."""
        try:
            existing = self.path.read_bytes()
        except FileNotFoundError:
            return FileChange.CREATED
        except OSError:
            return FileChange.UPDATED
        same = existing == self.content.encode(self.encoding)
        return FileChange.UNCHANGED if same else FileChange.UPDATED


@dataclass(frozen=True)
class InstallPlan:
    """Everything ``install-service`` would do for one instance.

    Attributes:
        platform: The service manager.
        scope: User or system service.
        instance_id: The pyWATS instance the service runs.
        service_name: The name the service manager knows it by.
        files: Files to write.
        commands: Commands that enable and start it (run only with ``--enable``).
        notes: What a person must know or do (log in first, linger, stopping semantics).
        directories: Owner-only directories that must exist before the service starts.
    """

    platform: ServicePlatform
    scope: ServiceScope
    instance_id: str
    service_name: str
    files: list[PlannedFile]
    commands: list[list[str]]
    notes: list[str] = field(default_factory=list)
    directories: list[Path] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "platform": self.platform.value,
            "scope": self.scope.value,
            "instance_id": self.instance_id,
            "service_name": self.service_name,
            "files": [
                {"path": str(f.path), "content": f.content, "change": f.current_change().value}
                for f in self.files
            ],
            "commands": [list(command) for command in self.commands],
            "notes": list(self.notes),
            "directories": [str(d) for d in self.directories],
        }


def current_platform() -> ServicePlatform:
    """The service manager of this machine (systemd on Linux and other Unixes)."""
    if sys.platform == "win32":
        return ServicePlatform.TASK_SCHEDULER
    if sys.platform == "darwin":
        return ServicePlatform.LAUNCHD
    return ServicePlatform.SYSTEMD


def current_exec_argv() -> list[str]:
    """How a service manager starts *this* installation's ``pywats-client``, as argv.

    The console script beside the running interpreter (the same virtualenv) is preferred, then
    the one on ``PATH``; without a script, ``<python> -m pywats_client.cli``. Paths are made
    absolute but symlinks are kept (a venv's ``python`` must stay the venv's).
    """
    bin_dir = Path(sys.executable).absolute().parent
    for name in _SCRIPT_NAMES:
        candidate = bin_dir / name
        if candidate.is_file():
            return [str(candidate)]
    found = shutil.which("pywats-client")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "pywats_client.cli"]


def write_plan_files(plan: InstallPlan) -> list[tuple[PlannedFile, FileChange]]:
    """Create the plan's directories and write its files; unchanged files are left alone.

    Raises:
        PermissionError: the target directory needs root/admin rights.
    """
    for directory in plan.directories:
        ensure_private_dir(directory)
    results: list[tuple[PlannedFile, FileChange]] = []
    for planned in plan.files:
        change = planned.current_change()
        if change is not FileChange.UNCHANGED:
            planned.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = planned.path.with_name(f".{planned.path.name}.{os.getpid()}.tmp")
            try:
                tmp.write_bytes(planned.content.encode(planned.encoding))
                os.chmod(tmp, planned.mode)
                os.replace(tmp, planned.path)
            finally:
                tmp.unlink(missing_ok=True)
        results.append((planned, change))
    return results


def run_plan_commands(plan: InstallPlan, *, timeout_s: float = 60.0) -> None:
    """Run the enable/start commands in order, on this terminal; stop at the first failure.

    Output is not captured: the tools' own messages (and a password prompt) reach the user.

    Raises:
        subprocess.CalledProcessError: a command failed.
        FileNotFoundError: the service manager's tool is not installed.
    """
    for command in plan.commands:
        subprocess.run(command, check=True, timeout=timeout_s)  # noqa: S603 - argv we built
