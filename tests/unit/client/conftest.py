"""Station-service unit tests run against a private PYWATS_HOME with no PYWATS_* leaking in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pywats_client.paths import HomePaths, InstancePaths


@pytest.fixture(autouse=True)
def _clean_pywats_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("PYWATS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PYWATS_HOME", str(tmp_path / "home"))


@pytest.fixture
def home(tmp_path: Path) -> HomePaths:
    return HomePaths.resolve(tmp_path / "home")


@pytest.fixture
def paths(home: HomePaths) -> InstancePaths:
    return home.instance("default")
