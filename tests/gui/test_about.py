"""The About page: versions and paths without the service, the service's facts with it."""

from __future__ import annotations

import platform
from typing import Any

import pytest
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget, QWidget

from pywats import __version__ as pywats_version
from pywats_client.gui.bridge import ServiceBridge
from pywats_client.gui.controllers.about import AboutController, format_uptime
from pywats_client.gui.main_window import MainWindow
from pywats_client.gui.views.about import AboutView
from pywats_emulator.testing import EmulatorServer


def _page(qtbot: Any, bridge: ServiceBridge) -> tuple[AboutView, AboutController]:
    view = AboutView()
    qtbot.addWidget(view)
    view.show()
    return view, AboutController(view, bridge)


def test_versions_paths_and_the_running_service(
    qtbot: Any, bridge: ServiceBridge, station: Any, arun: Any, wats_emulator: EmulatorServer
) -> None:
    view, controller = _page(qtbot, bridge)
    versions = view.values(view.versions)
    assert versions["pyWATS"] == pywats_version
    assert versions["Python"].startswith(platform.python_version())
    assert versions["Qt"].startswith(qVersion())
    paths = view.values(view.paths)
    assert paths["Instance"] == "gui"
    assert paths["Config file"] == str(station.paths.config_file)
    assert paths["Queue database"] == str(station.paths.queue_db)
    assert view.values(view.licence)["pyWATS"] == "MIT licence"

    qtbot.waitUntil(lambda: bridge.last_status is not None)
    arun(controller.refresh())
    service = view.values(view.service)
    assert service["State"] == "RUNNING"
    assert service["Version"] == pywats_version
    assert service["Server"] == wats_emulator.url
    assert int(service["Process id"]) > 0

    view.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert f"pyWATS: {pywats_version}" in copied
    assert f"Config file: {station.paths.config_file}" in copied
    assert wats_emulator.token not in copied
    assert view.status_label.text() == "Copied the details to the clipboard."


def test_service_group_says_when_it_is_not_running(
    qtbot: Any, bridge: ServiceBridge, arun: Any, gui_home: Any
) -> None:
    view, controller = _page(qtbot, bridge)
    arun(controller.refresh())
    assert "is not running" in view.values(view.service)["State"]


def test_format_uptime() -> None:
    assert [format_uptime(s) for s in (5, 65, 3725, 90000)] == [
        "5 s", "1 min 5 s", "1 h 2 min", "1 d 1 h",
    ]  # fmt: skip


def _mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand)."""
    index = text.replace("&&", "\0\0").find("&")
    return text[index + 1].lower() if 0 <= index < len(text) - 1 else None


def _page_mnemonics(page: QWidget) -> list[str]:
    letters = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            letter = _mnemonic(widget.text())
            if letter:
                letters.append(letter)
    return letters


@pytest.mark.parametrize("key", ["converters", "log", "serial_numbers", "software", "about"])
def test_alt_shortcuts_are_unique_and_leave_the_menus_alone(make_window: Any, key: str) -> None:
    window: MainWindow = make_window()
    menus = {_mnemonic(action.text()) for action in window.menuBar().actions()}
    window.select_page(key)
    view = window.views[key]
    tabs = view.findChildren(QTabWidget)
    for index in range(tabs[0].count() if tabs else 1):
        if tabs:
            tabs[0].setCurrentIndex(index)
        letters = _page_mnemonics(view)
        assert letters, "a page without keyboard shortcuts"
        assert len(letters) == len(set(letters)), sorted(letters)
        assert not set(letters) & menus, (sorted(set(letters) & menus), key)
