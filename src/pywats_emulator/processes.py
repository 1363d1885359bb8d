"""The process table every endpoint and the report validator read.

One in-memory, read-only table built from :mod:`pywats_emulator.seed`: WATS exposes processes
only for reading (``wats-api.md`` §2.2, §2.8), so there is nothing to persist, and one object
keeps the camelCase, PascalCase and validation views consistent.
"""

from __future__ import annotations

from collections.abc import Iterable

from pywats_emulator.seed import (
    PROCESSES,
    REPAIR_OPERATIONS,
    Process,
    ProcessState,
    RepairOperation,
)

__all__ = ["ProcessTable"]


class ProcessTable:
    """Processes by code plus the repair configuration of each repair process."""

    def __init__(
        self,
        processes: Iterable[Process] = PROCESSES,
        repair_operations: Iterable[RepairOperation] = REPAIR_OPERATIONS,
    ) -> None:
        self._by_code = {p.code: p for p in sorted(processes, key=lambda p: p.process_index)}
        self._repair = {r.code: r for r in repair_operations}

    def get(self, code: int) -> Process | None:
        return self._by_code.get(code)

    def by_guid(self, guid: str) -> Process | None:
        wanted = guid.lower()
        return next((p for p in self._by_code.values() if p.process_id == wanted), None)

    def all(self) -> list[Process]:
        return list(self._by_code.values())

    def select(
        self,
        *,
        test: bool = True,
        repair: bool = True,
        wip: bool = True,
        inactive: bool = False,
    ) -> list[Process]:
        """Processes of the requested kinds (the query flags of ``/api/App/Processes``)."""
        chosen = []
        for process in self._by_code.values():
            if process.state is ProcessState.INACTIVE and not inactive:
                continue
            if (
                (test and process.is_test_operation)
                or (repair and process.is_repair_operation)
                or (wip and process.is_wip_operation)
            ):
                chosen.append(process)
        return chosen

    def repair_operation(self, code: int) -> RepairOperation | None:
        return self._repair.get(code)

    def repair_operations(self) -> list[RepairOperation]:
        return list(self._repair.values())
