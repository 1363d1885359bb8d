"""Converters: the configured converters with their live state, an editor, and a file test.

Master-detail: the table of converters on the left (live counters from the status), and on
the right a "Settings" tab (the selected converter's entry) and a "Test a file" tab (the dry
run: which reports a file would give, or why it fails). Dialogs (folder and file choosers, the
delete confirmation) are small view methods, so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pywats_client.config import PostAction
from pywats_client.gui.views.base import PageView
from pywats_client.gui.widgets import label, read_only_table

__all__ = ["CONVERTER_COLUMNS", "POST_ACTION_LABELS", "REPORT_COLUMNS", "ConvertersView"]

CONVERTER_COLUMNS = ("Name", "State", "Watch folder", "OK", "Failed")
REPORT_COLUMNS = ("Serial", "Part", "Rev", "Process", "Result", "Steps")
POST_ACTION_LABELS: dict[PostAction, str] = {
    PostAction.MOVE: "Move to the done folder",
    PostAction.ZIP: "Add to a zip in the done folder",
    PostAction.DELETE: "Delete the file",
    PostAction.KEEP: "Leave it in place",
}
CUSTOM_TYPE = "custom"  # item data of the "custom class" entry in the type box


def _mono() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def _item(text: str, *, tooltip: str = "", number: int | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem()
    if number is not None:
        item.setData(Qt.ItemDataRole.DisplayRole, number)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    else:
        item.setText(text)
    if tooltip:
        item.setToolTip(tooltip)
    return item


class _PathField(QWidget):
    """A line edit with a "Browse…" button beside it."""

    def __init__(self, placeholder: str, parent: QWidget) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.browse = QPushButton("Browse…", self)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        self.setFocusProxy(self.edit)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)


class ConvertersView(PageView):
    """Table of converters, their settings editor and the file test."""

    title = "Co&nverters"
    icon = "SP_FileDialogDetailedView"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_list(splitter))
        self.tabs = QTabWidget(splitter)
        self.tabs.addTab(self._build_editor(self.tabs), "Settings")
        self.tabs.addTab(self._build_test(self.tabs), "Test a file")
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 600])  # the list gets room for its folder column
        self.body.addWidget(splitter, 1)
        self.status_label = label("", self, "message")
        self.status_label.setWordWrap(True)
        self.body.addWidget(self.status_label)

    # -- construction ------------------------------------------------------------------------

    def _build_list(self, parent: QWidget) -> QWidget:
        panel = QWidget(parent)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.add_button = QPushButton("&Add", panel)
        self.add_button.setToolTip("Add a converter (fill in the settings, then Save)")
        self.toggle_button = QPushButton("Disab&le", panel)
        self.delete_button = QPushButton("&Delete", panel)
        for button in (self.add_button, self.toggle_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.table = read_only_table(panel, CONVERTER_COLUMNS, stretch=2)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Configured converters")
        column.addWidget(self.table, 1)
        self.empty_label = label(
            "No converters yet. Add one to turn tester files in a watch folder into reports.",
            panel,
            "muted",
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        column.addWidget(self.empty_label)
        self.detail_label = label("", panel, "muted")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.detail_label)
        return panel

    def _build_editor(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        form = QFormLayout(page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.name_edit = QLineEdit(page)
        self.name_edit.setPlaceholderText("e.g. line-2-ict")
        form.addRow(self._label("&Name", self.name_edit, page), self.name_edit)
        self.type_box = QComboBox(page)
        form.addRow(self._label("T&ype", self.type_box, page), self.type_box)
        self.class_edit = QLineEdit(page)
        self.class_edit.setPlaceholderText("package.module:Class or /path/to/converter.py")
        form.addRow(self._label("&Class", self.class_edit, page), self.class_edit)
        self.enabled_check = QCheckBox("&Enabled (watch the folder and convert)", page)
        form.addRow("", self.enabled_check)
        self.watch_field = _PathField("folder the tester writes into", page)
        form.addRow(self._label("&Watch folder", self.watch_field, page), self.watch_field)
        self.patterns_edit = QLineEdit(page)
        self.patterns_edit.setPlaceholderText("*  (space-separated, e.g. *.csv *.txt)")
        form.addRow(self._label("File &patterns", self.patterns_edit, page), self.patterns_edit)
        self.post_action_box = QComboBox(page)
        for action, text in POST_ACTION_LABELS.items():
            self.post_action_box.addItem(text, action.value)
        form.addRow(self._label("After", self.post_action_box, page), self.post_action_box)
        self.done_field = _PathField("default: <watch folder>/Done", page)
        form.addRow(self._label("D&one folder", self.done_field, page), self.done_field)
        self.error_field = _PathField("default: <watch folder>/Error", page)
        form.addRow(self._label("E&rror folder", self.error_field, page), self.error_field)
        self.timeout_spin = QDoubleSpinBox(page)
        self.timeout_spin.setRange(1, 86400)
        self.timeout_spin.setDecimals(0)
        self.timeout_spin.setSuffix(" s")
        self.timeout_spin.setValue(300)
        form.addRow(self._label("T&imeout", self.timeout_spin, page), self.timeout_spin)
        self.arguments_edit = QPlainTextEdit(page)
        self.arguments_edit.setFont(_mono())
        self.arguments_edit.setPlaceholderText('{"process_code": 50}')
        self.arguments_edit.setTabChangesFocus(True)
        self.arguments_edit.setMinimumHeight(72)  # takes the height the form leaves
        form.addRow(self._label("Ar&guments", self.arguments_edit, page), self.arguments_edit)
        buttons = QHBoxLayout()
        # No mnemonic: Alt+S opens the Service menu; Ctrl+S is the usual key for saving.
        self.save_button = QPushButton("Save", page)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("Save and apply (Ctrl+S)")
        self.save_button.setProperty("role", "primary")
        self.revert_button = QPushButton("Rever&t", page)
        self.revert_button.setToolTip("Forget the changes not saved yet")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        return page

    def _build_test(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        column = QVBoxLayout(page)
        self.test_intro = label(
            "Run the selected converter on a file, as the service would, without queueing, "
            "uploading or moving anything.",
            page,
            "muted",
        )
        self.test_intro.setWordWrap(True)
        column.addWidget(self.test_intro)
        self.test_file_field = _PathField("tester file to try", page)
        file_row = QHBoxLayout()
        file_row.addWidget(self._label("F&ile", self.test_file_field, page))
        file_row.addWidget(self.test_file_field, 1)
        column.addLayout(file_row)
        run_row = QHBoxLayout()
        self.run_test_button = QPushButton("&Run test", page)
        self.run_test_button.setProperty("role", "primary")
        run_row.addWidget(self.run_test_button)
        self.test_result_label = label("", page, "message")
        self.test_result_label.setWordWrap(True)
        run_row.addWidget(self.test_result_label, 1)
        column.addLayout(run_row)
        self.reports_table = read_only_table(page, REPORT_COLUMNS)
        self.reports_table.setAccessibleName("Reports the file would give")
        column.addWidget(self.reports_table, 2)
        self.test_messages = QPlainTextEdit(page)
        self.test_messages.setReadOnly(True)
        self.test_messages.setFont(_mono())
        self.test_messages.setPlaceholderText("Problems, warnings and the converter's log.")
        column.addWidget(self.test_messages, 1)
        return page

    @staticmethod
    def _label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setBuddy(buddy)
        return label

    # -- filling -----------------------------------------------------------------------------

    def show_converters(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """One row per converter: ``name``, ``state``, ``folder``, ``converted``, ``failed``,
        ``tooltip`` (the last file and error)."""
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            tip = str(row.get("tooltip") or "")
            self.table.setItem(index, 0, _item(str(row["name"]), tooltip=tip))
            self.table.setItem(index, 1, _item(str(row.get("state") or ""), tooltip=tip))
            folder = str(row.get("folder") or "")
            self.table.setItem(index, 2, _item(folder, tooltip=folder))
            self.table.setItem(index, 3, _item("", number=int(row.get("converted") or 0)))
            self.table.setItem(index, 4, _item("", number=int(row.get("failed") or 0)))
        self.empty_label.setVisible(not rows)

    def row_names(self) -> list[str]:
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() if item is not None else "" for item in items]

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def select_name(self, name: str | None) -> None:
        """Select the row of converter ``name`` (or nothing)."""
        if name is None:
            self.table.clearSelection()
            return
        for row, row_name in enumerate(self.row_names()):
            if row_name == name:
                self.table.selectRow(row)
                return

    def show_reports(self, reports: Sequence[Mapping[str, Any]]) -> None:
        self.reports_table.setRowCount(len(reports))
        for index, report in enumerate(reports):
            values = (
                report.get("sn"), report.get("pn"), report.get("rev"),
                report.get("process_code"), report.get("result"), report.get("steps"),
            )  # fmt: skip
            for column, value in enumerate(values):
                self.reports_table.setItem(
                    index, column, _item("" if value is None else str(value))
                )

    # -- dialogs -----------------------------------------------------------------------------

    def choose_folder(self, title: str, start: str) -> str | None:
        folder = QFileDialog.getExistingDirectory(self, title, start)
        return folder or None

    def choose_file(self, start: str) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(self, "File to test", start)
        return path or None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes
