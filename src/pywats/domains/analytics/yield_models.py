"""Rows of the yield and OEE endpoints (wats-api.md §2.2, KPIs of §4).

Yields are percentages (0-100). A yield row carries the KPIs plus the dimension keys it was
grouped by; every documented dimension and KPI is a typed field, and keys a newer server adds
are kept (``model_extra``).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from pywats.domains.report.models.base import WatsModel, WatsNumber

__all__ = ["OeeAnalysisResult", "YieldData"]


class YieldData(WatsModel):
    """One row of DynamicYield, VolumeYield, HighVolume, WorstYield (+ by product group).

    ``fpy``/``spy``/``tpy``/``lpy``: first-, second-, third- and last-pass yield in percent
    of ``unit_count`` (units counted once per process, by their first run in the window).
    """

    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    product_name: str | None = Field(default=None, alias="productName")
    product_group: str | None = Field(default=None, alias="productGroup")
    station_name: str | None = Field(default=None, alias="stationName")
    test_operation: str | None = Field(default=None, alias="testOperation")
    period: str | int | None = None
    location: str | None = None
    purpose: str | None = None
    process_code: int | None = Field(default=None, alias="processCode")
    sw_filename: str | None = Field(default=None, alias="swFilename")
    sw_version: str | None = Field(default=None, alias="swVersion")
    level: str | None = None
    batch_number: str | None = Field(default=None, alias="batchNumber")
    operator: str | None = None
    fixture_id: str | None = Field(default=None, alias="fixtureId")
    socket_index: int | None = Field(default=None, alias="socketIndex")
    error_code: int | None = Field(default=None, alias="errorCode")
    step_caused_uut_failure: str | None = Field(default=None, alias="stepCausedUutFailure")
    step_path_caused_uut_failure: str | None = Field(default=None, alias="stepPathCausedUutFailure")
    misc_info_description: str | None = Field(default=None, alias="miscInfoDescription")
    misc_info_string: str | None = Field(default=None, alias="miscInfoString")
    asset_serial_number: str | None = Field(default=None, alias="assetSerialNumber")
    asset_name: str | None = Field(default=None, alias="assetName")
    unit_type: str | None = Field(default=None, alias="unitType")
    unit_count: int | None = Field(default=None, alias="unitCount")
    fp_count: int | None = Field(default=None, alias="fpCount")
    sp_count: int | None = Field(default=None, alias="spCount")
    tp_count: int | None = Field(default=None, alias="tpCount")
    lp_count: int | None = Field(default=None, alias="lpCount")
    fp_fail_count: int | None = Field(default=None, alias="fpFailCount")
    sp_fail_count: int | None = Field(default=None, alias="spFailCount")
    tp_fail_count: int | None = Field(default=None, alias="tpFailCount")
    lp_fail_count: int | None = Field(default=None, alias="lpFailCount")
    fpy: WatsNumber | None = None
    spy: WatsNumber | None = None
    tpy: WatsNumber | None = None
    lpy: WatsNumber | None = None
    ppm_fpy: WatsNumber | None = Field(default=None, alias="ppmFpy")
    ppm_spy: WatsNumber | None = Field(default=None, alias="ppmSpy")
    ppm_tpy: WatsNumber | None = Field(default=None, alias="ppmTpy")
    ppm_lpy: WatsNumber | None = Field(default=None, alias="ppmLpy")
    ppm_test_yield: WatsNumber | None = Field(default=None, alias="ppmTestYield")
    test_yield_count: int | None = Field(default=None, alias="testYieldCount")
    test_report_count: int | None = Field(default=None, alias="testReportCount")
    test_yield: WatsNumber | None = Field(default=None, alias="testYield")
    retest_count: int | None = Field(default=None, alias="retestCount")
    first_utc: datetime | None = Field(default=None, alias="firstUtc")
    last_utc: datetime | None = Field(default=None, alias="lastUtc")


class OeeAnalysisResult(WatsModel):
    """Overall equipment effectiveness (``POST /api/App/OeeAnalysis``).

    ``oee``, ``availability``, ``performance`` and ``quality`` are percentages; times are in
    seconds (the emulator's unit; the real server's is not documented).
    """

    oee: WatsNumber | None = None
    availability: WatsNumber | None = None
    performance: WatsNumber | None = None
    quality: WatsNumber | None = None
    total_time_s: WatsNumber | None = Field(default=None, alias="totalTime")
    run_time_s: WatsNumber | None = Field(default=None, alias="runTime")
    down_time_s: WatsNumber | None = Field(default=None, alias="downTime")
    planned_production_time_s: WatsNumber | None = Field(
        default=None, alias="plannedProductionTime"
    )
    total_count: int | None = Field(default=None, alias="totalCount")
    good_count: int | None = Field(default=None, alias="goodCount")
    reject_count: int | None = Field(default=None, alias="rejectCount")
    ideal_cycle_time_s: WatsNumber | None = Field(default=None, alias="idealCycleTime")
    actual_cycle_time_s: WatsNumber | None = Field(default=None, alias="actualCycleTime")
    period: str | int | None = None
    part_number: str | None = Field(default=None, alias="partNumber")
    station_name: str | None = Field(default=None, alias="stationName")
