"""Software: the packages the WATS server distributes (name, version, status, tags)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from pywats_client.gui.views.base import PageView
from pywats_client.gui.widgets import label, read_only_table

__all__ = ["PACKAGE_COLUMNS", "STATUS_CHOICES", "SoftwareView", "format_tags"]

PACKAGE_COLUMNS = ("Name", "Version", "Status", "Priority", "Tags", "Modified", "Description")
#: Status filter choices (label, status value or None for all); wats-api.md §2.6 workflow.
STATUS_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("All statuses", None),
    ("Released", "Released"),
    ("Pending", "Pending"),
    ("Draft", "Draft"),
    ("Revoked", "Revoked"),
)


def format_tags(tags: Any) -> str:
    """``[{"key": "line", "value": "2"}]`` → ``"line=2"``."""
    if not isinstance(tags, Sequence) or isinstance(tags, str):
        return ""
    parts = []
    for tag in tags:
        if isinstance(tag, Mapping):
            key, value = tag.get("key"), tag.get("value")
            parts.append(f"{key}={value}" if value not in (None, "") else str(key))
    return ", ".join(parts)


def _date(text: Any) -> str:
    """An ISO timestamp shortened to ``YYYY-MM-DD HH:MM``."""
    if not isinstance(text, str) or len(text) < 10:
        return ""
    return text[:16].replace("T", " ")


class SoftwareView(PageView):
    """Table of the server's software packages with a text and a status filter."""

    title = "So&ftware"
    icon = "SP_DriveCDIcon"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = label(
            "Software packages published on the WATS server for test stations. "
            "Released packages are the ones stations install.",
            self,
            "muted",
        )
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)

        bar = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by name, tag or description…")
        self.filter_edit.setClearButtonEnabled(True)
        self.status_box = QComboBox(self)
        for text, status in STATUS_CHOICES:
            self.status_box.addItem(text, status)
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setToolTip("Ask the server for the package list again")
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.status_box)
        bar.addWidget(self.refresh_button)
        self.body.addLayout(bar)

        self.table = read_only_table(self, PACKAGE_COLUMNS)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName("Software packages")
        self.body.addWidget(self.table, 1)

        self.empty_label = label("", self, "muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        self.body.addWidget(self.empty_label)
        self.status_label = label("", self, "message")
        self.body.addWidget(self.status_label)

    def selected_status(self) -> str | None:
        status = self.status_box.currentData()
        return status if isinstance(status, str) else None

    def show_packages(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Fill the table (sorted by name) and say so when there is nothing to show."""
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                row.get("name") or "",
                row.get("version"),
                row.get("status") or "",
                row.get("priority"),
                format_tags(row.get("tags")),
                _date(row.get("modified_utc")),
                row.get("description") or "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem()
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    item.setData(Qt.ItemDataRole.DisplayRole, value)  # sorts as a number
                else:
                    item.setText("" if value is None else str(value))
                if column == 6:
                    item.setToolTip(str(value))
                self.table.setItem(index, column, item)
        self.table.setSortingEnabled(True)
        self.table.sortItems(0, Qt.SortOrder.AscendingOrder)
        self.empty_label.setVisible(not rows)

    def show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.setVisible(True)
