"""Conversion integration tests: real worker processes, real files, real SQLite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

SAMPLES = (Path(__file__).parents[2] / "unit" / "conversion" / "sample_converters.py").resolve()
sys.path.insert(0, str(SAMPLES.parent))  # `from sample_converters import sample_text`


@pytest.fixture
def samples_path() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _clean_pywats_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("PYWATS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PYWATS_HOME", str(tmp_path / "home"))
