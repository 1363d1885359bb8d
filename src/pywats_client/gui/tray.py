"""System tray icon: the GUI keeps running there when its window is closed or minimized.

Offscreen, on some Linux desktops and in CI there is no tray; :func:`tray_available` says so
and the main window then quits on close instead of hiding. The icon's tooltip and colour follow
the service state, so a glance at the tray tells whether reports are flowing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from pywats_client.gui.icons import app_icon

__all__ = ["StationTray", "tray_available"]

_STATE_COLOURS = {"ok": "#137333", "warn": "#b07d00", "error": "#b3261e"}


def tray_available() -> bool:
    """Whether this desktop has a system tray."""
    return QSystemTrayIcon.isSystemTrayAvailable()


class StationTray(QObject):
    """The tray icon and its menu (show window, start service, quit)."""

    show_requested = Signal()
    start_service_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.menu = QMenu()
        self.show_action = QAction("&Show pyWATS Client", self.menu)
        self.start_action = QAction("&Start service", self.menu)
        self.quit_action = QAction("&Quit", self.menu)
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.start_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.show_action.triggered.connect(self.show_requested)
        self.start_action.triggered.connect(self.start_service_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self._told_hidden = False

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def update_state(self, instance_id: str, status: dict[str, Any] | None, role: str) -> None:
        """Tooltip and colour for the current status (``None``: the service is not running)."""
        if status is None:
            text = f"pyWATS {instance_id}: service not running"
        else:
            queue = status.get("queue") or {}
            online = "online" if status.get("server_online") else "offline"
            text = (
                f"pyWATS {instance_id}: {status.get('state')}, server {online}, "
                f"{queue.get('pending', 0)} pending, {queue.get('failed', 0)} failed"
            )
        self.icon.setToolTip(text)
        self.icon.setIcon(app_icon(_STATE_COLOURS.get(role)))
        self.start_action.setEnabled(status is None)

    def tell_hidden(self) -> None:
        """Once per session: say that the GUI still runs in the tray."""
        if self._told_hidden or not self.icon.supportsMessages():
            return
        self._told_hidden = True
        self.icon.showMessage(
            "pyWATS Client", "Still running here. Use Quit in this menu to exit.", msecs=4000
        )

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_requested.emit()
