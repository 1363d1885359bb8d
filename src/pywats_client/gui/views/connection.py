"""Connection and setup: the server, the station identity, and how reports are delivered.

The form is generated from :data:`SETTINGS` (one entry per config key), so adding a setting to
the page is one line; the controller reads and writes exactly those keys over IPC.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from pywats_client.gui.views.base import PageView
from pywats_client.gui.widgets import label, pill

__all__ = ["SETTINGS", "ConnectionView", "FieldKind", "SettingField"]


class FieldKind(str, Enum):
    TEXT = "text"
    INTEGER = "integer"
    SECONDS = "seconds"
    BOOLEAN = "boolean"
    CHOICE = "choice"


@dataclass(frozen=True)
class SettingField:
    """One config key on the page: its group, label, widget kind and limits."""

    key: str
    group: str
    text: str
    kind: FieldKind = FieldKind.TEXT
    minimum: float = 0
    maximum: float = 1_000_000
    choices: tuple[str, ...] = ()
    tip: str = ""


STATION = "Station"
DELIVERY = "Delivery"

# Order matters: it is the order changes are applied (the name before its source).
SETTINGS: tuple[SettingField, ...] = (
    SettingField("station.name", STATION, "Station &name", tip="machineName on every report"),
    SettingField(
        "station.name_source",
        STATION,
        "Name s&ource",
        FieldKind.CHOICE,
        choices=("hostname", "config", "manual"),
        tip="hostname: this computer's name; config/manual: the name above",
    ),
    SettingField("station.location", STATION, "&Location", tip="location on every report"),
    SettingField("station.purpose", STATION, "P&urpose", tip="purpose on every report"),
    SettingField(
        "max_concurrent_uploads", DELIVERY, "&Parallel uploads", FieldKind.INTEGER, 1, 100
    ),
    SettingField(
        "queue.max_attempts",
        DELIVERY,
        "&Attempts before failed",
        FieldKind.INTEGER,
        1,
        1000,
        tip="deliveries tried before a report is parked as failed",
    ),
    SettingField(
        "queue.retry_base_s",
        DELIVERY,
        "First &retry after",
        FieldKind.SECONDS,
        1,
        86_400,
        tip="doubles after each failed attempt, up to queue.retry_cap_s",
    ),
    SettingField("server.timeout_s", DELIVERY, "Request ti&meout", FieldKind.SECONDS, 1, 600),
    SettingField(
        "sync_interval_s",
        DELIVERY,
        "Reference &data sync",
        FieldKind.SECONDS,
        10,
        86_400,
        tip="how often processes, levels and product groups are refreshed",
    ),
    SettingField(
        "server.verify_tls",
        DELIVERY,
        "Verify the server's TLS &certificate",
        FieldKind.BOOLEAN,
    ),
)


def _editor(field: SettingField, parent: QWidget) -> QWidget:
    if field.kind is FieldKind.INTEGER:
        spin = QSpinBox(parent)
        spin.setRange(int(field.minimum), int(field.maximum))
        return spin
    if field.kind is FieldKind.SECONDS:
        seconds = QDoubleSpinBox(parent)
        seconds.setRange(field.minimum, field.maximum)
        seconds.setDecimals(1)
        seconds.setSuffix(" s")
        return seconds
    if field.kind is FieldKind.BOOLEAN:
        return QCheckBox(field.text, parent)
    if field.kind is FieldKind.CHOICE:
        combo = QComboBox(parent)
        combo.addItems(list(field.choices))
        return combo
    return QLineEdit(parent)


class ConnectionView(PageView):
    """Server status and login, station identity and delivery settings."""

    title = "C&onnection"
    icon = "SP_DriveNetIcon"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        server = QGroupBox("Server", self)
        server_layout = QGridLayout(server)
        self.server_url = QLineEdit(server)
        self.server_url.setObjectName("serverUrl")
        self.server_url.setReadOnly(True)
        self.server_url.setAccessibleName("Server URL")
        self.server_state = pill(server, "unknown")
        self.test_button = QPushButton("&Test connection", server)
        self.login_button = QPushButton("Change lo&gin…", server)
        self.server_message = label("", server, "message")
        self.server_message.setWordWrap(True)
        url_label = QLabel("Server URL", server)
        server_layout.addWidget(url_label, 0, 0)
        server_layout.addWidget(self.server_url, 0, 1)
        server_layout.addWidget(self.server_state, 0, 2)
        server_layout.addWidget(self.test_button, 0, 3)
        server_layout.addWidget(self.login_button, 0, 4)
        server_layout.addWidget(self.server_message, 1, 0, 1, 5)
        server_layout.setColumnStretch(1, 1)
        self.body.addWidget(server)

        groups = QHBoxLayout()
        self.editors: dict[str, QWidget] = {}
        forms: dict[str, tuple[QGroupBox, QFormLayout]] = {}
        for group_name in (STATION, DELIVERY):
            box = QGroupBox(group_name, self)
            forms[group_name] = (box, QFormLayout(box))
            groups.addWidget(box, 1)
        for field in SETTINGS:
            box, form = forms[field.group]
            editor = _editor(field, box)
            editor.setObjectName(f"setting:{field.key}")
            editor.setToolTip(field.tip or field.key)
            editor.setAccessibleName(field.text.replace("&", ""))
            self.editors[field.key] = editor
            if field.kind is FieldKind.BOOLEAN:
                form.addRow(editor)
            else:
                text = QLabel(field.text, box)
                text.setBuddy(editor)
                form.addRow(text, editor)
        self.body.addLayout(groups)

        actions = QHBoxLayout()
        self.apply_button = QPushButton("Appl&y", self)
        self.apply_button.setProperty("role", "primary")
        self.revert_button = QPushButton("R&evert", self)
        self.message = label("", self, "message")
        self.message.setWordWrap(True)
        actions.addWidget(self.message, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.apply_button)
        self.body.addLayout(actions)
        self.body.addStretch(1)

    def value(self, key: str) -> object:
        """The value an editor holds, typed as the config wants it."""
        editor = self.editors[key]
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QDoubleSpinBox):
            return round(editor.value(), 1)
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def set_value(self, key: str, value: object) -> None:
        editor = self.editors[key]
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value) if isinstance(value, (int, float)) else 0)
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value) if isinstance(value, (int, float)) else 0.0)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
