"""Fixtures for the emulator's HTTP tests: an authenticated client and the real WATS exports.

Every test talks to a real emulator (``wats_emulator`` from the ``pywats_emulator.testing``
plugin) over loopback HTTP with plain httpx; nothing here imports :mod:`pywats`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from fixture_paths import shared_fixture
from pywats_emulator.testing import EmulatorServer

EXPORTS = ("wats-exports",)


@pytest.fixture
def client(wats_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    """An httpx client for the per-test emulator, sending the token."""
    with httpx.Client(
        base_url=wats_emulator.url, headers=wats_emulator.auth_headers, timeout=10.0
    ) as http:
        yield http


@pytest.fixture(scope="session")
def _export_cache() -> dict[str, dict[str, Any]]:
    return {}


@pytest.fixture
def load_export(_export_cache: dict[str, dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    """Load a real WATS export by file name (a fresh deep copy each call)."""

    def load(name: str) -> dict[str, Any]:
        if name not in _export_cache:
            path = shared_fixture(*EXPORTS, name)
            _export_cache[name] = json.loads(path.read_text(encoding="utf-8"))
        data: dict[str, Any] = copy.deepcopy(_export_cache[name])
        return data

    return load


@pytest.fixture
def uut_export(load_export: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    return load_export("uut-wsjf-export.json")


@pytest.fixture
def uur_export(load_export: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    return load_export("uur-wsjf-export.json")
