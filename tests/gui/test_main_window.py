"""The main window on a real service: status bar, pages, keyboard navigation, sizes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from pywats_client.gui.main_window import MainWindow
from pywats_client.gui.pages import PAGES


def test_status_bar_shows_service_server_and_instance(
    qtbot: Any, main_window: MainWindow, wait_ms: int
) -> None:
    status = main_window.status
    qtbot.waitUntil(lambda: status.service_label.text() == "Service: RUNNING", timeout=wait_ms)
    qtbot.waitUntil(lambda: status.server_label.text() == "Server: online", timeout=wait_ms)
    assert status.instance_label.text() == "Instance: gui"
    assert not main_window.banner.isVisible()
    assert main_window.stack.count() == len(PAGES) == 8


def test_keyboard_navigation_between_pages(qtbot: Any, main_window: MainWindow) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "queue"
    main_window.sidebar.setFocus()
    qtbot.keyClick(main_window.sidebar, Qt.Key.Key_Down)
    assert main_window.current_page_key() == "log"
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "dashboard"
