"""How the main window shows the service: the status bar, and a banner when it is not running.

The status bar is always visible, so whatever page is open the operator sees whether reports
are flowing. The texts are kept short and stable ("Service: RUNNING", "Server: offline",
"Service not running") because users (and tests) read them. The banner above the pages says
why nothing is delivered and offers to start the service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from pywats_client.gui.theme import set_role

__all__ = ["ServiceBanner", "ServiceStatusBar", "service_state_role"]

NOT_RUNNING = "Service not running"

_STATE_ROLES = {
    "RUNNING": "ok",
    "PAUSED": "warn",
    "START_PENDING": "warn",
    "STOP_PENDING": "warn",
    "ERROR": "error",
    "STOPPED": "error",
}


def service_state_role(state: str | None) -> str:
    """The pill colour (``ok``/``warn``/``error``) for a service state."""
    return _STATE_ROLES.get(state or "", "error")


def _pill(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    set_role(label, "role", "pill")
    return label


class ServiceStatusBar(QStatusBar):
    """Status bar with three permanent pills (service, server, instance)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service_label = _pill(self, "serviceState")
        self.server_label = _pill(self, "serverState")
        self.instance_label = QLabel(self)
        self.instance_label.setObjectName("instanceId")
        set_role(self.instance_label, "role", "muted")
        self.addPermanentWidget(self.service_label)
        self.addPermanentWidget(self.server_label)
        self.addPermanentWidget(self.instance_label)
        self.show_disconnected("")

    def show_status(self, status: dict[str, Any]) -> None:
        """Show one ``get_status`` snapshot."""
        state = str(status.get("state", "?"))
        self.service_label.setText(f"Service: {state}")
        set_role(self.service_label, "state", service_state_role(state))
        online = bool(status.get("server_online"))
        self.server_label.setText("Server: online" if online else "Server: offline")
        self.server_label.setToolTip(str(status.get("server_url") or ""))
        set_role(self.server_label, "state", "ok" if online else "error")
        self.server_label.setVisible(True)
        self.set_instance(str(status.get("instance_id", "")))

    def show_disconnected(self, instance_id: str) -> None:
        """The service does not answer."""
        self.service_label.setText(NOT_RUNNING)
        set_role(self.service_label, "state", "error")
        self.server_label.setText("Server: unknown")
        set_role(self.server_label, "state", "")
        self.server_label.setVisible(False)
        self.set_instance(instance_id)

    def set_instance(self, instance_id: str) -> None:
        self.instance_label.setText(f"Instance: {instance_id}" if instance_id else "")


class ServiceBanner(QFrame):
    """A strip above the pages with a message and a "Start service" button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.label = QLabel("", self)
        self.label.setWordWrap(True)
        self.start_button = QPushButton("&Start service", self)
        self.start_button.setProperty("role", "primary")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.start_button)

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(True)
