"""Running the GUI: the QApplication, the qasync event loop, and an orderly exit.

One asyncio loop (qasync's, driven by Qt's) runs both the widgets and every IPC call, so
controllers simply ``await`` the bridge. The GUI ends when the user quits (menu, tray, or
closing the window when there is no tray); the service keeps running.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pywats_client.config import resolve_instance_id
from pywats_client.config.sources import ENV_INSTANCE_ID
from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.main_window import MainWindow
from pywats_client.gui.preferences import GuiPreferences
from pywats_client.gui.tasks import cancel_all
from pywats_client.gui.theme import ThemeManager
from pywats_client.gui.tray import tray_available
from pywats_client.paths import HomePaths, InvalidInstanceId, validate_instance_id

__all__ = ["APP_NAME", "choose_instance", "create_application", "run_gui"]

logger = logging.getLogger(__name__)

APP_NAME = "pyWATS Client"


def create_application() -> QApplication:
    """The process's QApplication (created once), named for the desktop."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("pyWATS")
    app.setDesktopFileName("pywats-client")
    return app


async def _config_start_minimized(bridge: ServiceBridge) -> bool:
    """``gui.start_minimized`` of the running service's config (False when none runs)."""
    if await bridge.poll_now() is None:
        return False
    try:
        config = await bridge.request("get_config")
    except BridgeError:
        return False
    gui = config.get("gui") if isinstance(config, dict) else None
    return isinstance(gui, dict) and gui.get("start_minimized") is True


async def _run(window: MainWindow, bridge: ServiceBridge, *, start_minimized: bool) -> None:
    quit_event = asyncio.Event()
    window.quit_requested.connect(quit_event.set)
    start_minimized = start_minimized or await _config_start_minimized(bridge)
    bridge.start()
    if start_minimized and window.tray is not None:
        logger.info("started in the system tray")  # the window opens from the tray icon
    elif start_minimized:
        window.showMinimized()
    else:
        window.show()
    await window.first_run_check()
    await quit_event.wait()
    window.shutdown()
    await bridge.stop()
    await cancel_all()


def choose_instance(given: str | None, last_shown: str | None) -> str:
    """``--instance-id`` > ``PYWATS_INSTANCE_ID`` > the instance shown last > ``default``."""
    if given or os.environ.get(ENV_INSTANCE_ID) or not last_shown:
        return resolve_instance_id(given)
    try:
        return validate_instance_id(last_shown)
    except InvalidInstanceId:
        return resolve_instance_id(None)


def run_gui(instance_id: str | None = None, *, start_minimized: bool = False) -> int:
    """Run the GUI for an instance until the user quits; returns the exit code (0).

    Args:
        instance_id: Instance to show (default: the last one shown, else
            ``PYWATS_INSTANCE_ID``, else ``default``).
        start_minimized: Start in the tray (or minimized when there is no tray).

    Raises:
        InvalidInstanceId: ``instance_id`` is not a valid instance id.
    """
    app = create_application()
    home = HomePaths.resolve()
    preferences = GuiPreferences(home)
    chosen = choose_instance(instance_id, preferences.last_instance)
    theme = ThemeManager(app, preferences.theme)
    theme.apply()
    app.setQuitOnLastWindowClosed(not tray_available())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    bridge = ServiceBridge(chosen, home=home)
    window = MainWindow(bridge, preferences=preferences, theme=theme)
    # Ctrl+C in the terminal quits too: Python only sees signals while it runs, so wake it.
    signal.signal(signal.SIGINT, lambda *_: window.request_quit())
    ticker = QTimer()
    ticker.start(250)
    ticker.timeout.connect(lambda: None)
    with loop:
        loop.run_until_complete(_run(window, bridge, start_minimized=start_minimized))
    ticker.stop()
    return 0
