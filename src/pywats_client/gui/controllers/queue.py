"""Queue controller: list reports by state, show one's details, retry and purge failed ones.

Purging deletes reports that never reached the server, so it always asks first; the question
box is non-blocking (``open()``), and the purge runs when it is answered Yes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.views.queue import QUEUE_TABS, QueueView
from pywats_client.gui.widgets import format_epoch, set_table_rows

__all__ = ["QueueController"]

LIST_LIMIT = 500


def _plural(count: int, noun: str = "report") -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class QueueController(PageController[QueueView]):
    """Wires the queue page to ``list_queue``, ``get_queue_item``, ``retry_failed`` and
    ``purge_queue``."""

    def __init__(self, view: QueueView, bridge: ServiceBridge) -> None:
        super().__init__(view, bridge)
        self.shown_ids: list[str] = []
        self.details: dict[str, Any] | None = None
        view.tabs.currentChanged.connect(lambda _i: self.spawn(self.refresh()))
        view.table.itemSelectionChanged.connect(self._selection_changed)
        view.retry_button.clicked.connect(lambda: self.spawn(self.retry(self.selected_ids())))
        view.retry_all_button.clicked.connect(lambda: self.spawn(self.retry(None)))
        view.purge_button.clicked.connect(self.confirm_purge_selected)
        view.purge_all_button.clicked.connect(self.confirm_purge_all)
        self._update_buttons()

    # -- reading -----------------------------------------------------------------------------

    def on_status(self, status: dict[str, Any]) -> None:
        queue = status.get("queue") or {}
        for index, state in enumerate(QUEUE_TABS):
            count = int(queue.get(state, 0) or 0)
            if state == "pending":
                count += int(queue.get("processing", 0) or 0)
            self.view.tabs.setTabText(index, f"{state.capitalize()} ({count})")
        self.view.retry_all_button.setEnabled(int(queue.get("failed", 0) or 0) > 0)
        self.view.purge_all_button.setEnabled(int(queue.get("failed", 0) or 0) > 0)

    async def refresh(self) -> None:
        """Reload the list of the current tab, keeping the selection."""
        state = self.view.current_state()
        items: list[dict[str, Any]] = await self.bridge.request(
            "list_queue", state=state, limit=LIST_LIMIT
        )
        if state == "pending":
            items += await self.bridge.request("list_queue", state="processing", limit=LIST_LIMIT)
        if state != self.view.current_state():
            return  # the tab changed meanwhile; its own refresh shows it
        selected = set(self.selected_ids())
        ids = [str(item["report_id"]) for item in items]
        if ids != self.shown_ids:
            rows = [
                [
                    str(item["report_id"]),
                    str(item.get("attempts", "")),
                    format_epoch(item.get("updated_at")),
                    (str(item.get("last_error") or "").splitlines() or [""])[0],
                ]
                for item in items
            ]
            table = self.view.table
            table.blockSignals(True)
            set_table_rows(table, rows, ids)
            table.clearSelection()
            for row, report_id in enumerate(ids):
                if report_id in selected:
                    table.selectRow(row)
            table.blockSignals(False)
            self.shown_ids = ids
            self._selection_changed()
        self._update_buttons()

    def selected_ids(self) -> list[str]:
        table = self.view.table
        rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
        ids = []
        for row in rows:
            item = table.item(row, 0)
            key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if isinstance(key, str):
                ids.append(key)
        return ids

    def select_report(self, report_id: str) -> None:
        """Select one report's row (keyboard users and tests)."""
        self.view.table.selectRow(self.shown_ids.index(report_id))

    def _selection_changed(self) -> None:
        self._update_buttons()
        ids = self.selected_ids()
        if len(ids) == 1:
            self.spawn(self.load_details(ids[0]))
        else:
            self._show_details(None)

    async def load_details(self, report_id: str) -> None:
        """Show one report's details and the server's message."""
        try:
            item = await self.bridge.request("get_queue_item", report_id=report_id)
        except BridgeError as exc:
            self.view.show_message(exc.message, "error")
            return
        if self.selected_ids() == [report_id]:
            self._show_details(item)

    def _show_details(self, item: dict[str, Any] | None) -> None:
        self.details = item
        labels = self.view.detail_labels
        if item is None:
            for value in labels.values():
                value.setText("–")
            self.view.error_text.setPlainText("")
            return
        summary = item.get("summary") or {}
        labels["report_id"].setText(str(item["report_id"]))
        labels["state"].setText(str(item.get("state", "")))
        labels["serial"].setText(f"{summary.get('sn', '?')} / {summary.get('pn', '?')}")
        labels["result"].setText(str(summary.get("result", "–")))
        labels["attempts"].setText(str(item.get("attempts", "")))
        labels["created"].setText(format_epoch(item.get("created_at")))
        pending = item.get("state") == "pending"
        labels["next_attempt"].setText(
            format_epoch(item.get("next_attempt_at")) if pending else "–"
        )
        labels["source"].setText(str(item.get("source") or "–"))
        self.view.error_text.setPlainText(str(item.get("last_error") or "no error recorded"))

    def _update_buttons(self) -> None:
        failed_tab = self.view.current_state() == "failed"
        has_selection = bool(self.selected_ids())
        self.view.retry_button.setEnabled(failed_tab and has_selection)
        self.view.purge_button.setEnabled(failed_tab and has_selection)

    # -- actions -----------------------------------------------------------------------------

    async def retry(self, ids: list[str] | None) -> int:
        """Failed reports (``ids``, or all) go back to pending for delivery now."""
        try:
            args: dict[str, Any] = {} if ids is None else {"ids": ids}
            result = await self.bridge.request("retry_failed", **args)
        except BridgeError as exc:
            self.view.show_message(exc.message, "error")
            return 0
        count = int(result.get("retried", 0))
        self.view.show_message(f"{_plural(count)} queued for delivery again", "ok")
        self.bridge.poll_soon()
        await self.refresh()
        return count

    async def purge(self, ids: list[str] | None) -> int:
        """Delete failed reports (``ids``, or all failed) from the queue, without asking."""
        try:
            args: dict[str, Any] = {"state": "failed"}
            if ids is not None:
                args["ids"] = ids
            result = await self.bridge.request("purge_queue", **args)
        except BridgeError as exc:
            self.view.show_message(exc.message, "error")
            return 0
        count = int(result.get("purged", 0))
        self.view.show_message(f"{_plural(count)} purged", "ok")
        self.bridge.poll_soon()
        await self.refresh()
        return count

    def confirm_purge_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._confirm(
                f"Delete {_plural(len(ids), 'failed report')} from the queue? They were never "
                "delivered and cannot be recovered.",
                ids,
            )

    def confirm_purge_all(self) -> None:
        self._confirm(
            "Delete every failed report from the queue? They were never delivered and cannot "
            "be recovered.",
            None,
        )

    def _confirm(self, text: str, ids: list[str] | None) -> None:
        box = self.view.ask("Purge failed reports", text)

        def answered(_result: int) -> None:
            self.view.confirm_box = None
            yes = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
            if yes:
                self.spawn(self.purge(ids))

        box.finished.connect(answered)
