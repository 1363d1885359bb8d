"""Controller of the Log page: tails the service's log over IPC (``get_log``).

Each refresh asks for the records after the last sequence number seen, so the page stays live
at the cost of one small request per refresh. Changing the level filter starts over (the
service filters, so hidden records are never sent); the text filter works on what is shown.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.theme import set_role
from pywats_client.gui.views.log import LogView

__all__ = ["PAGE_LIMIT", "LogController"]

#: Records asked for per request (a busy service may need a few requests to catch up).
PAGE_LIMIT = 500
_MAX_PAGES_PER_REFRESH = 20


class LogController(PageController[LogView]):
    """Keeps the log view in step with the service's log."""

    def __init__(self, view: LogView, bridge: ServiceBridge) -> None:
        super().__init__(view, bridge)
        self._after: int | None = None  # None: the next request asks for the newest records
        self._generation = 0  # bumped by a restart; an answer for an older one is dropped
        self._busy = False
        self._again = False
        view.level_box.currentIndexChanged.connect(self._level_changed)
        view.clear_button.clicked.connect(self._clear)
        view.copy_button.clicked.connect(self._copy)
        view.table.selectionModel().currentRowChanged.connect(self._show_detail)

    async def refresh(self) -> None:
        if self._busy:  # one fetch at a time; a restart meanwhile asks for another round
            self._again = True
            return
        self._busy = True
        try:
            while True:
                self._again = False
                await self._fetch()
                if not self._again:
                    break
        finally:
            self._busy = False

    async def _fetch(self) -> None:
        generation = self._generation
        level = self.view.selected_level()
        added = 0
        try:
            for _ in range(_MAX_PAGES_PER_REFRESH):
                page: dict[str, Any] = await self.bridge.request(
                    "get_log", after_seq=self._after, level=level, limit=PAGE_LIMIT
                )
                if generation != self._generation:
                    return  # the filter changed while we waited: this answer is stale
                entries = page.get("entries") or []
                self.view.model.append(entries)
                added += len(entries)
                self._after = int(page.get("next_after", 0))
                if not page.get("more"):
                    break
        except BridgeError as exc:
            self._show_status(f"Log not available: {exc}", "error")
            return
        if added and self.view.follow_check.isChecked():
            self.view.scroll_to_end()
        rows = self.view.model.rowCount()
        self._show_status(
            f"{rows} line{'s' if rows != 1 else ''} · updated {time.strftime('%H:%M:%S')}", ""
        )

    def restart(self) -> None:
        """Forget what is shown and load the newest records again."""
        self._generation += 1
        self._after = None
        self.view.model.clear()
        self.view.detail.clear()
        self.spawn(self.refresh())

    # -- slots -------------------------------------------------------------------------------

    def _level_changed(self, _index: int) -> None:
        self.restart()

    def _clear(self) -> None:
        # Only the view is cleared: new records keep arriving after the last one seen.
        self.view.model.clear()
        self.view.detail.clear()
        self._show_status("Cleared; new lines appear as they are logged.", "")

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.view.visible_text())
        self._show_status("Copied the lines shown to the clipboard.", "")

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        if not isinstance(entry, dict):
            self.view.detail.clear()
            return
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(entry.get("time", 0))))
        self.view.detail.setPlainText(
            f"{stamp}  {entry.get('level')}  {entry.get('logger')}\n\n{entry.get('message')}"
        )

    def _show_status(self, text: str, state: str) -> None:
        self.view.status_label.setText(text)
        set_role(self.view.status_label, "state", state)
