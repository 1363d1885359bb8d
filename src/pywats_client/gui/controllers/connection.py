"""Connection controller: show the effective config, apply changed keys with ``set_config``.

Each changed key is sent on its own (``set_config`` validates and hot-reloads it), in the order
of :data:`~pywats_client.gui.views.connection.SETTINGS`; the first refusal stops the rest and
its message (which names the key and what is allowed) is shown. The server URL and token are
changed through the login window only, because the service must restart to use them.
"""

from __future__ import annotations

import json
from typing import Any

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.login import LoginDialog
from pywats_client.gui.theme import set_role
from pywats_client.gui.views.connection import SETTINGS, ConnectionView
from pywats_client.gui.widgets import sentence

__all__ = ["ConnectionController", "config_value", "to_text"]


def config_value(config: dict[str, Any], key: str) -> Any:
    """The value at a dotted key of a config dict (None when missing)."""
    node: Any = config
    for part in key.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def to_text(value: object) -> str:
    """A value as ``set_config`` reads it (JSON for numbers and booleans, text as typed)."""
    if isinstance(value, str):
        return value
    return json.dumps(value)


class ConnectionController(PageController[ConnectionView]):
    """Loads the settings once per visit (so typing is never overwritten) and applies them."""

    def __init__(self, view: ConnectionView, bridge: ServiceBridge) -> None:
        super().__init__(view, bridge)
        self.loaded: dict[str, Any] = {}
        self._dirty = False
        self.login_dialog: LoginDialog | None = None
        view.apply_button.clicked.connect(lambda: self.spawn(self.apply()))
        view.revert_button.clicked.connect(lambda: self.spawn(self.load()))
        view.test_button.clicked.connect(lambda: self.spawn(self.test_connection()))
        view.login_button.clicked.connect(self.open_login)
        bridge.connection_changed.connect(self._on_connection)
        self._on_connection(bridge.connected)

    def _on_connection(self, connected: bool) -> None:
        for widget in (*self.view.editors.values(), self.view.apply_button):
            widget.setEnabled(connected)
        for widget in (self.view.revert_button, self.view.test_button, self.view.login_button):
            widget.setEnabled(connected)
        if not connected:
            self._show(
                self.view.message,
                "The service is not running: start it to change these settings.",
                "warn",
            )
            self.loaded = {}

    def on_status(self, status: dict[str, Any]) -> None:
        online = bool(status.get("server_online"))
        self.view.server_state.setText("online" if online else "offline")
        set_role(self.view.server_state, "state", "ok" if online else "error")
        if status.get("server_url"):
            self.view.server_url.setText(str(status["server_url"]))

    def changed_keys(self) -> list[str]:
        """Keys whose editor differs from the loaded value, in apply order."""
        return [
            field.key
            for field in SETTINGS
            if field.key in self.loaded and self.view.value(field.key) != self.loaded[field.key]
        ]

    async def refresh(self) -> None:
        """Load the config unless the user has unsaved edits."""
        if not self.loaded or not self.changed_keys():
            await self.load()

    async def load(self) -> None:
        config = await self.bridge.request("get_config")
        if not isinstance(config, dict):
            return
        self.view.server_url.setText(str(config_value(config, "server.url") or ""))
        loaded = {}
        for field in SETTINGS:
            value = config_value(config, field.key)
            self.view.set_value(field.key, value)
            loaded[field.key] = self.view.value(field.key)  # as the editor shows it
        self.loaded = loaded
        if self.view.message.property("state") != "error":
            self._show(self.view.message, "", "")

    async def apply(self) -> list[str]:
        """Send the changed keys; returns the ones the service accepted."""
        applied: list[str] = []
        for key in self.changed_keys():
            value = self.view.value(key)
            try:
                await self.bridge.request("set_config", key=key, value=to_text(value))
            except BridgeError as exc:
                self._show(self.view.message, exc.message, "error")
                break
            self.loaded[key] = value
            applied.append(key)
        else:
            text = f"Applied {', '.join(applied)}" if applied else "Nothing to apply"
            self._show(self.view.message, text, "ok")
        return applied

    async def test_connection(self) -> dict[str, Any] | None:
        """Ask the service to contact the server with the stored URL and token."""
        self._show(self.view.server_message, "Contacting the server…", "")
        try:
            result: dict[str, Any] = await self.bridge.request("test_connection")
        except BridgeError as exc:
            self._show(self.view.server_message, exc.message, "error")
            return None
        ok = bool(result.get("ok"))
        text = sentence(str(result.get("message", "")))
        self._show(self.view.server_message, text, "ok" if ok else "error")
        return result

    def open_login(self) -> LoginDialog:
        """The login window, to change the server URL or token."""
        dialog = LoginDialog(
            self.bridge, server_url=self.view.server_url.text(), parent=self.view.window()
        )
        dialog.logged_in.connect(lambda url: self.view.server_url.setText(url))
        self.login_dialog = dialog
        dialog.open()
        return dialog

    @staticmethod
    def _show(target: Any, text: str, state: str) -> None:
        target.setText(text)
        set_role(target, "state", state)
