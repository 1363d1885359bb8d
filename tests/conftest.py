"""Shared test fixtures.

Real WATS exports and third-party tester files live in ``../shared/fixtures`` beside the
repository (never copied into it); tests that need them skip with a clear reason when absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"


@pytest.fixture
def anyio_backend() -> str:
    """Run ``@pytest.mark.anyio`` tests on asyncio only (the service is asyncio-based)."""
    return "asyncio"


def shared_fixture(*parts: str) -> Path:
    """Path to a file under ``../shared/fixtures``; skips the test when it is not there."""
    path = SHARED_FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared fixture not available: {path} (../shared/ is not beside the repo)")
    return path
