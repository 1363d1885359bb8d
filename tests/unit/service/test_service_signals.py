"""SignalCapture: first signal stops, second forces, handlers restored, forced signal re-raised."""

from __future__ import annotations

import os
import signal

import anyio
import pytest

from pywats_client.service.signals import SignalCapture

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def test_first_signal_stops_second_forces_and_is_raised_again() -> None:
    calls: list[str] = []
    capture = SignalCapture(lambda: calls.append("stop"), lambda: calls.append("force"))
    before = signal.getsignal(signal.SIGTERM)

    async def main() -> None:
        inside_loop = signal.getsignal(signal.SIGINT)
        with capture:
            assert signal.getsignal(signal.SIGTERM) is not before
            signal.raise_signal(signal.SIGTERM)
            with anyio.fail_after(5):
                while not calls:  # noqa: ASYNC110 - the handler has no event to wait on
                    await anyio.sleep(0.001)
            assert calls == ["stop"] and not capture.forced
            signal.raise_signal(signal.SIGINT)
            with anyio.fail_after(5):
                while len(calls) < 2:  # noqa: ASYNC110
                    await anyio.sleep(0.001)
        assert signal.getsignal(signal.SIGINT) is inside_loop  # restored

    anyio.run(main)
    assert calls == ["stop", "force"]
    assert capture.forced and capture.last_signal == signal.SIGINT
    assert signal.getsignal(signal.SIGTERM) is before
    with pytest.raises(KeyboardInterrupt):
        capture.reraise_if_forced()


def test_a_graceful_stop_is_not_raised_again() -> None:
    calls: list[str] = []
    capture = SignalCapture(lambda: calls.append("stop"), lambda: calls.append("force"))

    async def main() -> None:
        with capture:
            signal.raise_signal(signal.SIGINT)
            with anyio.fail_after(5):
                while not calls:  # noqa: ASYNC110
                    await anyio.sleep(0.001)

    anyio.run(main)
    capture.reraise_if_forced()  # nothing happens
    assert calls == ["stop"]


def test_disabled_capture_installs_nothing() -> None:
    capture = SignalCapture(lambda: None, lambda: None, enabled=False)

    async def main() -> None:
        before = signal.getsignal(signal.SIGINT)
        with capture:
            assert signal.getsignal(signal.SIGINT) is before

    anyio.run(main)
