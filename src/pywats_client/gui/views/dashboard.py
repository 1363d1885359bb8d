"""Dashboard: the service's state, the queue by state, recent uploads and converters, live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSplitter, QWidget

from pywats_client.gui.views.base import PageView
from pywats_client.gui.widgets import FigureCard, card, label, pill, read_only_table

__all__ = ["QUEUE_STATES", "DashboardView"]

QUEUE_STATES = ("pending", "processing", "failed", "completed")


class DashboardView(PageView):
    """Overview of one station: is it delivering, and what is waiting."""

    title = "&Dashboard"
    icon = "SP_ComputerIcon"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        top = QGridLayout()
        top.setSpacing(12)
        service_card, service_layout = card(self)
        service_layout.addWidget(label("Service", service_card, "caption"))
        self.service_state = pill(service_card, "not running", "error")
        self.service_state.setObjectName("dashboardServiceState")
        self.service_detail = label("", service_card, "muted")
        service_layout.addWidget(self.service_state, 0, Qt.AlignmentFlag.AlignLeft)
        service_layout.addWidget(self.service_detail)
        server_card, server_layout = card(self)
        server_layout.addWidget(label("Server", server_card, "caption"))
        self.server_state = pill(server_card, "unknown")
        self.server_detail = label("", server_card, "muted")
        self.server_detail.setWordWrap(True)
        server_layout.addWidget(self.server_state, 0, Qt.AlignmentFlag.AlignLeft)
        server_layout.addWidget(self.server_detail)
        self.uploads = FigureCard("Uploads delivered", self)
        self.conversions = FigureCard("Files converted", self)
        for column, widget in enumerate(
            (service_card, server_card, self.uploads, self.conversions)
        ):
            top.addWidget(widget, 0, column)
        self.queue_cards: dict[str, FigureCard] = {}
        for column, state in enumerate(QUEUE_STATES):
            figure = FigureCard(f"Queue: {state}", self)
            figure.setObjectName(f"queue_{state}")
            self.queue_cards[state] = figure
            top.addWidget(figure, 1, column)
        self.body.addLayout(top)

        controls = QHBoxLayout()
        self.pause_button = QPushButton("&Pause uploads", self)
        self.resume_button = QPushButton("&Resume uploads", self)
        self.message = label("", self, "message")
        controls.addWidget(self.pause_button)
        controls.addWidget(self.resume_button)
        controls.addWidget(self.message, 1)
        self.body.addLayout(controls)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        recent = QWidget(split)
        recent_layout = QGridLayout(recent)
        recent_layout.setContentsMargins(0, 0, 0, 0)
        recent_layout.addWidget(label("Recent uploads", recent, "section"), 0, 0)
        self.recent_table = read_only_table(recent, ("Delivered", "Report id", "Attempts"))
        self.recent_table.setObjectName("recentUploads")
        recent_layout.addWidget(self.recent_table, 1, 0)
        converters = QWidget(split)
        converters_layout = QGridLayout(converters)
        converters_layout.setContentsMargins(0, 0, 0, 0)
        converters_layout.addWidget(label("Converters", converters, "section"), 0, 0)
        self.converters_table = read_only_table(
            converters, ("Converter", "State", "Converted", "Failed", "Last result")
        )
        self.converters_table.setObjectName("converterStates")
        converters_layout.addWidget(self.converters_table, 1, 0)
        split.addWidget(recent)
        split.addWidget(converters)
        split.setChildrenCollapsible(False)
        self.body.addWidget(split, 1)
