"""Serial numbers: take new numbers from the server's serial number pools.

The station's default type is kept in the service configuration (``serial_numbers.type_name``);
numbers are allocated by the server, optionally tied to a reference unit (serial and part
number), and listed here for copying onto labels or into a test sequence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pywats_client.gui.views.base import PageView
from pywats_client.gui.widgets import label

__all__ = ["MAX_QUANTITY", "SerialNumbersView"]

MAX_QUANTITY = 1000  # the service refuses more per request


class SerialNumbersView(PageView):
    """Type, quantity and reference inputs, a Take button, and the numbers taken."""

    title = "&Serial numbers"
    icon = "SP_FileDialogListView"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = label(
            "Take unique serial numbers (or MAC addresses, IMEIs…) from the WATS server's "
            "pools. The server records which station took them.",
            self,
            "muted",
        )
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)

        row = QHBoxLayout()
        row.setSpacing(16)
        self.request_box = QGroupBox("Take numbers", self)
        form = QFormLayout(self.request_box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.type_box = QComboBox(self.request_box)
        self.type_box.setEditable(True)
        self.type_box.setMinimumWidth(220)
        type_edit = self.type_box.lineEdit()
        if type_edit is not None:
            type_edit.setPlaceholderText("Serial number type")
        self.reload_types_button = QPushButton("Re&load types", self.request_box)
        type_row = QHBoxLayout()
        type_row.addWidget(self.type_box, 1)
        type_row.addWidget(self.reload_types_button)
        self.type_label = QLabel("T&ype", self.request_box)
        self.type_label.setBuddy(self.type_box)
        form.addRow(self.type_label, type_row)
        self.type_details = label("", self.request_box, "muted")
        self.type_details.setWordWrap(True)
        form.addRow("", self.type_details)
        self.quantity_spin = QSpinBox(self.request_box)
        self.quantity_spin.setRange(1, MAX_QUANTITY)
        self.quantity_spin.setValue(1)
        quantity_label = QLabel("&Quantity", self.request_box)
        quantity_label.setBuddy(self.quantity_spin)
        form.addRow(quantity_label, self.quantity_spin)
        self.ref_sn_edit = QLineEdit(self.request_box)
        self.ref_sn_edit.setPlaceholderText("optional: the unit the numbers belong to")
        ref_sn_label = QLabel("Reference S&N", self.request_box)
        ref_sn_label.setBuddy(self.ref_sn_edit)
        form.addRow(ref_sn_label, self.ref_sn_edit)
        self.ref_pn_edit = QLineEdit(self.request_box)
        self.ref_pn_edit.setPlaceholderText("optional: its part number")
        ref_pn_label = QLabel("Reference &PN", self.request_box)
        ref_pn_label.setBuddy(self.ref_pn_edit)
        form.addRow(ref_pn_label, self.ref_pn_edit)
        buttons = QHBoxLayout()
        self.take_button = QPushButton("&Take from server", self.request_box)
        self.take_button.setProperty("role", "primary")
        self.take_button.setDefault(True)
        self.save_default_button = QPushButton("Save type as &default", self.request_box)
        self.save_default_button.setToolTip(
            "Store this type as the station's default (serial_numbers.type_name)"
        )
        buttons.addWidget(self.take_button)
        buttons.addWidget(self.save_default_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.help_text = label(
            "Numbers are taken for good: the server never hands them out again, even when "
            "they are not used. With a reference unit, the server records which unit the "
            "numbers belong to, so they can be looked up by that unit later.",
            self.request_box,
            "muted",
        )
        self.help_text.setWordWrap(True)
        form.addRow(self.help_text)
        row.addWidget(self.request_box, 1)

        self.result_box = QGroupBox("Numbers taken", self)
        results = QVBoxLayout(self.result_box)
        self.numbers_list = QListWidget(self.result_box)
        self.numbers_list.setAccessibleName("Serial numbers taken")
        self.numbers_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.numbers_list.setFont(mono)
        results.addWidget(self.numbers_list, 1)
        result_buttons = QHBoxLayout()
        self.copy_button = QPushButton("&Copy", self.result_box)
        self.copy_button.setToolTip("Copy the selected numbers (all when none is selected)")
        self.clear_button = QPushButton("Clea&r list", self.result_box)
        result_buttons.addWidget(self.copy_button)
        result_buttons.addWidget(self.clear_button)
        result_buttons.addStretch(1)
        results.addLayout(result_buttons)
        row.addWidget(self.result_box, 1)
        self.body.addLayout(row, 1)

        self.status_label = label("", self, "message")
        self.status_label.setWordWrap(True)
        self.body.addWidget(self.status_label)

        self.setTabOrder(self.type_box, self.reload_types_button)
        self.setTabOrder(self.reload_types_button, self.quantity_spin)
        self.setTabOrder(self.quantity_spin, self.ref_sn_edit)
        self.setTabOrder(self.ref_sn_edit, self.ref_pn_edit)
        self.setTabOrder(self.ref_pn_edit, self.take_button)
        self.setTabOrder(self.take_button, self.save_default_button)
        self.setTabOrder(self.save_default_button, self.numbers_list)

    def type_name(self) -> str:
        return self.type_box.currentText().strip()

    def numbers(self) -> list[str]:
        """Every number in the list, newest first."""
        return [self.numbers_list.item(i).text() for i in range(self.numbers_list.count())]

    def selected_numbers(self) -> list[str]:
        return [item.text() for item in self.numbers_list.selectedItems()]
