"""The Serial numbers page against a real service and the emulator's serial number pools."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication

from pywats_client.gui.bridge import ServiceBridge
from pywats_client.gui.controllers.serial_numbers import SerialNumbersController, describe_type
from pywats_client.gui.views.serial_numbers import SerialNumbersView


def _page(qtbot: Any, bridge: ServiceBridge) -> tuple[SerialNumbersView, SerialNumbersController]:
    view = SerialNumbersView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    return view, SerialNumbersController(view, bridge)


def test_take_numbers_and_keep_a_default_type(
    qtbot: Any, bridge: ServiceBridge, station: Any, arun: Any
) -> None:
    arun(bridge.request("set_config", key="serial_numbers.type_name", value="MACAddress"))
    view, controller = _page(qtbot, bridge)
    arun(controller.refresh())
    types = [view.type_box.itemText(i) for i in range(view.type_box.count())]
    assert {"SerialNumber", "MACAddress", "IMEI"} <= set(types)
    assert view.type_name() == "MACAddress"  # the configured default is preselected
    assert "MAC" in view.type_details.text()

    view.type_box.setCurrentText("SerialNumber")
    view.quantity_spin.setValue(3)
    view.ref_sn_edit.setText("PCB-0042")
    arun(controller.take())
    first = view.numbers()
    assert len(first) == 3 == len(set(first))
    assert view.selected_numbers() == first  # the new ones are selected, ready to copy
    assert view.status_label.text().startswith("Took 3 numbers of type SerialNumber")
    assert view.status_label.property("state") == "ok"

    view.quantity_spin.setValue(1)
    arun(controller.take())
    assert len(view.numbers()) == 4 and view.numbers()[1:] == first  # newest first
    view.copy_button.click()
    assert QGuiApplication.clipboard().text() == view.numbers()[0]

    arun(controller.save_default())
    assert station.service.config.serial_numbers.type_name == "SerialNumber"
    view.clear_button.click()
    assert view.numbers() == []


def test_refusals_and_offline_are_explained(
    qtbot: Any, bridge: ServiceBridge, station: Any, arun: Any
) -> None:
    view, controller = _page(qtbot, bridge)
    arun(controller.refresh())
    view.type_box.setCurrentText("NoSuchType")
    arun(controller.take())
    assert view.numbers() == []
    assert view.status_label.text().startswith("No numbers taken:")
    assert "NoSuchType" in view.status_label.text()
    assert view.status_label.property("state") == "error"

    view.type_box.setCurrentText("")
    arun(controller.take())
    assert view.status_label.text() == "Choose a serial number type first."

    controller.on_status({"server_online": False})
    assert not view.take_button.isEnabled()
    assert "not reachable" in view.take_button.toolTip()
    controller.on_status({"server_online": True})
    assert view.take_button.isEnabled()


def test_describe_type() -> None:
    info = {"description": "MACs", "identifierName": "MAC", "format": "XX:XX"}
    assert describe_type(info) == "MACs · kind: MAC · format: XX:XX"
    assert describe_type({}) == ""
