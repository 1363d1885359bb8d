"""Short socket directories (sun_path is ~100 bytes) and raw-socket helpers for IPC tests."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A fresh directory with a short path, e.g. ``/tmp/pwab12cd``."""
    if sys.platform == "win32":
        pytest.skip("Unix sockets are not served on Windows")
    path = Path(tempfile.mkdtemp(prefix="pw"))
    yield path
    shutil.rmtree(path, ignore_errors=True)
