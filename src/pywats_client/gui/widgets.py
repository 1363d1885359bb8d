"""Small building blocks shared by the page views: cards, figures, pills, read-only tables.

Looks come from style.qss through the ``role``/``state`` properties set here, so a view never
holds a colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pywats_client.gui.theme import set_role

__all__ = [
    "FigureCard",
    "card",
    "format_epoch",
    "label",
    "pill",
    "read_only_table",
    "sentence",
    "set_table_rows",
]


def label(text: str, parent: QWidget, role: str = "") -> QLabel:
    """A QLabel with a stylesheet role (``muted``, ``section``, ``message``...)."""
    widget = QLabel(text, parent)
    if role:
        set_role(widget, "role", role)
    return widget


def pill(parent: QWidget, text: str = "", state: str = "") -> QLabel:
    """A rounded state label; change its colour with ``set_role(pill, "state", "ok")``."""
    widget = label(text, parent, "pill")
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    set_role(widget, "state", state)
    return widget


def card(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    """A bordered surface and its layout."""
    frame = QFrame(parent)
    set_role(frame, "role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 10)
    layout.setSpacing(4)
    return frame, layout


class FigureCard(QFrame):
    """A card with a caption, one big figure and a detail line (dashboard tiles)."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.caption = label(caption, self, "caption")
        self.figure = label("–", self, "figure")
        self.detail = label("", self, "muted")
        self.detail.setWordWrap(True)
        layout.addWidget(self.caption)
        layout.addWidget(self.figure)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_value(self, figure: str, detail: str = "", state: str = "") -> None:
        self.figure.setText(figure)
        self.detail.setText(detail)
        set_role(self.figure, "state", state)


def read_only_table(parent: QWidget, headers: Sequence[str], *, stretch: int = -1) -> QTableWidget:
    """A row-selecting, non-editable table; column ``stretch`` takes the spare width."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(stretch == -1)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def set_table_rows(
    table: QTableWidget, rows: Sequence[Sequence[str]], keys: Sequence[str] | None = None
) -> None:
    """Replace the table's rows; ``keys[i]`` is stored on row i's first cell (UserRole)."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c == 0 and keys is not None:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)


def sentence(text: str) -> str:
    """``text`` with its first letter upper-cased (the rest untouched, unlike ``capitalize``)."""
    return text[:1].upper() + text[1:]


def format_epoch(epoch_s: object, *, with_date: bool = True) -> str:
    """Local time of an epoch-seconds value, or ``–`` when there is none."""
    if not isinstance(epoch_s, (int, float)) or isinstance(epoch_s, bool):
        return "–"
    moment = datetime.fromtimestamp(float(epoch_s))
    return moment.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")
