"""Log: the service's recent log records, tailing live, filtered by level and text.

The rows live in :class:`LogModel` (a bounded table model: the page never holds more than
``max_rows`` records), shown through a text filter proxy; selecting a row shows its whole
message (tracebacks included) below the table.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from pywats_client.gui.theme import DARK, LIGHT
from pywats_client.gui.views.base import PageView
from pywats_client.gui.widgets import label

__all__ = ["LEVEL_CHOICES", "LogModel", "LogView"]

#: (label, level sent as ``get_log``'s ``level``), in the level box's order.
LEVEL_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("All levels", None),
    ("Info and above", "INFO"),
    ("Warnings and errors", "WARNING"),
    ("Errors only", "ERROR"),
)
DEFAULT_MAX_ROWS = 5000
_COLUMNS = ("Time", "Level", "Source", "Message")
_Index = QModelIndex | QPersistentModelIndex


def _level_colour(levelno: int) -> QColor | None:
    """Warnings and errors in the theme's colours (the dark ones when the palette is dark)."""
    if levelno < 30:
        return None
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    palette = DARK if window.lightness() < 128 else LIGHT
    return QColor(palette.error if levelno >= 40 else palette.warn)


def _first_line(text: str) -> str:
    head, _, rest = text.partition("\n")
    return f"{head}  …" if rest else head


class LogModel(QAbstractTableModel):
    """Log records as rows (oldest first), at most ``max_rows`` (the oldest are dropped)."""

    def __init__(self, max_rows: int = DEFAULT_MAX_ROWS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_rows = max_rows
        self._rows: list[Mapping[str, Any]] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return time.strftime("%H:%M:%S", time.localtime(float(row.get("time", 0))))
            if column == 1:
                return row.get("level", "")
            if column == 2:
                return str(row.get("logger", "")).removeprefix("pywats_client.")
            return _first_line(str(row.get("message", "")))
        if role == Qt.ItemDataRole.ForegroundRole and column in (1, 3):
            return _level_colour(int(row.get("levelno", 0)))
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(row.get("time", 0))))
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def append(self, entries: Iterable[Mapping[str, Any]]) -> None:
        """Add records at the end, dropping the oldest beyond ``max_rows``."""
        new = list(entries)[-self.max_rows :]
        if not new:
            return
        drop = min(max(len(self._rows) + len(new) - self.max_rows, 0), len(self._rows))
        if drop:
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del self._rows[:drop]
            self.endRemoveRows()
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def entry(self, row: int) -> Mapping[str, Any]:
        return self._rows[row]

    def messages(self) -> list[str]:
        """Every message shown (tests, "copy")."""
        return [str(row.get("message", "")) for row in self._rows]


class LogView(PageView):
    """The service's log: level filter, text filter, follow, copy and clear."""

    title = "&Log"
    icon = "SP_FileDialogContentsView"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bar = QHBoxLayout()
        self.level_label = QLabel("&Level", self)
        self.level_box = QComboBox(self)
        for text, level in LEVEL_CHOICES:
            self.level_box.addItem(text, level)
        self.level_box.setCurrentIndex(1)
        self.level_label.setBuddy(self.level_box)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter messages (text)…")
        self.filter_edit.setClearButtonEnabled(True)
        self.follow_check = QCheckBox("F&ollow new lines", self)
        self.follow_check.setChecked(True)
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setToolTip("Copy the lines shown to the clipboard")
        self.clear_button = QPushButton("Clea&r", self)
        self.clear_button.setToolTip("Clear this view (the service keeps its log)")
        for widget in (self.level_label, self.level_box, self.filter_edit, self.follow_check):
            bar.addWidget(widget)
        bar.setStretchFactor(self.filter_edit, 1)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.clear_button)
        self.body.addLayout(bar)

        self.model = LogModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 200)
        header.setStretchLastSection(True)
        self.table.setAccessibleName("Log lines")

        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Select a line to see the whole message.")
        self.detail.setAccessibleName("Selected log message")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.detail.setFont(mono)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.body.addWidget(splitter, 1)

        self.status_label = label("", self, "message")
        self.body.addWidget(self.status_label)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.setTabOrder(self.level_box, self.filter_edit)
        self.setTabOrder(self.filter_edit, self.follow_check)
        self.setTabOrder(self.follow_check, self.copy_button)
        self.setTabOrder(self.copy_button, self.clear_button)
        self.setTabOrder(self.clear_button, self.table)
        self.setTabOrder(self.table, self.detail)

    def selected_level(self) -> str | None:
        level = self.level_box.currentData()
        return level if isinstance(level, str) else None

    def visible_text(self) -> str:
        """The lines the filter lets through, one per line (what "Copy" copies)."""
        lines = []
        for row in range(self.proxy.rowCount()):
            entry = self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(entry["time"])))
            lines.append(f"{stamp} {entry['level']:<8} {entry['logger']}: {entry['message']}")
        return "\n".join(lines)

    def scroll_to_end(self) -> None:
        self.table.scrollToBottom()
