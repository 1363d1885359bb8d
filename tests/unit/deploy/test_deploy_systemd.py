"""The systemd template unit: required keys, quoting, socket location, systemd-analyze."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pywats_client.deploy import (
    SYSTEMD_SYSTEM_HOME,
    ServicePlatform,
    ServiceScope,
    plan_install,
    render_systemd_unit,
)
from pywats_client.deploy.systemd import systemd_quote
from pywats_client.paths import HomePaths, InstancePaths

EXE = "/opt/venv/bin/pywats-client"


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """Sections -> key -> every value (systemd allows repeated keys such as Environment=)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"key outside a section: {line!r}"
        key, sep, value = line.partition("=")
        assert sep, f"not a key=value line: {line!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def one(section: dict[str, list[str]], key: str) -> str:
    values = section.get(key, [])
    assert len(values) == 1, f"{key}: expected one value, got {values}"
    return values[0]


@pytest.mark.parametrize("scope", list(ServiceScope))
def test_required_service_keys(scope: ServiceScope) -> None:
    unit = parse_unit(render_systemd_unit(scope, [EXE]))
    service = unit["Service"]
    assert one(service, "Type") == "simple"  # the service never sends sd_notify
    assert one(service, "ExecStart") == f"{EXE} service --instance-id %i"
    assert one(service, "Restart") == "on-failure"
    assert one(service, "RestartSec") == "5"
    assert one(service, "KillSignal") == "SIGTERM"
    assert one(service, "TimeoutStopSec") == "75"  # > the service's 60 s grace
    assert "PYTHONUNBUFFERED=1" in service["Environment"]
    assert one(service, "NoNewPrivileges") == "yes"
    assert "RuntimeDirectory" not in service  # shared by all instances: see the module doc
    assert "%i" in one(unit["Unit"], "Description")
    assert one(unit["Install"], "WantedBy") == (
        "multi-user.target" if scope is ServiceScope.SYSTEM else "default.target"
    )


def test_system_unit_hardening_and_home() -> None:
    service = parse_unit(render_systemd_unit(ServiceScope.SYSTEM, [EXE]))["Service"]
    assert one(service, "User") == "pywats"
    assert one(service, "ProtectSystem") == "strict"
    assert one(service, "PrivateTmp") == "yes"
    assert f"PYWATS_HOME={SYSTEMD_SYSTEM_HOME}" in service["Environment"]
    assert one(service, "ReadWritePaths") == str(SYSTEMD_SYSTEM_HOME)


def test_user_unit_has_no_namespace_sandboxing() -> None:
    service = parse_unit(render_systemd_unit(ServiceScope.USER, [EXE]))["Service"]
    for key in ("User", "ProtectSystem", "PrivateTmp", "ReadWritePaths"):
        assert key not in service
    assert not any(value.startswith("PYWATS_HOME=") for value in service["Environment"])


def test_user_unit_keeps_the_installers_pywats_home() -> None:
    plan = plan_install(
        "line-2",
        ServiceScope.USER,
        ServicePlatform.SYSTEMD,
        exec_argv=[EXE],
        environ={"PYWATS_HOME": "/srv/py wats", "XDG_CONFIG_HOME": "/cfg"},
    )
    assert plan.files[0].path == Path("/cfg/systemd/user/pywats-client@.service")
    service = parse_unit(plan.files[0].content)["Service"]
    assert '"PYWATS_HOME=/srv/py wats"' in service["Environment"]
    assert plan.commands[-1] == [
        "systemctl",
        "--user",
        "enable",
        "--now",
        "pywats-client@line-2.service",
    ]


@pytest.mark.parametrize("instance_id", ["default", "x" * 40])
def test_system_socket_is_writable_and_outside_private_tmp(instance_id: str) -> None:
    """The CLI must see the socket: inside ReadWritePaths, not in the unit's private /tmp."""
    paths = InstancePaths(instance_id, home=HomePaths.resolve(SYSTEMD_SYSTEM_HOME))
    for path in (paths.ipc_socket, paths.endpoint_file, paths.queue_db, paths.config_file):
        assert path.is_relative_to(SYSTEMD_SYSTEM_HOME), path


def test_quoting_of_odd_paths() -> None:
    assert systemd_quote("/opt/a b/pywats-client") == '"/opt/a b/pywats-client"'
    assert systemd_quote("/opt/100%/x") == "/opt/100%%/x"  # a specifier would be expanded
    assert systemd_quote("/opt/$HOME/x") == '"/opt/$$HOME/x"'
    assert systemd_quote("A=/opt/$x", command=False) == '"A=/opt/$x"'  # no $ expansion there
    assert systemd_quote('say "hi"') == '"say \\"hi\\""'
    text = render_systemd_unit(
        ServiceScope.USER, ["/opt/my env/bin/python", "-m", "pywats_client.cli"]
    )
    assert 'ExecStart="/opt/my env/bin/python" -m pywats_client.cli service' in text


def _verify(unit_text: str, directory: Path, *, user: bool) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    path = directory / "pywats-client@t1.service"  # verify needs an instance, not a template
    path.write_text(unit_text, "utf-8")
    env = dict(os.environ)
    command = [analyze]
    if user:
        runtime = directory / "rt"
        runtime.mkdir(mode=0o700)
        env["XDG_RUNTIME_DIR"] = str(runtime)
        command.append("--user")
    return subprocess.run(
        [*command, "verify", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        cwd=directory,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="systemd is Linux only")
@pytest.mark.parametrize("scope", list(ServiceScope))
def test_systemd_analyze_verify_accepts_the_unit(scope: ServiceScope, tmp_path: Path) -> None:
    exe = tmp_path / "pywats-client"  # verify checks that ExecStart is executable
    exe.write_text("#!/bin/sh\n", "utf-8")
    exe.chmod(0o755)
    result = _verify(
        render_systemd_unit(scope, [str(exe)]), tmp_path, user=scope is ServiceScope.USER
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # unknown keys are only warnings


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="systemd is Linux only")
def test_systemd_analyze_catches_a_broken_unit(tmp_path: Path) -> None:
    """The check above can fail: a misspelt key and a missing program are reported."""
    text = render_systemd_unit(ServiceScope.SYSTEM, [str(tmp_path / "missing")])
    result = _verify(text.replace("RestartSec=", "RestartSex="), tmp_path, user=False)
    assert "RestartSex" in result.stderr
    assert "missing" in result.stderr
