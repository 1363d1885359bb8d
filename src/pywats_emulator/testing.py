"""Test harness: :class:`EmulatorServer` and the pytest plugin with ready-made fixtures.

Loaded by pytest with ``-p pywats_emulator.testing`` (the repository's ``addopts``), it offers:

* ``wats_emulator`` - a fresh in-memory emulator per test (function scope);
* ``wats_emulator_session`` - one emulator shared by the whole session (data accumulates).

Both yield an :class:`EmulatorServer`: ``.url``, ``.token``, ``.auth_headers``, ``.faults``,
``.app``, ``.stats()``. Importing this module without pytest installed still gives
``EmulatorServer``.

Example:
    >>> def test_version(wats_emulator):  # doctest: +SKIP
    ...     r = httpx.get(f"{wats_emulator.url}/api/App/Version",
    ...                   headers=wats_emulator.auth_headers)
    ...     assert r.json() == "24.1.0"
"""

from __future__ import annotations

from collections.abc import Iterator

from pywats_emulator.server import EmulatorServer

__all__ = ["EmulatorServer", "wats_emulator", "wats_emulator_session"]

try:
    import pytest
except ImportError:  # pragma: no cover - only the fixtures need pytest
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture
    def wats_emulator() -> Iterator[EmulatorServer]:
        """A fresh emulator (in-memory store, token ``test-token``) for one test."""
        with EmulatorServer() as server:
            yield server

    @pytest.fixture(scope="session")
    def wats_emulator_session() -> Iterator[EmulatorServer]:
        """One emulator for the whole test session (stored data accumulates)."""
        with EmulatorServer() as server:
            yield server
