"""The repository's deploy/ folder: generated files are current, hand-written ones are valid."""

from __future__ import annotations

import importlib
import json
import re
import shlex
import stat
import sys
from pathlib import Path

from pywats_client.config import ClientConfig, ConfigStore
from pywats_client.config.models import COMMENT_KEY
from pywats_client.deploy import (
    PLACEHOLDER_EXEC,
    FileChange,
    InstallPlan,
    PlannedFile,
    ServicePlatform,
    ServiceScope,
    check_deploy_tree,
    current_exec_argv,
    generated_deploy_files,
    render_systemd_unit,
    write_plan_files,
)

DEPLOY = Path(__file__).parents[3] / "deploy"


def test_generated_files_are_up_to_date() -> None:
    stale = check_deploy_tree(DEPLOY)
    assert not stale, f"stale deploy files {stale}: run `python -m pywats_client.deploy deploy`"


def test_systemd_file_is_the_rendered_system_template() -> None:
    """Same source as install-service: only the program path differs."""
    text = (DEPLOY / "systemd" / "pywats-client@.service").read_text("utf-8")
    rendered = render_systemd_unit(ServiceScope.SYSTEM, ["/usr/bin/pywats-client"])
    assert text.replace(PLACEHOLDER_EXEC, "/usr/bin/pywats-client") == rendered
    assert set(generated_deploy_files()) == {
        "systemd/pywats-client@.service",
        "launchd/com.pywats.client.plist",
    }


def test_sample_config_validates_and_covers_every_section() -> None:
    path = DEPLOY / "config" / "pywats-client.sample.json"
    data = json.loads(path.read_text("utf-8"))
    config = ClientConfig.from_data(data)
    assert config.server.url == "https://acme.wats.com"
    assert not config.server.token_encrypted  # a sample never carries a token
    missing = set(ClientConfig.model_fields) - set(data)
    assert not missing, f"sample lacks {sorted(missing)}"
    for name, value in data.items():
        if isinstance(value, dict):
            assert COMMENT_KEY in value, f"section {name} has no {COMMENT_KEY}"
    # It is a valid file too, as the service reads it (no plaintext token allowed there).
    store = ConfigStore(path)
    assert store.load_file().converters[0].name == "wsjf-drop"


def test_sample_converters_exist() -> None:
    data = json.loads((DEPLOY / "config" / "pywats-client.sample.json").read_text("utf-8"))
    for converter in data["converters"]:
        module, _, name = converter["class_path"].partition(":")
        assert hasattr(importlib.import_module(module), name), converter["class_path"]


def _dockerfile() -> tuple[str, dict[str, str]]:
    text = (DEPLOY / "docker" / "Dockerfile").read_text("utf-8")
    joined = re.sub(r"\\\n\s*", " ", text)
    instructions: dict[str, str] = {}
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, rest = line.strip().partition(" ")
            instructions[keyword] = (
                instructions.get(keyword, "") + (" " if keyword in instructions else "") + rest
            )
    return text, instructions


def test_dockerfile_is_headless_non_root_with_a_loopback_healthcheck() -> None:
    _, ins = _dockerfile()
    assert 'pip install ".[client]"' in ins["RUN"]
    assert "PySide6" not in ins["RUN"] and "[gui]" not in ins["RUN"]
    assert ins["USER"] == "pywats"
    assert json.loads(ins["CMD"]) == ["pywats-client", "service"]
    assert json.loads(ins["VOLUME"]) == ["/data"]
    env = dict(word.split("=", 1) for word in shlex.split(ins["ENV"]))
    assert env["PYWATS_HOME"] == "/data"
    health_cmd = json.loads(ins["HEALTHCHECK"].split("CMD", 1)[1])
    assert f"http://127.0.0.1:{env['PYWATS_HEALTH__PORT']}/health" in health_cmd[-1]
    assert "EXPOSE" not in ins  # the health port stays inside the container
    # The settings the image sets exist under those names.
    config = ClientConfig.from_data({"health": {"port": int(env["PYWATS_HEALTH__PORT"])}})
    assert config.health.host == "127.0.0.1"


def test_current_exec_argv_is_this_installation() -> None:
    argv = current_exec_argv()
    assert Path(argv[0]).is_absolute()
    if len(argv) == 1:
        assert Path(argv[0]).name.startswith("pywats-client")
        assert Path(argv[0]).parent == Path(sys.executable).absolute().parent
    else:
        assert argv[1:] == ["-m", "pywats_client.cli"]


def test_write_plan_files_reports_changes(tmp_path: Path) -> None:
    target = tmp_path / "units" / "a.service"
    plan = InstallPlan(
        ServicePlatform.SYSTEMD,
        ServiceScope.USER,
        "default",
        "a",
        files=[PlannedFile(target, "one\n")],
        commands=[],
        directories=[tmp_path / "logs"],
    )
    assert [change for _, change in write_plan_files(plan)] == [FileChange.CREATED]
    assert target.read_text("utf-8") == "one\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700
    assert [change for _, change in write_plan_files(plan)] == [FileChange.UNCHANGED]
    changed = InstallPlan(**{**plan.__dict__, "files": [PlannedFile(target, "two\n")]})
    assert [change for _, change in write_plan_files(changed)] == [FileChange.UPDATED]
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.service"]  # no temp left
