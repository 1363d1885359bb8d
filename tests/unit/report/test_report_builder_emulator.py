"""Reports the builder makes pass the emulator's submit validation (wats-api.md §8.3).

The emulator checks raw JSON without importing pyWATS, so this is an independent check of the
builder against the server rules (required fields, lengths, letters, known process codes).
"""

from __future__ import annotations

import pytest
from report_built_samples import build_full_uut

from pywats.domains.report.models import ReportResult
from pywats.tools import ReportBuilder
from pywats_emulator.processes import ProcessTable
from pywats_emulator.validation import ReportValidator

STATION = {"station_name": "STATION-07", "location": "Line 2", "purpose": "Production"}


@pytest.fixture
def validator() -> ReportValidator:
    return ReportValidator(ProcessTable())


def test_full_uut_passes_emulator_validation(validator: ReportValidator) -> None:
    report = build_full_uut()
    assert validator.validate(report.to_wsjf()) == []


@pytest.mark.parametrize("process_code", [10, 50, 90, 100])
def test_uut_for_every_test_operation(validator: ReportValidator, process_code: int) -> None:
    uut = ReportBuilder.uut(
        part_number="PCB-100", serial_number="SN-1", revision="A", process_code=process_code,
        **STATION,
    )  # fmt: skip
    uut.root.numeric("VCC", float("nan"), low=3.2, high=3.4)
    report = uut.build()
    assert report.result is ReportResult.FAILED
    assert validator.validate(report.to_wsjf()) == []


def test_uut_without_station_fields_needs_the_station_service(validator: ReportValidator) -> None:
    report = ReportBuilder.uut(
        part_number="PCB-100", serial_number="SN-1", revision="A", process_code=50
    ).build()
    problems = validator.validate(report.to_wsjf())
    assert any("machineName" in problem for problem in problems)


@pytest.mark.parametrize("repair_code", [500, 510])
def test_uur_passes_emulator_validation(validator: ReportValidator, repair_code: int) -> None:
    uur = ReportBuilder.uur_for(
        build_full_uut(), process_code=repair_code, operator="tech", **STATION
    )
    uur.failure("Component", "Defective", com_ref="U7", ref_step=4)
    uur.attach(b"photo", name="p.png", content_type="image/png")
    uur.misc_info("Note", "bench 3")
    assert validator.validate(uur.build().to_wsjf()) == []
