"""Queue: failed and pending reports, the server's message for each, retry and purge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabBar,
    QWidget,
)

from pywats_client.gui.theme import set_role
from pywats_client.gui.views.base import PageView
from pywats_client.gui.widgets import card, label, read_only_table

__all__ = ["DETAIL_FIELDS", "QUEUE_TABS", "QueueView"]

# Tab order: what needs the user's attention first.
QUEUE_TABS = ("failed", "pending")
DETAIL_FIELDS = (
    ("report_id", "Report id"),
    ("state", "State"),
    ("serial", "Serial / part"),
    ("result", "Result"),
    ("attempts", "Attempts"),
    ("created", "Queued"),
    ("next_attempt", "Next attempt"),
    ("source", "Source"),
)


class QueueView(PageView):
    """A table of reports per state beside the selected report's details."""

    title = "&Queue"
    icon = "SP_ArrowUp"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabBar(self)
        self.tabs.setObjectName("queueTabs")
        for state in QUEUE_TABS:
            self.tabs.addTab(state.capitalize())
        self.body.addWidget(self.tabs)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.table = read_only_table(split, ("Report id", "Attempts", "Updated", "Last error"))
        self.table.setObjectName("queueTable")
        self.table.setAccessibleName("Queued reports")
        details, details_layout = card(split)
        details_layout.addWidget(label("Details", details, "section"))
        form = QFormLayout()
        self.detail_labels: dict[str, QLabel] = {}
        for key, text in DETAIL_FIELDS:
            value = QLabel("–", details)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.detail_labels[key] = value
            form.addRow(label(text, details, "muted"), value)
        details_layout.addLayout(form)
        details_layout.addWidget(label("Server's message", details, "muted"))
        self.error_text = QPlainTextEdit(details)
        self.error_text.setObjectName("serverMessage")
        self.error_text.setReadOnly(True)
        self.error_text.setPlaceholderText("Select a report to see why it was not delivered.")
        details_layout.addWidget(self.error_text, 1)
        split.addWidget(self.table)
        split.addWidget(details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.body.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.retry_button = QPushButton("&Retry selected", self)
        self.retry_button.setProperty("role", "primary")
        self.retry_all_button = QPushButton("Retry &all failed", self)
        self.purge_button = QPushButton("&Purge selected…", self)
        self.purge_button.setProperty("role", "danger")
        self.purge_all_button = QPushButton("Purge all fai&led…", self)
        self.purge_all_button.setProperty("role", "danger")
        self.message = label("", self, "message")
        for button in (self.retry_button, self.retry_all_button):
            buttons.addWidget(button)
        buttons.addWidget(self.message, 1)
        for button in (self.purge_button, self.purge_all_button):
            buttons.addWidget(button)
        self.body.addLayout(buttons)
        self.confirm_box: QMessageBox | None = None

    def current_state(self) -> str:
        return QUEUE_TABS[max(0, self.tabs.currentIndex())]

    def show_message(self, text: str, state: str = "") -> None:
        self.message.setText(text)
        set_role(self.message, "state", state)

    def ask(self, title: str, text: str) -> QMessageBox:
        """A window-modal Yes/No question, opened without blocking (answer via ``finished``)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setObjectName("confirmPurge")
        self.confirm_box = box
        box.open()
        return box
