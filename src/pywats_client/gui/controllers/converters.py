"""Controller of the Converters page: list, add, edit, enable/disable, delete, test a file.

Reads: the converter entries from ``get_config``, their live state from each status snapshot
(``converters`` of ``get_status``), the built-in types once (``list_converter_types``).
Writes go through ``save_converter`` / ``delete_converter``: the service validates the entry,
writes the config atomically and hot-reloads, so the table shows the result on the next status.
"Test a file" is the service's ``test_converter`` dry run of the selected converter.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pywats_client.config import PostAction
from pywats_client.conversion.watcher import WatchMode
from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.theme import set_role
from pywats_client.gui.views.converters import CUSTOM_TYPE, ConvertersView

__all__ = ["MODE_WORDS", "ConvertersController", "EditorError", "state_text"]

_DEFAULT_TIMEOUT_S = 300.0


class EditorError(ValueError):
    """The editor holds something that cannot be saved (the message says what)."""


#: The watcher's modes (``WatchMode`` values and the runner's own) in words for the table.
MODE_WORDS = {
    WatchMode.EVENTS.value: "watching",
    WatchMode.POLLING.value: "watching (polling)",
    WatchMode.UNAVAILABLE.value: "folder unavailable",
}


def state_text(entry: Mapping[str, Any], state: Mapping[str, Any] | None) -> str:
    """What the State column says: watching, a problem, or how many files are in progress."""
    if not entry.get("enabled", True):
        return "disabled"
    if state is None:
        return WatchMode.STARTING.value
    mode = str(state.get("mode") or "")
    text = MODE_WORDS.get(mode, mode)
    if state.get("problem"):
        return text or "problem"
    busy = int(state.get("in_flight") or 0) + int(state.get("pending") or 0)
    return f"{text} · {busy} in progress" if busy else text


def _tooltip(state: Mapping[str, Any] | None) -> str:
    if not state:
        return ""
    lines = []
    if state.get("problem"):
        lines.append(f"Problem: {state['problem']}")
    if state.get("kind"):
        lines.append(f"{state['kind']} converter {state.get('version') or ''}".strip())
    if state.get("last_file"):
        lines.append(f"Last file: {state['last_file']} ({state.get('last_result') or ''})")
    if state.get("last_error"):
        lines.append(f"Last error: {state['last_error']}")
    return "\n".join(lines)


class ConvertersController(PageController[ConvertersView]):
    """Keeps the converter table live and runs the editor and the file test."""

    def __init__(self, view: ConvertersView, bridge: ServiceBridge) -> None:
        super().__init__(view, bridge)
        self._entries: list[dict[str, Any]] = []
        self._states: dict[str, dict[str, Any]] = {}
        self._types: list[dict[str, Any]] = []
        self._editing: str | None = None  # name of the entry in the editor
        self._adding = False  # the editor holds a new, unsaved converter
        view.table.itemSelectionChanged.connect(self._selection_changed)
        view.add_button.clicked.connect(self.new_entry)
        view.toggle_button.clicked.connect(lambda: self.spawn(self.toggle_enabled()))
        view.delete_button.clicked.connect(lambda: self.spawn(self.delete_selected()))
        view.save_button.clicked.connect(lambda: self.spawn(self.save()))
        view.revert_button.clicked.connect(self._revert)
        view.run_test_button.clicked.connect(lambda: self.spawn(self.run_test()))
        view.type_box.currentIndexChanged.connect(self._type_changed)
        view.watch_field.browse.clicked.connect(lambda: self._browse(view.watch_field.edit))
        view.done_field.browse.clicked.connect(lambda: self._browse(view.done_field.edit))
        view.error_field.browse.clicked.connect(lambda: self._browse(view.error_field.edit))
        view.test_file_field.browse.clicked.connect(self._browse_test_file)
        self._update_buttons()

    # -- reading -----------------------------------------------------------------------------

    async def refresh(self) -> None:
        try:
            if not self._types:
                self._types = list(await self.bridge.request("list_converter_types"))
                self._fill_types()
            config = await self.bridge.request("get_config")
        except BridgeError as exc:
            self._status(f"Converters not available: {exc}", "error")
            return
        self._entries = [dict(e) for e in (config or {}).get("converters") or []]
        self._show_table()

    def on_status(self, status: dict[str, Any]) -> None:
        self._states = {
            str(state.get("name")): state
            for state in status.get("converters") or []
            if isinstance(state, dict)
        }
        if self._entries:
            self._show_table()

    def entry(self, name: str) -> dict[str, Any] | None:
        for entry in self._entries:
            if entry.get("name") == name:
                return entry
        return None

    def _show_table(self) -> None:
        selected = self.view.selected_name() or (None if self._adding else self._editing)
        rows = []
        for entry in self._entries:
            name = str(entry.get("name"))
            state = self._states.get(name)
            rows.append({
                "name": name,
                "state": state_text(entry, state),
                "folder": entry.get("watch_folder") or entry.get("schedule") or "",
                "converted": (state or {}).get("converted", 0),
                "failed": (state or {}).get("failed", 0),
                "tooltip": _tooltip(state),
            })  # fmt: skip
        blocker = self.view.table.blockSignals(True)
        try:
            self.view.show_converters(rows)
            self.view.select_name(selected)
        finally:
            self.view.table.blockSignals(blocker)
        if self.view.selected_name() is None and not self._adding and rows:
            self.view.select_name(rows[0]["name"])  # the editor shows the first one
        self._show_detail(self.view.selected_name())
        self._update_buttons()

    def _fill_types(self) -> None:
        box = self.view.type_box
        blocker = box.blockSignals(True)
        box.clear()
        for info in sorted(self._types, key=lambda t: str(t.get("name"))):
            label = f"{info.get('name')} — {info.get('description') or info.get('class_path')}"
            box.addItem(label, info.get("class_path"))
        box.addItem("Custom class…", CUSTOM_TYPE)
        box.blockSignals(blocker)

    # -- editor ------------------------------------------------------------------------------

    def new_entry(self) -> None:
        """Empty the editor for a new converter (Save adds it)."""
        blocker = self.view.table.blockSignals(True)
        self.view.table.clearSelection()
        self.view.table.blockSignals(blocker)
        self._editing = None
        self._adding = True
        self._load_editor({"enabled": True, "post_action": PostAction.MOVE.value})
        self.view.tabs.setCurrentIndex(0)
        self.view.name_edit.setFocus()
        self._status("New converter: fill in the settings, then Save.", "")
        self._update_buttons()

    def _load_editor(self, entry: Mapping[str, Any]) -> None:
        view = self.view
        view.name_edit.setText(str(entry.get("name") or ""))
        class_path = str(entry.get("class_path") or "")
        index = view.type_box.findData(class_path) if class_path else 0
        blocker = view.type_box.blockSignals(True)
        view.type_box.setCurrentIndex(index if index >= 0 else view.type_box.count() - 1)
        view.type_box.blockSignals(blocker)
        if not class_path and view.type_box.count():
            class_path = str(view.type_box.currentData() or "")
        view.class_edit.setText(class_path)
        view.class_edit.setReadOnly(view.type_box.currentData() != CUSTOM_TYPE)
        view.enabled_check.setChecked(bool(entry.get("enabled", True)))
        view.watch_field.edit.setText(str(entry.get("watch_folder") or ""))
        patterns = entry.get("patterns") or self._type_patterns(class_path)
        view.patterns_edit.setText(" ".join(str(p) for p in patterns))
        action = view.post_action_box.findData(entry.get("post_action") or PostAction.MOVE.value)
        view.post_action_box.setCurrentIndex(max(action, 0))
        view.done_field.edit.setText(str(entry.get("done_folder") or ""))
        view.error_field.edit.setText(str(entry.get("error_folder") or ""))
        view.timeout_spin.setValue(float(entry.get("timeout_s") or _DEFAULT_TIMEOUT_S))
        arguments = entry.get("arguments") or {}
        view.arguments_edit.setPlainText(json.dumps(arguments, indent=1) if arguments else "")

    def _type_patterns(self, class_path: str) -> list[str]:
        for info in self._types:
            if info.get("class_path") == class_path:
                return [str(p) for p in info.get("patterns") or []] or ["*"]
        return ["*"]

    def editor_entry(self) -> dict[str, Any]:
        """The entry the editor describes, over the original one (keys it does not show,
        such as ``schedule`` or thresholds, are kept).

        Raises:
            EditorError: no name, no class, or arguments that are not a JSON object.
        """
        view = self.view
        original = self.entry(self._editing) if self._editing is not None else None
        entry: dict[str, Any] = dict(original or {})
        name = view.name_edit.text().strip()
        if not name:
            raise EditorError("Give the converter a name.")
        class_path = view.class_edit.text().strip()
        if not class_path:
            raise EditorError("Choose a converter type or enter a class.")
        text = view.arguments_edit.toPlainText().strip()
        try:
            arguments = json.loads(text) if text else {}
        except ValueError as exc:
            raise EditorError(f"Arguments are not valid JSON: {exc}") from exc
        if not isinstance(arguments, dict):
            raise EditorError('Arguments must be a JSON object, like {"process_code": 50}.')

        def folder(text: str) -> str | None:
            return text.strip() or None

        entry.update(
            name=name,
            class_path=class_path,
            enabled=view.enabled_check.isChecked(),
            watch_folder=folder(view.watch_field.edit.text()),
            patterns=view.patterns_edit.text().split() or ["*"],
            post_action=view.post_action_box.currentData(),
            done_folder=folder(view.done_field.edit.text()),
            error_folder=folder(view.error_field.edit.text()),
            timeout_s=view.timeout_spin.value(),
            arguments=arguments,
        )
        return entry

    async def save(self) -> None:
        """Validate the editor locally, then let the service validate and store the entry."""
        try:
            entry = self.editor_entry()
        except EditorError as exc:
            self._status(str(exc), "error")
            return
        args: dict[str, Any] = {"entry": entry}
        if self._editing is not None:
            args["original_name"] = self._editing
        try:
            await self.bridge.request("save_converter", **args)
        except BridgeError as exc:
            self._status(f"Not saved: {exc}", "error")
            return
        self._editing = entry["name"]
        self._adding = False
        await self.refresh()
        self.view.select_name(entry["name"])
        self._status(f"Saved {entry['name']}; the service applies it now.", "ok")

    async def toggle_enabled(self) -> None:
        """Enable the selected converter if it is disabled, else disable it."""
        name = self.view.selected_name()
        entry = self.entry(name) if name else None
        if entry is None:
            return
        changed = {**entry, "enabled": not entry.get("enabled", True)}
        try:
            await self.bridge.request("save_converter", entry=changed, original_name=name)
        except BridgeError as exc:
            self._status(f"Not changed: {exc}", "error")
            return
        await self.refresh()
        word = "enabled" if changed["enabled"] else "disabled"
        self._status(f"{name} {word}.", "ok")
        self._load_editor(changed)

    async def delete_selected(self) -> None:
        name = self.view.selected_name()
        if name is None:
            return
        question = (
            f"Delete the converter {name}? Files already in its watch folder stay where they are."
        )
        if not self.view.confirm("Delete converter", question):
            return
        try:
            await self.bridge.request("delete_converter", name=name)
        except BridgeError as exc:
            self._status(f"Not deleted: {exc}", "error")
            return
        self.new_entry()
        await self.refresh()
        self._status(f"Deleted {name}.", "ok")

    def _revert(self) -> None:
        original = self.entry(self._editing) if self._editing is not None else None
        if original is None:
            self.new_entry()
        else:
            self._load_editor(original)
            self._status("Changes discarded.", "")

    # -- test a file -------------------------------------------------------------------------

    async def run_test(self) -> None:
        """Dry-run the selected converter on the chosen file and show what it would queue."""
        view = self.view
        name = self.view.selected_name()
        path = view.test_file_field.edit.text().strip()
        if name is None:
            self._test_result("Select a saved converter in the list first.", "error")
            return
        if not path:
            self._test_result("Choose a file to test.", "error")
            view.test_file_field.edit.setFocus()
            return
        view.run_test_button.setEnabled(False)
        self._test_result(f"Testing {Path(path).name} with {name}…", "")
        try:
            result = await self.bridge.request("test_converter", path=path, converter=name)
        except BridgeError as exc:
            self._test_result(f"The test could not run: {exc}", "error")
            return
        finally:
            view.run_test_button.setEnabled(True)
        self.show_test_result(result)

    def show_test_result(self, result: Mapping[str, Any]) -> None:
        reports = list(result.get("reports") or [])
        self.view.show_reports(reports)
        lines = [f"Problem: {p}" for p in result.get("problems") or []]
        lines += [f"Warning: {w}" for w in result.get("warnings") or []]
        lines += [f"Log {line}" for line in result.get("logs") or []]
        self.view.test_messages.setPlainText("\n".join(lines))
        count = len(reports)
        if result.get("ok"):
            text = f"OK: {count} report{'s' if count != 1 else ''} would be queued."
            self._test_result(text, "ok")
        elif result.get("error"):
            self._test_result(f"Failed: {result['error']}", "error")
        else:
            self._test_result(f"{count} report(s), but the checks failed (see below).", "error")

    # -- slots and helpers -------------------------------------------------------------------

    def _selection_changed(self) -> None:
        name = self.view.selected_name()
        if name is not None and (name != self._editing or self._adding):
            entry = self.entry(name)
            if entry is not None:
                self._editing = name
                self._adding = False
                self._load_editor(entry)
        self._show_detail(name)
        self._update_buttons()

    def _show_detail(self, name: str | None) -> None:
        state = self._states.get(name) if name else None
        self.view.detail_label.setText(_tooltip(state) if state else "")

    def _type_changed(self, _index: int) -> None:
        view = self.view
        data = view.type_box.currentData()
        custom = data == CUSTOM_TYPE
        view.class_edit.setReadOnly(not custom)
        if custom:
            view.class_edit.clear()
            view.class_edit.setFocus()
            return
        previous = view.class_edit.text().strip()
        if view.patterns_edit.text().split() in ([], self._type_patterns(previous)):
            view.patterns_edit.setText(" ".join(self._type_patterns(str(data))))
        view.class_edit.setText(str(data or ""))

    def _browse(self, edit: Any) -> None:
        folder = self.view.choose_folder("Choose a folder", edit.text() or str(Path.home()))
        if folder:
            edit.setText(folder)

    def _browse_test_file(self) -> None:
        edit = self.view.test_file_field.edit
        watch = self.view.watch_field.edit.text()
        path = self.view.choose_file(edit.text() or watch or str(Path.home()))
        if path:
            edit.setText(path)

    def _update_buttons(self) -> None:
        name = self.view.selected_name()
        entry = self.entry(name) if name else None
        self.view.toggle_button.setEnabled(entry is not None)
        self.view.delete_button.setEnabled(entry is not None)
        enabled = bool(entry.get("enabled", True)) if entry else True
        self.view.toggle_button.setText("Disab&le" if enabled else "Enab&le")

    def _status(self, text: str, state: str) -> None:
        self.view.status_label.setText(text)
        set_role(self.view.status_label, "state", state)

    def _test_result(self, text: str, state: str) -> None:
        self.view.test_result_label.setText(text)
        set_role(self.view.test_result_label, "state", state)
