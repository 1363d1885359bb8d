"""Dashboard controller: status snapshots into cards and tables; pause and resume uploads."""

from __future__ import annotations

from typing import Any

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.status_bar import service_state_role
from pywats_client.gui.theme import set_role
from pywats_client.gui.views.dashboard import QUEUE_STATES, DashboardView
from pywats_client.gui.widgets import format_epoch, set_table_rows

__all__ = ["DashboardController"]

RECENT_UPLOADS = 10
_CONVERTER_ROLES = {"load error": "error", "disabled": ""}


def _count(value: object, noun: str) -> str:
    count = value if isinstance(value, int) else 0
    return f"{count} {noun}{'' if count == 1 else 's'}"


class DashboardController(PageController[DashboardView]):
    """Keeps the dashboard live: every status snapshot, plus recent uploads on refresh."""

    def __init__(self, view: DashboardView, bridge: ServiceBridge) -> None:
        super().__init__(view, bridge)
        self._completed = 0
        view.pause_button.clicked.connect(lambda: self.spawn(self.set_paused(True)))
        view.resume_button.clicked.connect(lambda: self.spawn(self.set_paused(False)))
        bridge.connection_changed.connect(self._on_connection)
        self._on_connection(bridge.connected)

    def _on_connection(self, connected: bool) -> None:
        if connected:
            return
        view = self.view
        view.service_state.setText("not running")
        set_role(view.service_state, "state", "error")
        view.service_detail.setText(f"instance {self.bridge.instance_id}")
        view.server_state.setText("unknown")
        set_role(view.server_state, "state", "")
        view.pause_button.setEnabled(False)
        view.resume_button.setEnabled(False)

    def on_status(self, status: dict[str, Any]) -> None:
        view = self.view
        state = str(status.get("state", "?"))
        view.service_state.setText(state)
        set_role(view.service_state, "state", service_state_role(state))
        detail = f"since {format_epoch(status.get('started_at'))}"
        if status.get("error"):
            detail = str(status["error"])
        view.service_detail.setText(detail)
        online = bool(status.get("server_online"))
        view.server_state.setText("online" if online else "offline")
        set_role(view.server_state, "state", "ok" if online else "error")
        view.server_detail.setText(str(status.get("server_url") or "no server configured"))
        view.uploads.show_value(
            str(status.get("uploads_ok", 0)),
            f"{_count(status.get('uploads_failed'), 'failed attempt')} · last "
            f"{format_epoch(status.get('last_success_at'), with_date=False)}",
        )
        conversions = status.get("conversions") or {}
        view.conversions.show_value(
            str(conversions.get("ok", 0)), f"{conversions.get('failed', 0)} failed"
        )
        queue = status.get("queue") or {}
        for name in QUEUE_STATES:
            count = int(queue.get(name, 0) or 0)
            alert = "error" if name == "failed" and count else ""
            detail = ""
            if name == "pending" and queue.get("oldest_pending_age_s") is not None:
                detail = f"oldest {float(queue['oldest_pending_age_s']):.0f} s"
            view.queue_cards[name].show_value(str(count), detail, alert)
        view.pause_button.setEnabled(state == "RUNNING")
        view.resume_button.setEnabled(state == "PAUSED")
        self._show_converters(status.get("converters") or [])
        self._completed = int(queue.get("completed", 0) or 0)

    def _show_converters(self, converters: list[dict[str, Any]]) -> None:
        rows = [
            [
                str(c.get("name", "")),
                str(c.get("problem") or c.get("mode") or ""),
                str(c.get("converted", 0)),
                str(c.get("failed", 0)),
                str(c.get("last_result") or c.get("last_error") or ""),
            ]
            for c in converters
        ]
        set_table_rows(self.view.converters_table, rows)

    async def refresh(self) -> None:
        """Reload the most recent deliveries (newest first)."""
        offset = max(0, self._completed - RECENT_UPLOADS)
        items = await self.bridge.request(
            "list_queue", state="completed", limit=RECENT_UPLOADS, offset=offset
        )
        recent = sorted(items, key=lambda i: i.get("completed_at") or 0, reverse=True)
        rows = [
            [format_epoch(i.get("completed_at")), str(i["report_id"]), str(i.get("attempts", ""))]
            for i in recent
        ]
        set_table_rows(self.view.recent_table, rows)

    async def set_paused(self, paused: bool) -> None:
        """Pause or resume the uploads (the service keeps converting and queueing)."""
        command = "stop" if paused else "start"
        try:
            result = await self.bridge.request(command)
        except BridgeError as exc:
            self.view.message.setText(exc.message)
            set_role(self.view.message, "state", "error")
            return
        self.view.message.setText(f"Service {result.get('state', '').lower()}")
        set_role(self.view.message, "state", "ok")
        self.bridge.poll_soon()
