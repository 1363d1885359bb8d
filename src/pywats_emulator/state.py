"""Everything one emulator instance shares between routers, middleware and the test harness.

Routers get it with ``Depends(get_state)``; it lives on ``app.state.emulator``. Later domain
routers (product, asset, production...) take their tables from the same ``storage``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from pywats_emulator.config import EmulatorConfig
from pywats_emulator.errors import ApiError
from pywats_emulator.faults import FaultInjector
from pywats_emulator.middleware import RequestStats
from pywats_emulator.processes import ProcessTable
from pywats_emulator.reports import OutputContext, build_record
from pywats_emulator.schema import domain_schemas
from pywats_emulator.seed import LEVELS, Level
from pywats_emulator.storage import Storage
from pywats_emulator.validation import ReportValidator

__all__ = ["EmulatorState", "get_state"]

_ORIGIN_KEY = "origin"
_PROBLEMS_IN_MESSAGE = 50


@dataclass
class EmulatorState:
    config: EmulatorConfig
    storage: Storage
    faults: FaultInjector
    stats: RequestStats
    processes: ProcessTable
    validator: ReportValidator
    levels: tuple[Level, ...]
    origin: str

    @classmethod
    def create(cls, config: EmulatorConfig) -> EmulatorState:
        storage = Storage(config.db_path)
        for schema in domain_schemas():
            storage.ensure_schema(schema.sql)
        processes = ProcessTable()
        # One origin per database, so a file-backed emulator keeps it across restarts.
        origin = config.origin or storage.meta_set_default(_ORIGIN_KEY, str(uuid.uuid4()))
        return cls(
            config=config,
            storage=storage,
            faults=FaultInjector(config.faults),
            stats=RequestStats(),
            processes=processes,
            validator=ReportValidator(processes, check_fail_codes=config.check_fail_codes),
            levels=LEVELS,
            origin=origin,
        )

    def submit_report(self, report: Any) -> str:
        """Validate and upsert a parsed WSJF report; return its id.

        Raises:
            ApiError: 400 listing every validation problem.
        """
        problems = self.validator.validate(report)
        if problems:
            shown = "; ".join(problems[:_PROBLEMS_IN_MESSAGE])
            more = len(problems) - _PROBLEMS_IN_MESSAGE
            suffix = f"; ... and {more} more" if more > 0 else ""
            count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
            raise ApiError(400, f"report rejected ({count}): {shown}{suffix}", errors=problems)
        body = json.dumps(report, ensure_ascii=False, separators=(",", ":"))
        self.storage.upsert_report(build_record(report, body, self.processes))
        return str(report["id"])

    def reset(self) -> None:
        """Delete every stored report and every domain's rows (``/_emulator/reset``)."""
        self.storage.clear_reports()
        for schema in domain_schemas():
            self.storage.clear_tables(schema.tables)

    def output_context(self) -> OutputContext:
        return OutputContext(
            processes=self.processes,
            origin=self.origin,
            product_name=self.storage.product_name,
            referencing_uurs=self.storage.referencing_uurs,
        )

    def close(self) -> None:
        self.storage.close()


def get_state(request: Request) -> EmulatorState:
    """FastAPI dependency: the emulator state of the app serving this request."""
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    return state
