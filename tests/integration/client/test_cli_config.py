"""``pywats-client config ...`` through Typer's CliRunner against real files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Protocol

import pytest
from typer.testing import CliRunner, Result

from pywats_client.cli import app
from pywats_client.config import ConfigStore
from pywats_client.paths import HomePaths
from pywats_client.security import TokenVault

TOKEN = "cli-plaintext-token-4711"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str | None]:
    blank: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PYWATS_")}
    return {**blank, "PYWATS_HOME": str(tmp_path / "home")}


class Invoke(Protocol):
    def __call__(self, *args: str, extra_env: dict[str, str] | None = None) -> Result: ...


@pytest.fixture
def run(env: dict[str, str | None]) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str, extra_env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env={**env, **(extra_env or {})})

    return invoke


def _store(tmp_path: Path, instance: str = "default") -> ConfigStore:
    return ConfigStore.for_instance(HomePaths.resolve(tmp_path / "home").instance(instance))


def test_init_writes_owner_only_file_and_refuses_overwrite(run: Invoke, tmp_path: Path) -> None:
    result = run("config", "init", "--server-url", "acme.wats.com", "--station", "ICT-1")
    assert result.exit_code == 0, result.output
    store = _store(tmp_path)
    assert "wrote configuration to" in result.output
    if os.name == "posix":
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    config = store.load()
    assert config.server.url == "https://acme.wats.com"
    assert config.station.identity(hostname="h").name == "ICT-1"
    again = run("config", "init")
    assert again.exit_code == 2
    assert "already exists; use --force" in again.output
    assert run("config", "init", "--force").exit_code == 0


def test_init_bad_flag_value_is_a_config_error(run: Invoke) -> None:
    result = run("config", "init", "--server-url", "ftp://x")
    assert result.exit_code == 3
    assert "server.url = ftp://x: must be an http:// or https:// URL" in result.output


def test_show_masks_the_token(run: Invoke, tmp_path: Path) -> None:
    store = _store(tmp_path)
    vault = TokenVault(HomePaths.resolve(tmp_path / "home").salt_file)
    config = store.load_file()
    store.save(config.model_copy(update={"server": config.server.with_token(TOKEN, vault)}))
    as_json = run("config", "show", "--json")
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)
    assert data["server"]["token_encrypted"] == "***"
    table = run("config", "show")
    assert table.exit_code == 0 and "queue.max_attempts" in table.stdout and "***" in table.stdout
    for output in (
        as_json.output,
        table.output,
        run("config", "get", "server.token_encrypted").output,
    ):
        assert TOKEN not in output
        assert config.server.with_token(TOKEN, vault).token_encrypted[:20] not in output
    assert run("config", "get", "server.token_encrypted").stdout.strip() == "***"
    section = json.loads(run("config", "get", "server").stdout)
    assert section["token_encrypted"] == "***" and section["url"] == ""
    env_token = run("config", "show", "--json", extra_env={"PYWATS_API_TOKEN": TOKEN})
    assert TOKEN not in env_token.output


def test_show_source_column_names_env(run: Invoke) -> None:
    result = run("config", "show", extra_env={"PYWATS_QUEUE__MAX_ATTEMPTS": "4", "COLUMNS": "200"})
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if "queue.max_attempts" in line)
    assert "4" in line and "env PYWATS_QUEUE__MAX_ATTEMPTS" in line


def test_get_and_set(run: Invoke, tmp_path: Path) -> None:
    assert run("config", "get", "queue.max_attempts").stdout.strip() == "10"
    result = run("config", "set", "queue.max_attempts", "5")
    assert result.exit_code == 0, result.output
    assert "queue.max_attempts = 5" in result.stdout
    assert json.loads(_store(tmp_path).path.read_text())["queue"]["max_attempts"] == 5
    assert run("config", "get", "queue", "--json").stdout.count('"max_attempts": 5') == 1
    negative = run("config", "set", "queue.max_attempts", "-3")  # not taken for an option
    assert negative.exit_code == 3
    assert "queue.max_attempts = -3: must be >= 1" in negative.output
    assert str(_store(tmp_path).path) in negative.output
    assert run("config", "get", "queue.max_attempts").stdout.strip() == "5"


def test_set_warns_when_env_overrides(run: Invoke) -> None:
    result = run(
        "config", "set", "queue.max_attempts", "5", extra_env={"PYWATS_QUEUE__MAX_ATTEMPTS": "4"}
    )
    assert result.exit_code == 0
    assert "PYWATS_QUEUE__MAX_ATTEMPTS is set and overrides this value" in result.stderr


def test_unknown_key_and_read_only_key(run: Invoke) -> None:
    unknown = run("config", "get", "queue.max_atempts")
    assert unknown.exit_code == 4
    assert (
        "unknown config key 'queue.max_atempts' — did you mean queue.max_attempts" in unknown.output
    )
    token = run("config", "set", "server.token_encrypted", "x")
    assert token.exit_code == 3 and "pywats-client login" in token.output


def test_validate(run: Invoke, tmp_path: Path) -> None:
    ok = run("config", "validate")
    assert ok.exit_code == 0 and "valid" in ok.stdout and "no configuration file" in ok.stdout
    store = _store(tmp_path)
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"queue": {"max_attempts": 0}, "health": {"port": 99999}}))
    bad = run("config", "validate", "--json")
    assert bad.exit_code == 3
    report = json.loads(bad.stdout)
    assert report["valid"] is False and len(report["problems"]) == 2
    assert any("health.port = 99999: must be <= 65535" in p for p in report["problems"])


def test_explicit_config_path_and_instance_id(run: Invoke, tmp_path: Path) -> None:
    custom = tmp_path / "custom.json"
    assert run("--config", str(custom), "config", "set", "sync_interval_s", "60").exit_code == 0
    assert json.loads(custom.read_text())["sync_interval_s"] == 60
    assert run("-i", "line-2", "config", "init").exit_code == 0
    assert _store(tmp_path, "line-2").exists()
    bad = run("--instance-id", "../etc", "config", "show")
    assert bad.exit_code == 2 and "invalid instance id '../etc'" in bad.output


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["config"],
        ["config", "show"],
        ["config", "init"],
        ["config", "get"],
        ["config", "set"],
        ["config", "validate"],
    ],
)
def test_help_explains_each_command(run: Invoke, command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    body = result.stdout.split("Options")[0]
    assert len(body.split()) > 8  # a real explanation, not just the usage line
