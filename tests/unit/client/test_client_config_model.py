"""ClientConfig: defaults, every kind of bad value refused with a message naming key and value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pywats_client.config import (
    ClientConfig,
    ConfigError,
    ConfigStore,
    ConverterConfig,
    PostAction,
    StationNameSource,
)
from pywats_client.security import TokenVault


def _load(tmp_path: Path, data: dict[str, Any]) -> ClientConfig:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(data))
    return ConfigStore(path).load()


def test_defaults_match_the_design() -> None:
    config = ClientConfig.from_data({})
    assert config.queue.max_attempts == 10
    assert config.queue.retry_base_s == 300
    assert config.queue.retry_cap_s == 6 * 3600
    assert config.max_concurrent_uploads == 5
    assert config.max_concurrent_conversions == 10
    assert config.health.host == "127.0.0.1"
    assert config.health.port == 0  # disabled unless configured
    assert config.server.verify_tls is True
    assert config.station.name_source is StationNameSource.HOSTNAME


def _watch(tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return {"converters": [{"name": "c1", "class_path": "pkg.mod:Conv", **extra}]}


BAD_VALUES: list[tuple[dict[str, Any], str]] = [
    ({"queue": {"max_attempts": -3}}, "queue.max_attempts = -3: must be >= 1"),
    ({"queue": {"max_attempts": "abc"}}, "queue.max_attempts = abc: must be an integer"),
    (
        {"queue": {"retry_base_s": 600, "retry_cap_s": 60}},
        "queue.retry_cap_s (60) must be >= queue.retry_base_s (600)",
    ),
    ({"server": {"url": "ftp://x"}}, "server.url = ftp://x: must be an http:// or https:// URL"),
    ({"server": {"timeout_s": 0}}, "server.timeout_s = 0: must be > 0"),
    (
        {"station": {"name_source": "bios"}},
        "station.name_source = bios: must be one of 'hostname', 'config' or 'manual'",
    ),
    (
        {"station": {"name_source": "manual"}},
        "station.name is required when station.name_source = manual",
    ),
    ({"station": {"active_preset": "line9"}}, "station.active_preset = 'line9': no preset"),
    ({"proxy": {"mode": "manual"}}, "proxy.host and proxy.port are required"),
    ({"proxy": {"port": 70000}}, "proxy.port = 70000: must be <= 65535"),
    ({"health": {"host": "0.0.0.0"}}, "health.host = '0.0.0.0' is not a loopback address"),
    ({"health": {"port": -1}}, "health.port = -1: must be >= 0"),
    ({"logging": {"level": "LOUD"}}, "logging.level = LOUD: must be one of"),
    ({"max_concurrent_uploads": 0}, "max_concurrent_uploads = 0: must be >= 1"),
    ({"queue": {"max_atempts": 3}}, "queue.max_atempts = 3: unknown key"),
    ({"gui": {"start_minimized": "maybe"}}, "gui.start_minimized = maybe: must be true or false"),
    ({"schema_version": 2}, "schema_version = 2: must be <= 1"),
    ({"instance_id": "../x"}, "instance_id = ../x: use 1-40 characters"),
    ({"converters": {"a": 1}}, "converters: must be a list"),
]


@pytest.mark.parametrize(("data", "message"), BAD_VALUES)
def test_bad_value_refused_with_key_value_and_rule(
    tmp_path: Path, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, data)
    text = str(caught.value)
    assert message in text
    assert str(tmp_path / "config.json") in text  # says where


BAD_CONVERTERS: list[tuple[dict[str, Any], str]] = [
    (
        {"watch_folder": "relative/in"},
        "converters.0.watch_folder = relative/in: must be an absolute",
    ),
    ({}, "converters.0: watch_folder is required unless a schedule is set"),
    ({"watch_folder": "/in", "done_folder": "/in"}, "done_folder must differ from watch_folder"),
    ({"watch_folder": "/in", "recursive": True}, "done_folder must be set outside watch_folder"),
    (
        {"watch_folder": "/in", "recursive": True, "done_folder": "/in/Done", "error_folder": "/e"},
        "done_folder must be set outside watch_folder",
    ),
    ({"watch_folder": "/in", "class_path": "not a path"}, "converters.0.class_path = not a path"),
    ({"watch_folder": "/in", "class_path": "rel/conv.py"}, "must be given as an absolute path"),
    ({"watch_folder": "/in", "schedule": "sometimes"}, "converters.0.schedule = sometimes"),
    ({"watch_folder": "/in", "patterns": ["../*.xml"]}, "bad file pattern '../*.xml'"),
    ({"watch_folder": "/in", "patterns": []}, "converters.0.patterns = []"),
    ({"watch_folder": "/in", "post_action": "burn"}, "converters.0.post_action = burn"),
    (
        {"watch_folder": "/in", "alarm_threshold": 0.1, "reject_threshold": 0.5},
        "reject_threshold must be <= alarm_threshold",
    ),
    ({"watch_folder": "/in", "name": "a/b"}, "converters.0.name = a/b: must match"),
    ({"watch_folder": "/in", "timeout_s": -1}, "converters.0.timeout_s = -1: must be > 0"),
]


@pytest.mark.parametrize(("extra", "message"), BAD_CONVERTERS)
def test_bad_converter_refused(tmp_path: Path, extra: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match="invalid configuration") as caught:
        _load(tmp_path, _watch(tmp_path, **extra))
    assert message in str(caught.value)


def test_duplicate_converter_names_refused(tmp_path: Path) -> None:
    entry = {"name": "c1", "class_path": "pkg.mod:Conv", "watch_folder": "/in"}
    with pytest.raises(ConfigError, match="converter names must be unique: c1"):
        _load(tmp_path, {"converters": [entry, entry]})


def test_every_problem_reported_one_per_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, {"queue": {"max_attempts": 0}, "max_concurrent_uploads": 0})
    assert len(caught.value.problems) == 2
    assert str(caught.value).count("\n") == 2


def test_good_converter_defaults_and_helpers(tmp_path: Path) -> None:
    converter = ConverterConfig(
        name="ICT line 1",
        class_path=str(tmp_path / "conv.py") + ":MyConverter",
        watch_folder=tmp_path / "in",
        schedule="5m",
        arguments={"site": "A", "limits": [1, 2]},
    )
    assert converter.is_file_class_path
    assert converter.effective_done_folder == tmp_path / "in" / "Done"
    assert converter.effective_error_folder == tmp_path / "in" / "Error"
    assert converter.post_action is PostAction.MOVE
    assert converter.schedule_interval_s == 300
    assert converter.argument("site") == "A"
    cron = ConverterConfig(name="nightly", class_path="pkg.mod.Conv", schedule="0 2 * * 1-5")
    assert cron.schedule_interval_s is None
    assert cron.effective_done_folder is None


def test_home_relative_folder_is_expanded() -> None:
    converter = ConverterConfig(name="c", class_path="a.b:C", watch_folder=Path("~/in"))
    assert converter.watch_folder is not None and converter.watch_folder.is_absolute()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("acme.wats.com", "https://acme.wats.com"),
        ("https://acme.wats.com/api/", "https://acme.wats.com"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("", ""),
    ],
)
def test_server_url_normalised(given: str, stored: str) -> None:
    assert ClientConfig.from_data({"server": {"url": given}}).server.url == stored


def test_station_identity_sources() -> None:
    by_host = ClientConfig.from_data({"station": {"location": "Hall 2"}}).station
    assert by_host.identity(hostname="tester-07").name == "TESTER-07"
    assert by_host.identity(hostname="x").location == "Hall 2"
    named = ClientConfig.from_data({"station": {"name": "ICT-1", "name_source": "config"}})
    assert named.station.identity(hostname="ignored").name == "ICT-1"
    presets = ClientConfig.from_data(
        {
            "station": {
                "presets": [{"name": "FCT-2", "location": "L2", "purpose": "Debug"}],
                "active_preset": "FCT-2",
            }
        }
    ).station.identity(hostname="x")
    assert (presets.name, presets.location, presets.purpose) == ("FCT-2", "L2", "Debug")


def test_station_registry_for_hub_mode() -> None:
    station = ClientConfig.from_data(
        {
            "station": {
                "name": "HUB",
                "name_source": "manual",
                "presets": [{"name": "ICT-1"}, {"name": "FCT-2", "purpose": "Repair"}],
                "active_preset": "FCT-2",
            }
        }
    ).station
    registry = station.registry()
    assert registry.names == ["HUB", "ICT-1", "FCT-2"]
    assert registry.active.report_fields() == {
        "machineName": "FCT-2",
        "location": "",
        "purpose": "Repair",
    }


def test_file_dict_has_comments_round_trips_and_never_holds_env_token(tmp_path: Path) -> None:
    config = ClientConfig.from_data(
        {"server": {"url": "https://a.example", "api_token": "PLAINTEXT-TOKEN"}}
    )
    assert config.server.api_token is not None
    data = config.to_file_dict()
    text = json.dumps(data)
    assert "PLAINTEXT-TOKEN" not in text and "api_token" not in text
    assert "$comment" in data and "$comment" in data["queue"]
    assert ClientConfig.from_data(data) == config.model_copy(
        update={"server": config.server.model_copy(update={"api_token": None})}
    )
    assert "PLAINTEXT-TOKEN" not in repr(config)


def test_redacted_dict_hides_secrets(tmp_path: Path) -> None:
    vault = TokenVault(tmp_path / "salt", machine_id="m1")
    server = ClientConfig.from_data({}).server.with_token("tok-123", vault)
    config = ClientConfig.from_data({"server": server.model_dump(mode="json")})
    assert config.redacted_dict()["server"]["token_encrypted"] == "***"
    assert config.server.token(vault) == "tok-123"
    assert "token_encrypted" not in repr(config.server)
