"""Shared helpers of the conversion unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).with_name("sample_converters.py")


@pytest.fixture
def samples_path() -> Path:
    """Absolute path of the sample converters module (for file class paths)."""
    return SAMPLES.resolve()
