"""The login window: server URL and API token, "Test connection", then store the token.

Shown on first run (the instance has no credentials, so no service can run yet) and when the
server refuses the stored token (401/403). With the service running, both the test and the
save go through it over IPC (``test_connection``, ``login``: it stores the token encrypted and
restarts to use it). Without a service, the test runs here with the same
:func:`~pywats_client.service.commands.check_server` and the save runs
``pywats-client login --token-stdin`` (:func:`.service_control.login_with_cli`), after which the
main window starts the service. The token never leaves the password field except into those
two calls, and is never logged.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

import anyio
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.service_control import login_with_cli
from pywats_client.gui.tasks import spawn
from pywats_client.gui.theme import set_role
from pywats_client.gui.widgets import sentence
from pywats_client.service.commands import check_server

__all__ = ["LoginDialog"]


class LoginDialog(QDialog):
    """Window-modal login form; emits :attr:`logged_in` with the server URL once stored.

    Args:
        bridge: IPC to the instance's service (used when it is running).
        reason: Why the window is shown (first run, token refused...).
        server_url: The URL to prefill (the stored one).
        parent: The main window.
    """

    logged_in = Signal(str)

    def __init__(
        self,
        bridge: ServiceBridge,
        *,
        reason: str = "",
        server_url: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setObjectName("loginDialog")
        self.setWindowTitle(f"Log in to WATS: instance {bridge.instance_id}")
        self.setMinimumWidth(460)

        title = QLabel("Connect this station to WATS", self)
        set_role(title, "role", "header")
        self.reason_label = QLabel(reason, self)
        self.reason_label.setWordWrap(True)
        set_role(self.reason_label, "role", "muted")
        self.reason_label.setVisible(bool(reason))

        self.url_edit = QLineEdit(server_url, self)
        self.url_edit.setPlaceholderText("https://acme.wats.com")
        self.url_edit.setAccessibleName("Server URL")
        self.token_edit = QLineEdit(self)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("from WATS Control Panel → Tokens")
        self.token_edit.setAccessibleName("API token")
        form = QFormLayout()
        url_label = QLabel("Server &URL", self)
        url_label.setBuddy(self.url_edit)
        token_label = QLabel("API &token", self)
        token_label.setBuddy(self.token_edit)
        form.addRow(url_label, self.url_edit)
        form.addRow(token_label, self.token_edit)

        self.message_label = QLabel("", self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.message_label, "role", "message")

        self.test_button = QPushButton("Test &connection", self)
        self.login_button = QPushButton("&Log in", self)
        self.login_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.login_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(self.reason_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.setTabOrder(self.url_edit, self.token_edit)
        self.setTabOrder(self.token_edit, self.login_button)

        self.test_button.clicked.connect(lambda: spawn(self.test_connection()))
        self.login_button.clicked.connect(lambda: spawn(self.log_in()))
        self.cancel_button.clicked.connect(self.reject)
        (self.token_edit if server_url else self.url_edit).setFocus()

    # -- state -------------------------------------------------------------------------------

    def _fields(self) -> tuple[str, str]:
        return self.url_edit.text().strip(), self.token_edit.text().strip()

    def _busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.test_button, self.login_button, self.url_edit, self.token_edit):
            widget.setEnabled(not busy)
        if text:
            self.show_message(text, "")

    def show_message(self, text: str, state: str) -> None:
        """Show a result line (``state``: ``ok``, ``error`` or ``""``)."""
        self.message_label.setText(text)
        set_role(self.message_label, "state", state)

    def _missing(self, url: str, token: str) -> bool:
        if url and token:
            return False
        self.show_message("Enter the server URL and the API token.", "error")
        return True

    # -- actions -----------------------------------------------------------------------------

    async def _check(self, url: str, token: str) -> dict[str, Any]:
        if self.bridge.connected:
            try:
                result = await self.bridge.request("test_connection", server_url=url, token=token)
                if isinstance(result, dict):
                    return result
            except BridgeError as exc:
                if not exc.service_down:
                    return {"ok": False, "message": exc.message}
        # No service to ask: test from here, with the same check the service runs.
        result = await asyncio.to_thread(anyio.run, partial(check_server, url, token))
        return dict(result)

    async def test_connection(self) -> bool:
        """Test the URL and token as typed; shows and returns whether the server accepts them."""
        url, token = self._fields()
        if self._missing(url, token):
            return False
        self._busy(True, f"Contacting {url}…")
        try:
            result = await self._check(url, token)
        finally:
            self._busy(False)
        ok = bool(result.get("ok"))
        self.show_message(sentence(str(result.get("message", ""))), "ok" if ok else "error")
        return ok

    async def log_in(self) -> bool:
        """Test, then store the URL and token (through the service when it runs)."""
        url, token = self._fields()
        if self._missing(url, token):
            return False
        self._busy(True, f"Logging in to {url}…")
        try:
            ok, message, stored_url = await self._store(url, token)
        finally:
            self._busy(False)
        self.show_message(sentence(message), "ok" if ok else "error")
        if ok:
            self.token_edit.clear()
            self.logged_in.emit(stored_url)
            self.accept()
        return ok

    async def _store(self, url: str, token: str) -> tuple[bool, str, str]:
        if self.bridge.connected:
            try:
                result = await self.bridge.request("login", server_url=url, token=token)
            except BridgeError as exc:
                if not exc.service_down:
                    return False, exc.message, url
            else:
                message = str(result.get("message", ""))
                if result.get("saved"):
                    message += "; login saved, the service restarts with it"
                return bool(result.get("saved")), message, str(result.get("server_url", url))
        outcome = await asyncio.to_thread(login_with_cli, self.bridge.instance_id, url, token)
        return outcome.ok, outcome.message, url
