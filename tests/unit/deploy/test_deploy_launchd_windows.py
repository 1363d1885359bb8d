"""launchd plists and Task Scheduler XML: parsed back and checked key by key."""

from __future__ import annotations

import plistlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pywats_client.deploy import (
    ServicePlatform,
    ServiceScope,
    launchd_label,
    plan_install,
    render_task_xml,
)
from pywats_client.deploy.windows import TASK_XML_NAMESPACE

EXE = "/opt/venv/bin/pywats-client"
NS = {"t": TASK_XML_NAMESPACE}


def test_launchd_labels() -> None:
    assert launchd_label("default") == "com.pywats.client"
    assert launchd_label("line-2") == "com.pywats.client.line-2"


def test_launchd_user_agent(tmp_path: Path) -> None:
    plan = plan_install(
        "line-2",
        ServiceScope.USER,
        ServicePlatform.LAUNCHD,
        exec_argv=[EXE],
        environ={"PYWATS_HOME": str(tmp_path)},
    )
    [planned] = plan.files
    assert planned.path == Path.home() / "Library/LaunchAgents/com.pywats.client.line-2.plist"
    body = plistlib.loads(planned.content.encode("utf-8"))
    assert body["Label"] == "com.pywats.client.line-2"
    assert body["ProgramArguments"] == [EXE, "service", "--instance-id", "line-2"]
    assert body["EnvironmentVariables"] == {"PYTHONUNBUFFERED": "1", "PYWATS_HOME": str(tmp_path)}
    assert body["KeepAlive"] == {"SuccessfulExit": False}  # restart after a failure only
    assert body["ExitTimeOut"] == 75  # SIGTERM, then SIGKILL after the 60 s grace + margin
    assert body["ThrottleInterval"] == 5
    assert body["RunAtLoad"] is True
    assert body["StandardErrorPath"] == str(tmp_path / "logs" / "line-2.service.log")
    assert "UserName" not in body
    # launchd does not create the log directory: the plan does.
    assert plan.directories == [tmp_path / "logs"]
    assert plan.commands[0][:2] == ["launchctl", "bootstrap"]


def test_launchd_system_daemon_runs_as_service_account() -> None:
    plan = plan_install("default", ServiceScope.SYSTEM, ServicePlatform.LAUNCHD, exec_argv=[EXE])
    body = plistlib.loads(plan.files[0].content.encode("utf-8"))
    assert plan.files[0].path == Path("/Library/LaunchDaemons/com.pywats.client.plist")
    assert body["UserName"] == "pywats"
    assert body["EnvironmentVariables"]["PYWATS_HOME"] == "/usr/local/var/pywats"
    assert plan.commands[-1] == ["launchctl", "bootstrap", "system", str(plan.files[0].path)]


def _task(xml_text: str) -> ET.Element:
    # Parsed from UTF-16 bytes, as schtasks reads the file.
    return ET.fromstring(xml_text.encode("utf-16"))


def test_task_xml_user_scope() -> None:
    text = render_task_xml(
        "line-2", ServiceScope.USER, ["C:\\Py Env\\Scripts\\pywats-client.exe"], user_id="ACME\\op"
    )
    assert text.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    task = _task(text)
    assert task.findtext("t:Triggers/t:LogonTrigger/t:UserId", namespaces=NS) == "ACME\\op"
    principal = task.find("t:Principals/t:Principal", NS)
    assert principal is not None
    assert principal.findtext("t:LogonType", namespaces=NS) == "InteractiveToken"
    settings = task.find("t:Settings", NS)
    assert settings is not None
    assert settings.findtext("t:ExecutionTimeLimit", namespaces=NS) == "PT0S"  # never killed
    assert settings.findtext("t:MultipleInstancesPolicy", namespaces=NS) == "IgnoreNew"
    assert settings.findtext("t:RestartOnFailure/t:Interval", namespaces=NS) == "PT1M"
    assert settings.findtext("t:DisallowStartIfOnBatteries", namespaces=NS) == "false"
    exec_ = task.find("t:Actions/t:Exec", NS)
    assert exec_ is not None
    assert exec_.findtext("t:Command", namespaces=NS) == "C:\\Py Env\\Scripts\\pywats-client.exe"
    assert exec_.findtext("t:Arguments", namespaces=NS) == "service --instance-id line-2"


def test_task_xml_system_scope_and_python_module_fallback() -> None:
    task = _task(
        render_task_xml(
            "default", ServiceScope.SYSTEM, ["C:\\Python\\python.exe", "-m", "pywats_client.cli"]
        )
    )
    assert task.find("t:Triggers/t:BootTrigger", NS) is not None
    assert task.findtext("t:Principals/t:Principal/t:LogonType", namespaces=NS) == "Password"
    assert (
        task.findtext("t:Actions/t:Exec/t:Arguments", namespaces=NS)
        == "-m pywats_client.cli service --instance-id default"
    )


def test_task_plan_writes_utf16_and_registers_with_schtasks(tmp_path: Path) -> None:
    env = {"PYWATS_HOME": str(tmp_path), "USERNAME": "op", "USERDOMAIN": "ACME"}
    plan = plan_install(
        "default", ServiceScope.SYSTEM, ServicePlatform.TASK_SCHEDULER, exec_argv=[EXE], environ=env
    )
    [planned] = plan.files
    assert planned.encoding == "utf-16"
    assert planned.path == tmp_path / "config/instances/default/task.xml"
    name = "pyWATS\\pywats-client-default"
    register = ["schtasks", "/Create", "/TN", name, "/XML", str(planned.path)]
    account = ["/RU", ".\\pywats", "/RP", "*", "/F"]
    assert plan.commands == [[*register, *account], ["schtasks", "/Run", "/TN", name]]
    assert any("setx PYWATS_HOME" in note for note in plan.notes)


def test_windows_readme_shows_the_commands_the_code_runs() -> None:
    readme = Path(__file__).parents[3] / "deploy" / "windows" / "README.md"
    text = readme.read_text("utf-8")
    plan = plan_install(
        "default", ServiceScope.SYSTEM, ServicePlatform.TASK_SCHEDULER, exec_argv=[EXE], environ={}
    )
    create, run = plan.commands
    assert f'schtasks /Create /TN "{create[3]}" /XML <file> /RU .\\pywats /RP * /F' in text
    assert f'schtasks /Run /TN "{run[3]}"' in text


@pytest.mark.parametrize("platform", list(ServicePlatform))
@pytest.mark.parametrize("scope", list(ServiceScope))
def test_every_plan_names_the_instance(
    platform: ServicePlatform, scope: ServiceScope, tmp_path: Path
) -> None:
    plan = plan_install(
        "st-9", scope, platform, exec_argv=[EXE], environ={"PYWATS_HOME": str(tmp_path)}
    )
    assert "st-9" in plan.service_name
    assert plan.files and plan.commands
    assert plan.to_json()["instance_id"] == "st-9"
