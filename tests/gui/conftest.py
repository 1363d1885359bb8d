"""GUI test fixtures: a real station service on a temp instance, the qasync loop, the bridge.

Everything is real: the emulator serves on loopback (``wats_emulator``), the
:class:`StationService` runs in a background thread with its own event loop (``station``), and
the GUI's asyncio code runs on a qasync loop driven by Qt's event processing, so
``qtbot.waitUntil`` advances both widgets and IPC (``qloop`` + :func:`run_async`).

Tests run offscreen and are marked ``gui``; they are skipped when PySide6 is not installed.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

import asyncio
import tempfile
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import pytest

pytest.importorskip("PySide6", reason="the GUI tests need the [gui] extra (PySide6)")
pytest.importorskip("qasync", reason="the GUI tests need the [gui] extra (qasync)")

import qasync
from anyio.from_thread import BlockingPortal, start_blocking_portal
from PySide6.QtWidgets import QApplication

from pywats import NotFoundError, pyWATS
from pywats_client.config import ConfigStore
from pywats_client.gui import tasks
from pywats_client.gui.bridge import ServiceBridge
from pywats_client.gui.main_window import MainWindow
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueStore
from pywats_client.security import TokenVault
from pywats_client.service import ServiceState, ServiceTimings, StationService
from pywats_emulator.testing import EmulatorServer

T = TypeVar("T")

INSTANCE_ID = "gui"
WAIT_MS = 20_000  # generous: waits end as soon as the condition holds
_TIMINGS = ServiceTimings(config_poll_s=0.3, idle_poll_s=0.2, probe_s=0.2, probe_cap_s=0.5)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


# -- the station service ------------------------------------------------------------------


class StationHarness:
    """A real :class:`StationService` for one instance, run on a background event loop.

    ``start()`` and ``stop()`` may be called repeatedly (a new service object each start), so a
    test can take the service away from the GUI and bring it back.
    """

    def __init__(self, home: Path, instance_id: str, portal: BlockingPortal) -> None:
        self.home = home
        self.instance_id = instance_id
        self.paths = InstancePaths(instance_id, home=HomePaths.resolve(home))
        self._portal = portal
        self.service: StationService | None = None
        self._run: Future[None] | None = None

    def store_login(self, url: str, token: str) -> None:
        """Write the server URL and the encrypted token, as ``pywats-client login`` does."""
        store = ConfigStore(self.paths.config_file, instance_id=self.instance_id)
        base = store.load_file()
        server = base.server.model_copy()
        server.url = url
        server = server.with_token(token, TokenVault(self.paths.home.salt_file))
        store.save(base.model_copy(update={"server": server}))

    def config_store(self) -> ConfigStore:
        return ConfigStore(self.paths.config_file, instance_id=self.instance_id)

    def start(self) -> StationService:
        assert self._run is None or self._run.done(), "already running"
        service = StationService(
            self.instance_id,
            home=self.home,
            shutdown_grace_s=2.0,
            install_signal_handlers=False,
            timings=_TIMINGS,
        )
        self.service = service
        self._run = self._portal.start_task_soon(service.run)
        self.wait(lambda: service.state is ServiceState.RUNNING, "the service to run")
        return service

    @property
    def running(self) -> bool:
        return self._run is not None and not self._run.done()

    def stop(self) -> None:
        if self._run is None or self._run.done():
            return
        assert self.service is not None
        self._portal.call(self.service.request_stop)
        self._run.result(timeout=30)

    def wait(self, condition: Callable[[], bool], what: str, timeout_s: float = 20.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if self._run is not None and self._run.done():
                self._run.result()  # the service died: show why
                raise AssertionError(f"the service stopped while waiting for {what}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.02)

    def open_queue(self) -> QueueStore:
        """A second connection to the instance's queue (as the CLI uses)."""
        return QueueStore(self.paths.queue_db)


def make_report(serial: str = "SN-GUI-1", **fields: Any) -> dict[str, Any]:
    """A small valid UUT report (WSJF) with a fresh id."""
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-GUI",
        "sn": serial,
        "rev": "A",
        "processCode": 100,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
        **fields,
    }


@pytest.fixture
def gui_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``PYWATS_HOME`` in a short temp dir (Unix socket paths are limited to ~100 bytes)."""
    with tempfile.TemporaryDirectory(prefix="pwg") as directory:
        monkeypatch.setenv("PYWATS_HOME", directory)
        for name in ("PYWATS_SERVER_URL", "PYWATS_API_TOKEN", "PYWATS_INSTANCE_ID"):
            monkeypatch.delenv(name, raising=False)
        yield Path(directory)


@pytest.fixture
def station_portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal("asyncio") as portal:
        yield portal


@pytest.fixture
def station_harness(
    gui_home: Path, station_portal: BlockingPortal, wats_emulator: EmulatorServer
) -> Iterator[StationHarness]:
    """A not-yet-started service whose config holds the emulator's URL and token."""
    harness = StationHarness(gui_home, INSTANCE_ID, station_portal)
    harness.store_login(wats_emulator.url, wats_emulator.token)
    try:
        yield harness
    finally:
        harness.stop()


@pytest.fixture
def station(station_harness: StationHarness) -> StationHarness:
    """The service of instance ``gui``, running and pointed at ``wats_emulator``."""
    station_harness.start()
    return station_harness


# -- the GUI side -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _qasync_loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)  # only while a GUI test runs (see qloop)
    try:
        yield loop
    finally:
        # loop.stop() would call QApplication.exit(), after which every QEventLoop.exec()
        # (qtbot.wait, waitSignal) returns at once; mark it stopped without that.
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
        loop.close()


@pytest.fixture
def qloop(
    _qasync_loop: asyncio.AbstractEventLoop, qapp: QApplication
) -> Iterator[asyncio.AbstractEventLoop]:
    """The qasync loop, running whenever Qt processes events (``qtbot.waitUntil`` included).

    It is the running asyncio loop only during the test, so that tests of other packages can
    still start their own loops afterwards; tasks a test left behind are cancelled.
    """
    loop = _qasync_loop
    asyncio.events._set_running_loop(loop)
    try:
        yield loop
    finally:
        done = loop.create_task(tasks.cancel_all())
        deadline = time.monotonic() + 10
        while not done.done() and time.monotonic() < deadline:
            qapp.processEvents()
        asyncio.events._set_running_loop(None)


def run_async(qtbot: Any, coro: Coroutine[Any, Any, T], timeout_ms: int = WAIT_MS) -> T:
    """Run ``coro`` on the qasync loop while Qt keeps processing events; return its result."""
    task = asyncio.get_running_loop().create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout_ms)
    return task.result()


class AsyncRunner:
    """``arun(coro)``: :func:`run_async` bound to the test's ``qtbot`` (a fixture, because
    test modules cannot import this conftest by name)."""

    def __init__(self, qtbot: Any) -> None:
        self._qtbot = qtbot

    def __call__(self, coro: Coroutine[Any, Any, T], timeout_ms: int = WAIT_MS) -> T:
        return run_async(self._qtbot, coro, timeout_ms)


@pytest.fixture
def arun(qloop: asyncio.AbstractEventLoop, qtbot: Any) -> AsyncRunner:
    """Run a coroutine on the GUI's loop to completion: ``data = arun(bridge.request(...))``."""
    return AsyncRunner(qtbot)


@pytest.fixture
def report_factory() -> Callable[..., dict[str, Any]]:
    """:func:`make_report`: ``report_factory("SN-1", result="F")`` → a WSJF dict."""
    return make_report


@pytest.fixture
def stored_on_server(wats_emulator: EmulatorServer) -> Iterator[Callable[[str], bool]]:
    """``stored_on_server(report_id)``: whether the emulator has the report (read back over
    its API)."""
    with pyWATS(wats_emulator.url, wats_emulator.token) as api:

        def stored(report_id: str) -> bool:
            try:
                return api.report.get_report(report_id) is not None
            except NotFoundError:
                return False

        yield stored


@pytest.fixture
def wait_ms() -> int:
    """The generous timeout for ``qtbot.waitUntil`` (ends as soon as the condition holds)."""
    return WAIT_MS


@pytest.fixture
def bridge(qloop: asyncio.AbstractEventLoop, qtbot: Any, gui_home: Path) -> Iterator[ServiceBridge]:
    """A polling bridge to instance ``gui`` (the service may or may not be running)."""
    bridge = ServiceBridge(INSTANCE_ID, poll_interval_s=0.1)
    bridge.start()
    try:
        yield bridge
    finally:
        run_async(qtbot, bridge.stop())


class WindowFactory:
    """``make_window(**options)``: a shown :class:`MainWindow` on the test's bridge, closed
    (polling and page tasks stopped first) at the end of the test."""

    def __init__(self, qtbot: Any, bridge: ServiceBridge) -> None:
        self._qtbot = qtbot
        self._bridge = bridge
        self.windows: list[MainWindow] = []

    def __call__(self, *, login_on_start: bool = False, **options: Any) -> MainWindow:
        options.setdefault("page_refresh_s", 0.2)
        options.setdefault("tray_enabled", False)
        window = MainWindow(self._bridge, login_on_start=login_on_start, **options)
        self.windows.append(window)
        window.show()
        return window

    def close_all(self) -> None:
        run_async(self._qtbot, self._bridge.stop())
        for window in self.windows:
            close_window(self._qtbot, window)


@pytest.fixture
def make_window(qtbot: Any, bridge: ServiceBridge) -> Iterator[WindowFactory]:
    """Build main windows with chosen options (see :class:`WindowFactory`)."""
    factory = WindowFactory(qtbot, bridge)
    try:
        yield factory
    finally:
        factory.close_all()


@pytest.fixture
def main_window(
    qtbot: Any, make_window: WindowFactory, bridge: ServiceBridge, station: StationHarness
) -> MainWindow:
    """The main window on a running service, connected and showing its first status."""
    window = make_window()
    qtbot.waitUntil(lambda: bridge.connected and bridge.last_status is not None, timeout=WAIT_MS)
    return window


def close_window(qtbot: Any, window: MainWindow) -> None:
    """Quit a window as the app does: page tasks stopped first, then deleted (not through
    ``qtbot.addWidget``, which would delete it while tasks still use it)."""
    window.shutdown()
    run_async(qtbot, tasks.cancel_all())
    for dialog in (window.login_dialog,):
        if dialog is not None:
            dialog.reject()
    window.request_quit()
    window.close()
    window.deleteLater()
    qtbot.wait(1)
