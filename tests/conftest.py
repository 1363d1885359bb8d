"""Shared test fixtures.

Real WATS exports and third-party tester files live in ``../shared/fixtures`` beside the
repository (never copied into it): use ``from fixture_paths import shared_fixture``, which
skips with a clear reason when they are absent.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """Run ``@pytest.mark.anyio`` tests on asyncio only (the service is asyncio-based)."""
    return "asyncio"
