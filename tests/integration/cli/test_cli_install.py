"""``pywats-client install-service`` with real files in a temporary home (systemd, Linux)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Protocol

import pytest
from typer.testing import CliRunner, Result

from pywats_client.cli import app
from pywats_client.deploy import current_exec_argv

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the systemd flavour is checked on Linux"
)

SYSTEM_UNIT = Path("/etc/systemd/system/pywats-client@.service")


class Invoke(Protocol):
    def __call__(self, *args: str, extra_env: dict[str, str] | None = None) -> Result: ...


@pytest.fixture
def run(tmp_path: Path) -> Invoke:
    runner = CliRunner()
    blank: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PYWATS_")}
    env = {
        **blank,
        "PYWATS_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
    }

    def invoke(*args: str, extra_env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env={**env, **(extra_env or {})})

    return invoke


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_dry_run_prints_everything_and_changes_nothing(run: Invoke, tmp_path: Path) -> None:
    before = _tree(tmp_path)
    system_unit_existed = SYSTEM_UNIT.exists()
    result = run("install-service", "--dry-run")
    assert result.exit_code == 0, result.output
    unit_path = tmp_path / "xdg" / "systemd" / "user" / "pywats-client@.service"
    assert f"# would write {unit_path} (created):" in result.stdout
    assert f"ExecStart={current_exec_argv()[0]} service --instance-id %i" in result.stdout
    assert "Type=simple" in result.stdout
    assert "systemctl --user enable --now pywats-client@default.service" in result.stdout
    assert "login" in result.stderr  # the instance has no token yet: say so
    system = run("install-service", "--system", "--dry-run", "--instance-id", "line-2")
    assert system.exit_code == 0, system.output
    assert f"# would write {SYSTEM_UNIT}" in system.stdout
    assert "User=pywats" in system.stdout
    assert "systemctl enable --now pywats-client@line-2.service" in system.stdout
    assert "useradd --system" in system.stderr
    assert _tree(tmp_path) == before
    assert SYSTEM_UNIT.exists() == system_unit_existed


def test_install_writes_the_user_unit_once(run: Invoke, tmp_path: Path) -> None:
    unit_path = tmp_path / "xdg" / "systemd" / "user" / "pywats-client@.service"
    first = run("install-service")
    assert first.exit_code == 0, first.output
    assert f"created: {unit_path}" in first.stdout
    assert "To enable and start it, run:" in first.stdout
    assert "systemctl --user daemon-reload" in first.stdout
    text = unit_path.read_text("utf-8")
    assert f"Environment=PYWATS_HOME={tmp_path / 'home'}" in text  # same home as the CLI
    second = run("install-service", "--json")
    assert second.exit_code == 0, second.output
    data = json.loads(second.stdout)
    assert data["files"][0]["change"] == "unchanged"
    assert data["dry_run"] is False and data["enabled"] is False
    assert data["commands"][-1] == [
        "systemctl",
        "--user",
        "enable",
        "--now",
        "pywats-client@default.service",
    ]


def _stub_systemctl(directory: Path, exit_code: int) -> Path:
    """A stand-in systemctl on PATH that records its arguments (no user manager here)."""
    directory.mkdir()
    log = directory / "calls.txt"
    stub = directory / "systemctl"
    stub.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexit {exit_code}\n', "utf-8")
    stub.chmod(0o755)
    return log


def test_enable_runs_the_commands_in_order(run: Invoke, tmp_path: Path) -> None:
    log = _stub_systemctl(tmp_path / "bin", 0)
    path = f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"
    result = run("install-service", "--enable", extra_env={"PATH": path})
    assert result.exit_code == 0, result.output
    assert log.read_text("utf-8").splitlines() == [
        "--user daemon-reload",
        "--user enable --now pywats-client@default.service",
    ]
    assert "Enabled and started pywats-client@default.service." in result.stdout


def test_enable_failure_is_reported(run: Invoke, tmp_path: Path) -> None:
    log = _stub_systemctl(tmp_path / "bin", 3)
    path = f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"
    result = run("install-service", "--enable", extra_env={"PATH": path})
    assert result.exit_code == 1
    assert "systemctl --user daemon-reload` failed with exit code 3" in result.stderr
    assert log.read_text("utf-8").splitlines() == ["--user daemon-reload"]  # stopped there


def test_dry_run_and_enable_exclude_each_other(run: Invoke) -> None:
    result = run("install-service", "--dry-run", "--enable")
    assert result.exit_code == 2
    assert "exclude each other" in result.stderr


def test_bad_instance_id_is_a_usage_error(run: Invoke) -> None:
    result = run("install-service", "--dry-run", "--instance-id", "../etc")
    assert result.exit_code == 2
    assert "invalid instance id" in result.stderr
