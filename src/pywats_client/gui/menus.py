"""The main window's menus and instance toolbar: actions only, wired by the window.

Kept apart from :mod:`.main_window` so the window module holds behaviour, not a page of
``QAction`` set-up. Every action has a mnemonic; pages also get Ctrl+1..8, the login Ctrl+L.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QMenu

from pywats_client.gui.pages import PAGES
from pywats_client.gui.preferences import SidebarMode
from pywats_client.gui.theme import ThemeMode

__all__ = ["WindowMenus"]

E = TypeVar("E", bound=Enum)

_SIDEBAR_MODES = (
    ("&Advanced", SidebarMode.ADVANCED),
    ("&Compact", SidebarMode.COMPACT),
    ("&Minimized", SidebarMode.MINIMIZED),
)
_THEMES = (
    ("Follow &system", ThemeMode.SYSTEM),
    ("&Light", ThemeMode.LIGHT),
    ("&Dark", ThemeMode.DARK),
)


class WindowMenus:
    """File, Service and View menus plus the instance selector of a main window.

    Args:
        window: The window whose menu bar and toolbar are filled.
        sidebar_mode: The sidebar mode to show as checked.
        theme_mode: The theme choice to show as checked.
    """

    def __init__(
        self, window: QMainWindow, *, sidebar_mode: SidebarMode, theme_mode: ThemeMode
    ) -> None:
        self._window = window
        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        self.login = self._action("&Log in to WATS…", "Ctrl+L")
        self.quit = self._action("&Quit")
        self.quit.setShortcut(QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.login)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)

        service_menu = bar.addMenu("&Service")
        self.start = self._action("&Start service")
        self.pause = self._action("&Pause uploads")
        self.resume = self._action("&Resume uploads")
        self.restart = self._action("Res&tart service")
        for action in (self.start, self.pause, self.resume, self.restart):
            service_menu.addAction(action)

        view_menu = bar.addMenu("&View")
        self.pages: dict[str, QAction] = {}
        for index, spec in enumerate(PAGES):
            action = self._action(spec.view_class.title, f"Ctrl+{index + 1}")
            view_menu.addAction(action)
            self.pages[spec.key] = action
        view_menu.addSeparator()
        self.sidebar_modes = self._radio(
            view_menu.addMenu("Side&bar"), _SIDEBAR_MODES, sidebar_mode
        )
        self.themes = self._radio(view_menu.addMenu("&Theme"), _THEMES, theme_mode)

        toolbar = window.addToolBar("Instance")
        toolbar.setObjectName("instanceToolbar")
        toolbar.setMovable(False)
        label = QLabel("&Instance", toolbar)
        self.instance_combo = QComboBox(toolbar)
        self.instance_combo.setObjectName("instanceSelector")
        self.instance_combo.setMinimumWidth(160)
        self.instance_combo.setToolTip("Station-service instances on this computer")
        label.setBuddy(self.instance_combo)
        toolbar.addWidget(label)
        toolbar.addWidget(self.instance_combo)

    def show_instances(self, ids: list[str], current: str) -> None:
        """List ``ids`` (plus ``current``) in the selector, ``current`` selected, silently."""
        combo = self.instance_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(sorted({*ids, current}))
        combo.setCurrentText(current)
        combo.blockSignals(False)

    def _action(self, text: str, shortcut: str = "") -> QAction:
        action = QAction(text, self._window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _radio(
        self, menu: QMenu, entries: tuple[tuple[str, E], ...], current: E
    ) -> dict[E, QAction]:
        group = QActionGroup(self._window)
        actions: dict[E, QAction] = {}
        for text, value in entries:
            action = self._action(text)
            action.setCheckable(True)
            action.setChecked(value == current)
            group.addAction(action)
            menu.addAction(action)
            actions[value] = action
        return actions
