"""ConfigStore: precedence env > CLI > file > defaults, atomic 0600 writes, get/set, hot reload."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from pywats_client.config import (
    ConfigError,
    ConfigStore,
    UnknownConfigKey,
    resolve_instance_id,
)
from pywats_client.paths import InstancePaths, InvalidInstanceId

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def store(paths: InstancePaths) -> ConfigStore:
    return ConfigStore.for_instance(paths)


def _write(store: ConfigStore, data: dict[str, object]) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps(data))


def test_precedence_env_over_cli_over_file_over_defaults(
    store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert store.load().queue.max_attempts == 10  # default
    _write(store, {"queue": {"max_attempts": 7}, "sync_interval_s": 60})
    assert store.load().queue.max_attempts == 7  # file
    cli = {"queue.max_attempts": 8}
    assert store.load(cli).queue.max_attempts == 8  # CLI over file
    monkeypatch.setenv("PYWATS_QUEUE__MAX_ATTEMPTS", "9")
    config = store.load(cli)
    assert config.queue.max_attempts == 9  # env over CLI
    assert config.sync_interval_s == 60  # untouched keys still come from the file
    monkeypatch.setenv("PYWATS_SYNC_INTERVAL_S", "120")
    assert store.load().sync_interval_s == 120  # top-level keys keep single underscores


def test_env_merges_into_sections_instead_of_replacing(
    store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(store, {"queue": {"max_attempts": 7, "retry_base_s": 60}})
    monkeypatch.setenv("PYWATS_QUEUE__RETRY_CAP_S", "600")
    queue = store.load().queue
    assert (queue.max_attempts, queue.retry_base_s, queue.retry_cap_s) == (7, 60, 600)


def test_reference_client_env_names(store: ConfigStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYWATS_SERVER_URL", "https://wats.example.com/")
    monkeypatch.setenv("PYWATS_API_TOKEN", "env-secret-token")
    monkeypatch.setenv("PYWATS_STATION", "ICT-7")
    config = store.load()
    assert config.server.url == "https://wats.example.com"
    assert config.server.api_token is not None
    assert config.server.api_token.get_secret_value() == "env-secret-token"
    assert config.station.identity(hostname="host").name == "ICT-7"
    store.save(config)  # even saving the env-merged config never writes the env token
    assert "env-secret-token" not in store.path.read_text()


def test_instance_id_flag_beats_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_instance_id(None) == "default"
    monkeypatch.setenv("PYWATS_INSTANCE_ID", "line-3")
    assert resolve_instance_id(None) == "line-3"
    assert resolve_instance_id("line-4") == "line-4"
    monkeypatch.setenv("PYWATS_INSTANCE_ID", "../bad")
    with pytest.raises(InvalidInstanceId):
        resolve_instance_id(None)


def test_store_forces_its_instance_id(store: ConfigStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(store, {"instance_id": "other"})
    monkeypatch.setenv("PYWATS_INSTANCE_ID", "elsewhere")  # selects instances, not a setting
    assert store.load().instance_id == "default"


def test_empty_and_foreign_env_vars_ignored(
    store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYWATS_QUEUE__MAX_ATTEMPTS", "")
    monkeypatch.setenv("PYWATS_SOMETHING_ELSE", "x")
    assert store.load().queue.max_attempts == 10


def test_env_error_names_the_variable(store: ConfigStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYWATS_QUEUE__MAX_ATTEMPTS", "-3")
    with pytest.raises(ConfigError) as caught:
        store.load()
    assert "queue.max_attempts = -3: must be >= 1 (from env PYWATS_QUEUE__MAX_ATTEMPTS)" in str(
        caught.value
    )
    monkeypatch.delenv("PYWATS_QUEUE__MAX_ATTEMPTS")
    monkeypatch.setenv("PYWATS_QUEUE__MAX_ATEMPTS", "3")
    with pytest.raises(ConfigError, match="queue.max_atempts = 3: unknown key"):
        store.load()


def test_section_error_from_env_names_the_variable(
    store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYWATS_HEALTH__HOST", "0.0.0.0")
    with pytest.raises(ConfigError, match=r"not a loopback.*\(from env PYWATS_HEALTH__HOST\)"):
        store.load()


def test_cli_and_file_errors_say_where(store: ConfigStore) -> None:
    with pytest.raises(ConfigError, match="logging.level = LOUD: .*from the command line"):
        store.load({"logging.level": "LOUD"})
    _write(store, {"logging": {"level": "LOUD"}})
    with pytest.raises(ConfigError, match=f"in {store.path}"):
        store.load()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON: line 1 column 2"),
        ("[1, 2]", "must hold a JSON object"),
        ('{"server": {"api_token": "x"}}', "server.api_token is not allowed in a file"),
    ],
)
def test_unusable_files_refused(store: ConfigStore, content: str, message: str) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        store.load()


@posix_only
def test_save_is_atomic_owner_only_and_commented(store: ConfigStore) -> None:
    config = store.load_file()
    store.save(config)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["config.json"]
    data = json.loads(store.path.read_text())
    assert data["$comment"].startswith("pyWATS station service configuration")
    assert store.load() == config  # comments are stripped on load


def test_set_validates_and_persists(store: ConfigStore) -> None:
    store.set("queue.max_attempts", 5)
    assert json.loads(store.path.read_text())["queue"]["max_attempts"] == 5
    with pytest.raises(ConfigError) as caught:
        store.set("queue.max_attempts", -3)
    assert "queue.max_attempts = -3: must be >= 1" in str(caught.value)
    assert store.load().queue.max_attempts == 5  # the bad value was not written


def test_set_unknown_key_suggests(store: ConfigStore) -> None:
    with pytest.raises(UnknownConfigKey, match="did you mean queue.max_attempts"):
        store.set("queue.max_atempts", 3)
    with pytest.raises(UnknownConfigKey):
        store.get("nope")


@pytest.mark.parametrize(
    "key", ["server.token_encrypted", "server.api_token", "proxy.password_encrypted", "instance_id"]
)
def test_set_read_only_keys_refused(store: ConfigStore, key: str) -> None:
    with pytest.raises(ConfigError, match="cannot be set here"):
        store.set(key, "x")


def test_set_text_coerces_like_a_person_means(store: ConfigStore, tmp_path: Path) -> None:
    assert store.set_text("queue.max_attempts", "4").queue.max_attempts == 4
    assert store.set_text("gui.start_minimized", "true").gui.start_minimized is True
    assert store.set_text("station.name", "123").station.name == "123"  # text stays text
    assert store.set_text("logging.file", str(tmp_path / "x.log")).logging.file is not None
    assert store.set_text("logging.file", "null").logging.file is None
    converters = json.dumps([{"name": "c", "class_path": "a.b:C", "watch_folder": "/in"}])
    assert store.set_text("converters", converters).converters[0].name == "c"
    assert store.set_text("converters.0.enabled", "false").converters[0].enabled is False
    config = store.set_text("converters.0.arguments.site", "Hall 2")  # free-form object
    assert config.converters[0].arguments == {"site": "Hall 2"}
    assert store.get("converters.0.arguments.site") == "Hall 2"


def test_set_does_not_persist_env_values(
    store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYWATS_SERVER_URL", "https://from-env.example")
    store.set("queue.max_attempts", 3)
    assert json.loads(store.path.read_text())["server"]["url"] == ""
    assert store.get("server.url") == "https://from-env.example"
    assert store.get("server.url", effective=False) == ""


def test_has_changed_detects_content_not_touch(store: ConfigStore) -> None:
    store.save(store.load_file())
    store.load()
    assert not store.has_changed()
    os.utime(store.path, ns=(1, 1))  # touched, same content
    assert not store.has_changed()
    other = ConfigStore(store.path)
    other.set("queue.max_attempts", 2)  # another writer (CLI, GUI over IPC)
    assert store.has_changed()
    store.load()
    assert not store.has_changed()
    store.path.unlink()
    assert store.has_changed()
