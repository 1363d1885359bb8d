"""About: versions (pyWATS, Python, Qt), the instance's files and folders, the licence."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pywats_client.gui.views.base import PageView
from pywats_client.gui.widgets import label

__all__ = ["AboutView"]

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


class AboutView(PageView):
    """Read-only facts in three groups, with Copy and Open-folder buttons."""

    title = "&About"
    icon = "SP_MessageBoxInformation"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tagline = label(
            "pyWATS connects test stations to WATS: converters turn tester output into "
            "reports, and a persistent queue delivers them, even after days offline.",
            self,
            "muted",
        )
        self.tagline.setWordWrap(True)
        self.body.addWidget(self.tagline)

        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.versions_box, self.versions = self._group(content, "Versions")
        self.service_box, self.service = self._group(content, "Service")
        self.paths_box, self.paths = self._group(content, "Files and folders")
        self.licence_box, self.licence = self._group(content, "Licence")
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.versions_box, 1)
        top.addWidget(self.service_box, 1)
        column.addLayout(top)
        column.addWidget(self.paths_box)
        column.addWidget(self.licence_box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton("&Copy details", self)
        self.copy_button.setToolTip("Copy versions and paths (for a support request)")
        self.open_config_button = QPushButton("Open c&onfig folder", self)
        self.open_logs_button = QPushButton("Open lo&g folder", self)
        for button in (self.copy_button, self.open_config_button, self.open_logs_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.status_label = label("", self, "message")
        self.body.addWidget(self.status_label)

    @staticmethod
    def _group(parent: QWidget, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title, parent)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        return box, form

    @staticmethod
    def fill(form: QFormLayout, rows: Sequence[tuple[str, str]]) -> None:
        """Replace the rows of one group with ``(label, value)`` pairs (values selectable)."""
        while form.rowCount():
            form.removeRow(0)
        for caption, value in rows:
            text = QLabel(value)
            text.setTextInteractionFlags(_SELECTABLE)
            text.setWordWrap(True)
            text.setObjectName(f"about_{caption.lower().replace(' ', '_')}")
            form.addRow(f"{caption}:", text)

    @staticmethod
    def values(form: QFormLayout) -> dict[str, str]:
        """``label → value`` of one group (what "Copy details" copies, and tests read)."""
        result: dict[str, str] = {}
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None:
                continue
            label_widget, field_widget = label.widget(), field.widget()
            if isinstance(label_widget, QLabel) and isinstance(field_widget, QLabel):
                result[label_widget.text().rstrip(":")] = field_widget.text()
        return result
