"""The Software page against a real service and the emulator's package store."""

from __future__ import annotations

from typing import Any

from pywats import pyWATS
from pywats.domains.software.models import Package, PackageTag
from pywats_client.gui.bridge import ServiceBridge
from pywats_client.gui.controllers.software import SoftwareController, matches
from pywats_client.gui.views.software import SoftwareView
from pywats_emulator.testing import EmulatorServer


def _page(qtbot: Any, bridge: ServiceBridge) -> tuple[SoftwareView, SoftwareController]:
    view = SoftwareView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    return view, SoftwareController(view, bridge, reload_interval_s=3600)


def _names(view: SoftwareView) -> list[str]:
    return [view.table.item(row, 0).text() for row in range(view.table.rowCount())]


def test_packages_are_listed_and_filtered(
    qtbot: Any, bridge: ServiceBridge, station: Any, arun: Any, wats_emulator: EmulatorServer
) -> None:
    view, controller = _page(qtbot, bridge)
    arun(controller.refresh())
    assert view.table.rowCount() == 0
    assert view.empty_label.text() == "The server has no software packages."
    assert view.status_label.text().startswith("0 packages on the server")

    with pyWATS(wats_emulator.url, wats_emulator.token) as wats:
        firmware = wats.software.create_package(
            Package(name="ICT-Firmware", tags=[PackageTag(key="line", value="2")])
        )
        assert firmware is not None and firmware.package_id is not None
        wats.software.submit_for_review(firmware.package_id)
        wats.software.release_package(firmware.package_id)
        wats.software.create_package(Package(name="FCT-Scripts", description="Python tests"))

    arun(controller.refresh())  # within the reload interval: the list is not asked again
    assert view.table.rowCount() == 0
    view.refresh_button.click()
    qtbot.waitUntil(lambda: view.table.rowCount() == 2)
    assert _names(view) == ["FCT-Scripts", "ICT-Firmware"]  # sorted by name
    row = _names(view).index("ICT-Firmware")
    assert [view.table.item(row, c).text() for c in (1, 2, 4)] == ["1", "Released", "line=2"]
    assert view.status_label.text().startswith("2 packages on the server")

    view.status_box.setCurrentIndex(view.status_box.findData("Released"))
    assert _names(view) == ["ICT-Firmware"]
    view.status_box.setCurrentIndex(0)
    view.filter_edit.setText("python")  # the description matches
    assert _names(view) == ["FCT-Scripts"]
    view.filter_edit.setText("no such package")
    assert (
        view.table.rowCount() == 0 and view.empty_label.text() == "No package matches the filter."
    )


def test_page_explains_when_the_service_is_not_running(
    qtbot: Any, bridge: ServiceBridge, arun: Any, gui_home: Any
) -> None:
    view, controller = _page(qtbot, bridge)
    arun(controller.load())
    assert "Could not load the packages" in view.status_label.text()
    assert "is not running" in view.status_label.text()
    assert view.status_label.property("state") == "error"
    assert view.refresh_button.isEnabled()


def test_matches_looks_at_name_tags_description_and_status() -> None:
    row = {"name": "ICT", "status": "Released", "tags": [{"key": "line", "value": "7"}]}
    assert matches(row, "line=7", None)
    assert matches(row, "ict", "released")
    assert not matches(row, "", "Draft")
    assert not matches(row, "fct", None)
