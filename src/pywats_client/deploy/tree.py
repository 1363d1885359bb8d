"""The generated files of the repository's ``deploy/`` folder, rendered by the same code as
``install-service`` so the two cannot drift (a test compares them; regenerate with
``python -m pywats_client.deploy deploy``).

They use :data:`PLACEHOLDER_EXEC` as the program path: the conventional location of a
dedicated virtualenv (``python3 -m venv /opt/pywats && /opt/pywats/bin/pip install
'pywats[client]'``); ``install-service`` writes the real path of the running installation.
"""

from __future__ import annotations

from pathlib import Path

from pywats_client.deploy.launchd import LAUNCHD_SYSTEM_HOME, launchd_label, render_launchd_plist
from pywats_client.deploy.plan import ServiceScope
from pywats_client.deploy.systemd import UNIT_NAME, render_systemd_unit
from pywats_client.paths import DEFAULT_INSTANCE_ID, HomePaths

__all__ = ["PLACEHOLDER_EXEC", "check_deploy_tree", "generated_deploy_files", "write_deploy_tree"]

PLACEHOLDER_EXEC = "/opt/pywats/bin/pywats-client"


def generated_deploy_files() -> dict[str, str]:
    """``{path relative to deploy/: content}`` of every generated file."""
    log_file = HomePaths.resolve(LAUNCHD_SYSTEM_HOME).log_dir / f"{DEFAULT_INSTANCE_ID}.service.log"
    return {
        f"systemd/{UNIT_NAME}": render_systemd_unit(ServiceScope.SYSTEM, [PLACEHOLDER_EXEC]),
        f"launchd/{launchd_label(DEFAULT_INSTANCE_ID)}.plist": render_launchd_plist(
            DEFAULT_INSTANCE_ID,
            ServiceScope.SYSTEM,
            [PLACEHOLDER_EXEC],
            log_file=log_file,
            home=LAUNCHD_SYSTEM_HOME,
        ),
    }


def check_deploy_tree(root: Path) -> list[str]:
    """Relative paths under ``root`` that are missing or differ from what the code renders."""
    stale = []
    for relative, content in generated_deploy_files().items():
        path = root / relative
        if not path.is_file() or path.read_text("utf-8") != content:
            stale.append(relative)
    return stale


def write_deploy_tree(root: Path) -> list[str]:
    """Write the generated files under ``root``; returns the relative paths that changed."""
    changed = check_deploy_tree(root)
    for relative in changed:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated_deploy_files()[relative], "utf-8", newline="\n")
    return changed
