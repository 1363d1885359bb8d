"""Controller of the Serial numbers page: types, the station default, and taking numbers.

The service talks to the server (``get_serial_number_types``, ``take_serial_numbers``) and
keeps the default type in its configuration (``serial_numbers.type_name`` through
``set_config``), so the page works with whatever server and credentials the service has.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QGuiApplication

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.theme import set_role
from pywats_client.gui.views.serial_numbers import SerialNumbersView

__all__ = ["DEFAULT_TYPE_KEY", "SerialNumbersController", "describe_type"]

DEFAULT_TYPE_KEY = "serial_numbers.type_name"
_OFFLINE_HINT = "The server is not reachable: numbers can be taken once it is back."


def describe_type(info: Mapping[str, Any]) -> str:
    """One line about a serial number type: description, kind and format."""
    parts = [str(info.get("description") or "").strip()]
    kind = info.get("identifierName")
    if kind:
        parts.append(f"kind: {kind}")
    if info.get("format"):
        parts.append(f"format: {info['format']}")
    return " · ".join(part for part in parts if part)


class SerialNumbersController(PageController[SerialNumbersView]):
    """Loads the types and the default, takes numbers, copies them."""

    def __init__(self, view: SerialNumbersView, bridge: ServiceBridge) -> None:
        super().__init__(view, bridge)
        self._types: dict[str, dict[str, Any]] = {}
        self._loaded = False
        self._online = True
        self._taking = False
        view.take_button.clicked.connect(lambda: self.spawn(self.take()))
        view.save_default_button.clicked.connect(lambda: self.spawn(self.save_default()))
        view.reload_types_button.clicked.connect(lambda: self.spawn(self.load_types()))
        view.copy_button.clicked.connect(self._copy)
        view.clear_button.clicked.connect(view.numbers_list.clear)
        view.type_box.currentTextChanged.connect(self._type_changed)

    async def refresh(self) -> None:
        if not self._loaded:
            await self.load_types()

    def on_status(self, status: dict[str, Any]) -> None:
        self._online = bool(status.get("server_online"))
        self._update_take_button()

    async def load_types(self) -> None:
        """The server's types into the type box, the configured default selected."""
        try:
            types = await self.bridge.request("get_serial_number_types")
            config = await self.bridge.request("get_config")
        except BridgeError as exc:
            self._status(f"Could not load the serial number types: {exc}", "error")
            return
        self._loaded = True
        default = str(((config or {}).get("serial_numbers") or {}).get("type_name") or "")
        self._types = {
            str(item.get("name")): item for item in types or [] if isinstance(item, dict)
        }
        box = self.view.type_box
        typed = box.currentText().strip()
        box.blockSignals(True)
        box.clear()
        box.addItems(sorted(self._types))
        box.blockSignals(False)
        box.setCurrentText(typed or default or (box.itemText(0) if box.count() else ""))
        self._type_changed(box.currentText())
        if not self._types:
            self._status("The server has no serial number types defined.", "warn")
        else:
            self._status(f"{len(self._types)} serial number types on the server.", "")

    async def take(self) -> None:
        """Take the requested numbers from the server and list them, newest first."""
        kind = self.view.type_name()
        if not kind:
            self._status("Choose a serial number type first.", "error")
            self.view.type_box.setFocus()
            return
        if self._taking:
            return
        self._taking = True
        self._update_take_button()
        try:
            result = await self.bridge.request(
                "take_serial_numbers",
                serial_number_type=kind,
                quantity=self.view.quantity_spin.value(),
                ref_sn=self.view.ref_sn_edit.text().strip() or None,
                ref_pn=self.view.ref_pn_edit.text().strip() or None,
            )
        except BridgeError as exc:
            self._status(f"No numbers taken: {exc}", "error")
            return
        finally:
            self._taking = False
            self._update_take_button()
        numbers = [str(number) for number in result.get("serial_numbers") or []]
        for number in reversed(numbers):
            self.view.numbers_list.insertItem(0, number)
        self.view.numbers_list.clearSelection()
        for row in range(len(numbers)):
            self.view.numbers_list.item(row).setSelected(True)
        count = len(numbers)
        self._status(
            f"Took {count} number{'s' if count != 1 else ''} of type {kind} at "
            f"{time.strftime('%H:%M:%S')} (selected above; Copy puts them on the clipboard).",
            "ok",
        )

    async def save_default(self) -> None:
        """Store the chosen type as the station's default."""
        kind = self.view.type_name()
        try:
            await self.bridge.request("set_config", key=DEFAULT_TYPE_KEY, value=kind)
        except BridgeError as exc:
            self._status(f"Could not save the default type: {exc}", "error")
            return
        self._status(f"Default serial number type: {kind or '(none)'}.", "ok")

    # -- slots -------------------------------------------------------------------------------

    def _type_changed(self, text: str) -> None:
        info = self._types.get(text.strip())
        self.view.type_details.setText(describe_type(info) if info else "")

    def _copy(self) -> None:
        numbers = self.view.selected_numbers() or self.view.numbers()
        QGuiApplication.clipboard().setText("\n".join(numbers))
        self._status(f"Copied {len(numbers)} number(s) to the clipboard.", "")

    def _update_take_button(self) -> None:
        button = self.view.take_button
        button.setEnabled(self._online and not self._taking)
        button.setToolTip("" if self._online else _OFFLINE_HINT)

    def _status(self, text: str, state: str) -> None:
        self.view.status_label.setText(text)
        set_role(self.view.status_label, "state", state)
