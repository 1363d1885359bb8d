"""The GUI application around the pages: reconnection, starting the service, instances,
sidebar modes, themes, hidden pages, window size, and the ``gui`` CLI command."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from pywats_client.gui.app import choose_instance
from pywats_client.gui.bridge import ServiceBridge
from pywats_client.gui.main_window import MainWindow
from pywats_client.gui.pages import PAGES
from pywats_client.gui.preferences import GuiPreferences, SidebarMode
from pywats_client.gui.service_control import known_instance_ids
from pywats_client.gui.status_bar import NOT_RUNNING
from pywats_client.gui.theme import DARK, LIGHT, Scheme, ThemeManager, ThemeMode, render_stylesheet
from pywats_client.paths import HomePaths


def test_the_gui_survives_the_service_stopping_and_reconnects(
    qtbot: Any, main_window: MainWindow, station: Any, wait_ms: int
) -> None:
    status = main_window.status
    qtbot.waitUntil(lambda: status.service_label.text() == "Service: RUNNING", timeout=wait_ms)
    station.stop()
    qtbot.waitUntil(lambda: status.service_label.text() == NOT_RUNNING, timeout=wait_ms)
    assert not main_window.bridge.connected
    assert main_window.banner.isVisible()
    assert "is not running" in main_window.banner_label.text()
    assert main_window.start_button.isEnabled()
    assert not status.server_label.isVisible()

    station.start()  # the same instance comes back (new socket): found again by itself
    qtbot.waitUntil(lambda: status.service_label.text() == "Service: RUNNING", timeout=wait_ms)
    qtbot.waitUntil(lambda: status.server_label.text() == "Server: online", timeout=wait_ms)
    assert not main_window.banner.isVisible()
    assert not main_window.start_button.isEnabled()


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="stops the started service with SIGTERM")
def test_start_service_runs_it_in_the_background(
    qtbot: Any,
    station_harness: Any,
    bridge: ServiceBridge,
    make_window: Any,
    wait_ms: int,
) -> None:
    window = make_window()  # a configured instance whose service is not running
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=wait_ms)
    assert window.status.service_label.text() == NOT_RUNNING
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(lambda: window.launch is not None, timeout=wait_ms)
        qtbot.waitUntil(
            lambda: window.status.service_label.text() == "Service: RUNNING", timeout=30_000
        )
        launch = window.launch
        assert launch is not None
        assert (bridge.last_status or {}).get("instance_id") == "gui"
        assert launch.log_file.name == "gui.service.log"
        assert not window.banner.isVisible()
    finally:
        launch = window.launch
        if launch is not None and launch.exit_code() is None:
            launch.process.terminate()
            launch.process.wait(timeout=30)
    qtbot.waitUntil(lambda: window.status.service_label.text() == NOT_RUNNING, timeout=wait_ms)


def test_instance_selector_lists_and_switches_instances(
    qtbot: Any, main_window: MainWindow, station: Any, gui_home: Any, wait_ms: int
) -> None:
    home = HomePaths.resolve(gui_home)
    home.instance("line-2").ensure_dirs()  # another instance on this computer
    main_window.refresh_instances()
    combo = main_window.instance_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["gui", "line-2"]
    assert known_instance_ids(home) == ["gui", "line-2"]

    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    qtbot.waitUntil(lambda: main_window.bridge.instance_id == "line-2", timeout=wait_ms)
    qtbot.waitUntil(
        lambda: main_window.status.instance_label.text() == "Instance: line-2", timeout=wait_ms
    )
    assert main_window.status.service_label.text() == NOT_RUNNING  # line-2 has no service
    assert GuiPreferences(home).last_instance == "line-2"

    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    qtbot.waitUntil(
        lambda: main_window.status.service_label.text() == "Service: RUNNING", timeout=wait_ms
    )


def test_choose_instance_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYWATS_INSTANCE_ID", raising=False)
    assert choose_instance(None, None) == "default"
    assert choose_instance(None, "line-2") == "line-2"
    assert choose_instance("line-3", "line-2") == "line-3"
    assert choose_instance(None, "../bad") == "default"
    monkeypatch.setenv("PYWATS_INSTANCE_ID", "from-env")
    assert choose_instance(None, "line-2") == "from-env"


def test_sidebar_modes_and_keyboard(qtbot: Any, main_window: MainWindow, gui_home: Any) -> None:
    sidebar = main_window.sidebar
    assert sidebar.item(0).text() == "Dashboard"
    main_window.set_sidebar_mode(SidebarMode.COMPACT)
    assert sidebar.item(0).text() == ""
    assert sidebar.item(0).toolTip() == "Dashboard (Ctrl+1)"
    assert sidebar.width() < 100
    main_window.set_sidebar_mode(SidebarMode.MINIMIZED)
    assert not sidebar.isVisible()
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "connection"  # shortcuts still work
    assert GuiPreferences(HomePaths.resolve(gui_home)).sidebar_mode is SidebarMode.MINIMIZED
    main_window.set_sidebar_mode(SidebarMode.ADVANCED)
    assert sidebar.isVisible() and sidebar.item(1).text() == "Connection"


def test_pages_switched_off_in_the_config_are_hidden(
    qtbot: Any, station_harness: Any, bridge: ServiceBridge, make_window: Any, wait_ms: int
) -> None:
    station_harness.config_store().set("gui.tabs.software", False)
    station_harness.start()
    window = make_window()
    qtbot.waitUntil(lambda: window.sidebar.is_page_hidden("software"), timeout=wait_ms)
    assert not window.page_actions["software"].isVisible()
    assert not window.sidebar.is_page_hidden("queue")


def test_the_window_fits_a_1366x768_screen(main_window: MainWindow) -> None:
    usable = QSize(1366, 768 - 40)  # minus a taskbar
    hint = main_window.minimumSizeHint()
    assert hint.width() <= usable.width() and hint.height() <= usable.height()
    main_window.resize(usable)
    for spec in PAGES:
        main_window.select_page(spec.key)
        page = main_window.views[spec.key]
        need = page.minimumSizeHint()
        room = main_window.stack.size()
        assert need.width() <= room.width(), f"{spec.key} needs {need.width()} px wide"
        assert need.height() <= room.height(), f"{spec.key} needs {need.height()} px high"


def test_themes_follow_the_choice(qapp: QApplication, main_window: MainWindow) -> None:
    for palette in (LIGHT, DARK):
        sheet = render_stylesheet(palette)
        assert "$" not in sheet and palette.window in sheet
    theme = ThemeManager(qapp, ThemeMode.DARK)
    theme.apply()
    assert theme.scheme is Scheme.DARK
    assert DARK.window in qapp.styleSheet()
    theme.set_mode(ThemeMode.LIGHT)
    assert theme.scheme is Scheme.LIGHT and LIGHT.window in qapp.styleSheet()
    main_window.theme = theme
    main_window.set_theme(ThemeMode.DARK)
    assert theme.mode is ThemeMode.DARK and DARK.window in qapp.styleSheet()
    assert main_window.theme_actions[ThemeMode.DARK].isChecked()
    main_window.theme = None
    theme.deleteLater()
    qapp.setStyleSheet("")


def test_without_a_tray_closing_the_window_quits(
    qtbot: Any, bridge: ServiceBridge, make_window: Any, gui_home: Any
) -> None:
    window = make_window(tray_enabled=True)
    assert window.tray is None  # offscreen: no system tray
    with qtbot.waitSignal(window.quit_requested, timeout=5000):
        window.close()


def _cli(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_cli_does_not_import_qt() -> None:
    done = _cli(
        "import sys, pywats_client.cli; from pywats_client.gui import gui_available;"
        "assert gui_available(); assert 'PySide6' not in sys.modules, 'Qt imported'"
    )
    assert done.returncode == 0, done.stderr


def test_gui_command_without_pyside_says_how_to_install_it() -> None:
    done = _cli(
        "import sys; sys.modules['PySide6'] = None; sys.argv = ['pywats-client', 'gui'];"
        "from pywats_client.cli import main; main()"
    )
    assert done.returncode == 1
    assert "pip install 'pywats[gui]'" in done.stderr


_RUN_GUI = """
import sys
from PySide6.QtCore import QTimer
from pywats_client.gui import app as gui_app
from pywats_client.gui.main_window import MainWindow

application = gui_app.create_application()
seen = {}

def quit_soon():
    windows = [w for w in application.topLevelWidgets() if isinstance(w, MainWindow)]
    seen["windows"] = len(windows)
    seen["minimized"] = windows[0].isMinimized()
    seen["login"] = windows[0].login_dialog is not None
    windows[0].request_quit()

QTimer.singleShot(1500, quit_soon)
code = gui_app.run_gui(None, start_minimized=True)
print("exit", code, seen["windows"], seen["minimized"], seen["login"])
"""


def test_run_gui_starts_and_quits_cleanly(gui_home: Any) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN_GUI],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # One window, minimized (no tray offscreen), and the login offered: never set up.
    assert done.stdout.split() == ["exit", "0", "1", "True", "True"], done.stderr
