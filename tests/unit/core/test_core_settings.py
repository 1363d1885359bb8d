"""Credential resolution and client construction without a server."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pywats import AsyncWATS, ConfigurationError, ErrorMode, Station, StationRegistry, pyWATS
from pywats.core import settings
from pywats.core.settings import Credentials, resolve_credentials

TOKEN = "dG9rZW4tdGhhdC1tdXN0LW5vdC1sZWFr"


def test_arguments_win_over_environment() -> None:
    env = {"PYWATS_SERVER_URL": "https://env.example", "PYWATS_API_TOKEN": "envtoken"}
    creds = resolve_credentials("arg.example/api", "argtoken", environ=env)
    assert creds == Credentials("https://arg.example", "argtoken")


def test_environment_fills_what_is_missing() -> None:
    env = {"PYWATS_SERVER_URL": "https://env.example/", "PYWATS_API_TOKEN": "envtoken"}
    assert resolve_credentials(environ=env) == Credentials("https://env.example", "envtoken")
    assert resolve_credentials(token="t", environ=env).base_url == "https://env.example"


def test_missing_credentials_name_what_is_missing() -> None:
    with pytest.raises(ConfigurationError, match=r"no server URL .*PYWATS_SERVER_URL.* and no API"):
        resolve_credentials(environ={})
    with pytest.raises(ConfigurationError, match="PYWATS_API_TOKEN") as info:
        resolve_credentials("https://x.example", environ={})
    assert "server URL" not in str(info.value)


def test_discovery_hook_is_consulted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        settings, "_discover_credentials", lambda: Credentials("https://svc.example", "svc")
    )
    assert resolve_credentials(environ={}) == Credentials("https://svc.example", "svc")


def test_discovery_finds_nothing_without_a_running_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYWATS_HOME", str(tmp_path))
    assert settings._discover_credentials() is None


def test_bad_url_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="http or https"):
        resolve_credentials("ftp://x", "t", environ={})


def test_credentials_repr_hides_the_token() -> None:
    creds = Credentials("https://x.example", TOKEN)
    assert TOKEN not in repr(creds)


@pytest.mark.anyio
async def test_async_client_from_environment_and_token_hygiene(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PYWATS_SERVER_URL", "https://wats.example/api")
    monkeypatch.setenv("PYWATS_API_TOKEN", TOKEN)
    with caplog.at_level(logging.DEBUG):
        async with AsyncWATS(error_mode=ErrorMode.LENIENT, station=Station("S1")) as wats:
            assert wats.base_url == "https://wats.example"
            assert wats.error_mode is ErrorMode.LENIENT
            assert wats.station.name == "S1"
            assert wats.report is wats.report  # created once, lazily
            assert wats.analytics is wats.analytics
            assert TOKEN not in repr(wats)
            assert TOKEN not in str(vars(wats))
    for record in caplog.records:
        assert TOKEN not in record.getMessage()


def test_async_client_without_credentials_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYWATS_SERVER_URL", raising=False)
    monkeypatch.delenv("PYWATS_API_TOKEN", raising=False)
    with pytest.raises(ConfigurationError, match="cannot connect to WATS"):
        AsyncWATS()
    with pytest.raises(ConfigurationError, match="cannot connect to WATS"):
        pyWATS()


def test_sync_client_lifecycle_without_network() -> None:
    hub = StationRegistry([Station("A"), Station("B")], active="B")
    with pyWATS("https://wats.example", TOKEN, station=hub) as wats:
        assert TOKEN not in repr(wats)
        assert wats.station.name == "B"
        hub.activate("A")
        assert wats.station.name == "A"
        assert wats.report is wats.report
        assert not wats.closed
    assert wats.closed
    wats.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        wats.analytics.get_version()
