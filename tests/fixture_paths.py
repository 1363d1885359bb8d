"""Paths to third-party fixtures in ``../shared/fixtures`` (never copied into the repo).

Importable from any test as ``from fixture_paths import shared_fixture``: pytest puts
``tests/`` on ``sys.path`` because the root ``conftest.py`` lives there. (A ``from conftest
import`` is ambiguous once several folders have their own ``conftest.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"


def shared_fixture(*parts: str) -> Path:
    """Path to a file under ``../shared/fixtures``; skips the test when it is not there."""
    path = SHARED_FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared fixture not available: {path} (../shared/ is not beside the repo)")
    return path
