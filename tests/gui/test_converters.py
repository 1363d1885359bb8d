"""The Converters page against a real service: add, edit, disable, test a file, delete."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from pywats_client.gui.bridge import ServiceBridge
from pywats_client.gui.controllers.converters import ConvertersController
from pywats_client.gui.views.converters import ConvertersView

WSJF_CLASS = "pywats_client.converters.builtin.wsjf:WsjfConverter"


@pytest.fixture
def page(qtbot: Any, bridge: ServiceBridge) -> tuple[ConvertersView, ConvertersController]:
    view = ConvertersView()
    qtbot.addWidget(view)
    view.resize(1100, 680)
    view.show()
    controller = ConvertersController(view, bridge)
    bridge.status_changed.connect(controller.on_status)
    return view, controller


def _report(serial: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-GUI",
        "sn": serial,
        "rev": "A",
        "processCode": 10,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


def _add_wsjf(
    view: ConvertersView, controller: ConvertersController, arun: Any, watch: Path
) -> None:
    view.add_button.click()
    view.name_edit.setText("line-1")
    view.type_box.setCurrentIndex(view.type_box.findData(WSJF_CLASS))
    view.watch_field.edit.setText(str(watch))
    arun(controller.save())


def test_add_edit_disable_and_delete(
    page: tuple[ConvertersView, ConvertersController],
    station: Any,
    arun: Any,
    qtbot: Any,
    tmp_path: Path,
    wait_ms: int,
) -> None:
    view, controller = page
    arun(controller.refresh())
    assert view.table.rowCount() == 0 and view.empty_label.isVisibleTo(view)
    assert view.type_box.findData(WSJF_CLASS) >= 0  # built-in types offered

    watch = tmp_path / "watch"
    _add_wsjf(view, controller, arun, watch)
    assert "Saved line-1" in view.status_label.text(), view.status_label.text()
    assert view.row_names() == ["line-1"] and view.selected_name() == "line-1"
    assert view.class_edit.text() == WSJF_CLASS and view.patterns_edit.text() == "*.json"
    service = station.service
    assert [c.name for c in service.config.converters] == ["line-1"]
    qtbot.waitUntil(lambda: view.table.item(0, 1).text() not in ("", "starting"), timeout=wait_ms)

    view.arguments_edit.setPlainText("{not json")
    arun(controller.save())
    assert view.status_label.text().startswith("Arguments are not valid JSON")
    assert view.status_label.property("state") == "error"

    view.arguments_edit.setPlainText("")
    view.watch_field.edit.setText("relative/folder")  # the service refuses it, and says why
    arun(controller.save())
    assert "Not saved" in view.status_label.text() and "watch_folder" in view.status_label.text()
    assert str(service.config.converters[0].watch_folder) == str(watch)
    view.revert_button.click()
    assert view.watch_field.edit.text() == str(watch)

    arun(controller.toggle_enabled())
    assert service.config.converters[0].enabled is False
    assert view.table.item(0, 1).text() == "disabled"
    assert view.toggle_button.text() == "Enab&le" and not view.enabled_check.isChecked()

    view.confirm = lambda title, text: False  # type: ignore[method-assign]
    arun(controller.delete_selected())
    assert view.row_names() == ["line-1"]
    view.confirm = lambda title, text: True  # type: ignore[method-assign]
    arun(controller.delete_selected())
    assert view.row_names() == [] and service.config.converters == []
    assert view.name_edit.text() == ""


def test_test_a_file_shows_the_reports_or_the_reason(
    page: tuple[ConvertersView, ConvertersController],
    station: Any,
    arun: Any,
    tmp_path: Path,
) -> None:
    view, controller = page
    arun(controller.refresh())
    files = tmp_path / "files"
    files.mkdir()
    good = files / "good.json"
    good.write_text(json.dumps(_report("SN-TEST-1")))
    bad = files / "bad.json"
    bad.write_text('{"type": "T"')

    arun(controller.run_test())
    assert view.test_result_label.text() == "Select a saved converter in the list first."

    _add_wsjf(view, controller, arun, tmp_path / "watch")
    view.choose_file = lambda start: str(good)  # type: ignore[method-assign]
    view.test_file_field.browse.click()
    assert view.test_file_field.edit.text() == str(good)
    arun(controller.run_test())
    assert view.test_result_label.text() == "OK: 1 report would be queued."
    assert view.test_result_label.property("state") == "ok"
    assert view.reports_table.rowCount() == 1
    assert view.reports_table.item(0, 0).text() == "SN-TEST-1"
    assert view.reports_table.item(0, 4).text() == "P"
    assert good.exists()  # a dry run moves nothing
    assert arun(controller.bridge.request("get_queue_stats"))["pending"] == 0

    view.test_file_field.edit.setText(str(bad))
    arun(controller.run_test())
    assert view.test_result_label.text().startswith("Failed: ")
    assert view.test_result_label.property("state") == "error"
    assert view.reports_table.rowCount() == 0


def test_a_folder_chosen_with_browse_lands_in_the_field(
    page: tuple[ConvertersView, ConvertersController], tmp_path: Path
) -> None:
    view, _controller = page
    view.choose_folder = lambda title, start: str(tmp_path)  # type: ignore[method-assign]
    view.done_field.browse.click()
    assert view.done_field.edit.text() == str(tmp_path)
