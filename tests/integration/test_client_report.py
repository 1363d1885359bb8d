"""AsyncWATS against the real emulator over loopback HTTP: reports, errors, retries."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pywats import (
    AsyncWATS,
    AuthenticationError,
    ErrorMode,
    NotFoundError,
    RetryConfig,
    Station,
    UURReport,
    UUTReport,
    ValidationError,
    parse_report,
)
from pywats.core.retry import RetryReason
from pywats.core.throttle import RateLimiter
from pywats.tools import ReportBuilder
from pywats_emulator.testing import EmulatorServer

STATION = Station("PYWATS-IT-01", "Integration lab", "Development")
FAST_RETRY = RetryConfig(base_delay_s=0.01, max_delay_s=2.0)


def uut_report(
    serial: str, *, part: str = "PN-IT-1", result: str = "P", **extra: Any
) -> dict[str, Any]:
    """A small valid UUT report as WSJF data, without station fields (the client adds them)."""
    return {
        "type": "T",
        "pn": part,
        "sn": serial,
        "rev": "A",
        "processCode": 100,
        "result": result,
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {
            "group": "M",
            "stepType": "SequenceCall",
            "name": "MainSequence Callback",
            "status": result,
            "steps": [
                {
                    "group": "M",
                    "stepType": "ET_NLT",
                    "name": "Voltage",
                    "status": result,
                    "numericMeas": [
                        {
                            "compOp": "GELE",
                            "status": result,
                            "value": 5.01,
                            "lowLimit": 4.9,
                            "highLimit": 5.1,
                            "unit": "V",
                        }
                    ],
                }
            ],
        },
        **extra,
    }


def client(server: EmulatorServer, **kwargs: Any) -> AsyncWATS:
    options: dict[str, Any] = {
        "station": STATION,
        "retry": FAST_RETRY,
        "rate_limiter": RateLimiter(),
        **kwargs,
    }
    return AsyncWATS(server.url, server.token, **options)


@pytest.mark.anyio
async def test_submit_dict_then_read_it_back(wats_emulator: EmulatorServer) -> None:
    data = uut_report("SN-IT-0001")
    async with client(wats_emulator) as wats:
        report_id = await wats.report.submit_report(data)
        report = await wats.report.get_report(report_id)
    uuid.UUID(report_id)  # a GUID was generated for the id-less dict
    assert "id" not in data, "the caller's dict must not be modified"
    assert isinstance(report, UUTReport)
    assert str(report.id) == report_id
    assert (report.serial_number, report.part_number, report.process_code) == (
        "SN-IT-0001",
        "PN-IT-1",
        100,
    )
    # Station identity reached the stored report.
    assert (report.machine_name, report.location, report.purpose) == (
        "PYWATS-IT-01",
        "Integration lab",
        "Development",
    )
    assert report.root is not None
    assert report.root.steps is not None
    assert report.root.steps[0].name == "Voltage"


@pytest.mark.anyio
async def test_caller_identity_and_id_win_over_the_station(wats_emulator: EmulatorServer) -> None:
    fixed_id = str(uuid.uuid4())
    model = parse_report(
        uut_report("SN-IT-0002", id=fixed_id, machineName="OTHER-STATION", purpose="Repair")
    )
    async with client(wats_emulator) as wats:
        report_id = await wats.report.submit(model)  # alias of submit_report
        stored = await wats.report.get_report(report_id)
    assert report_id == fixed_id
    assert stored is not None
    assert stored.machine_name == "OTHER-STATION"
    assert stored.purpose == "Repair"
    assert stored.location == "Integration lab"  # only the missing field was filled
    assert model.machine_name == "OTHER-STATION"


@pytest.mark.anyio
async def test_built_model_gets_the_station_and_stays_unchanged(
    wats_emulator: EmulatorServer,
) -> None:
    built = ReportBuilder.uut(
        part_number="PN-IT", serial_number="SN-IT-BUILT", revision="A", process_code=50
    )
    built.root.numeric("VCC", 3.3, low=3.2, high=3.4, unit="V")
    model = built.build()
    async with client(wats_emulator) as wats:
        report_id = await wats.report.submit_report(model)
        stored = await wats.report.get_report(report_id)
    assert report_id == str(model.id)
    assert stored is not None
    assert (stored.machine_name, stored.location) == (wats.station.name, "Integration lab")
    assert model.machine_name is None  # the caller's model is not modified
    assert model.location is None


@pytest.mark.anyio
async def test_resubmitting_the_same_id_overwrites(wats_emulator: EmulatorServer) -> None:
    data = uut_report("SN-IT-0003", id=str(uuid.uuid4()))
    async with client(wats_emulator) as wats:
        first = await wats.report.submit_report(data)
        second = await wats.report.submit_report({**data, "result": "F"})
        headers = await wats.report.get_headers_by_serial("SN-IT-0003")
    assert first == second == data["id"]
    assert [str(h.uuid) for h in headers] == [first]


@pytest.mark.anyio
async def test_header_queries(wats_emulator: EmulatorServer) -> None:
    async with client(wats_emulator) as wats:
        ids = [
            await wats.report.submit_report(uut_report(f"SN-Q-{i}", part=part))
            for i, part in enumerate(["PN-A", "PN-A", "PN-B"])
        ]
        by_part = await wats.report.get_headers_by_part_number("PN-A")
        by_serial = await wats.report.get_headers_by_serial("SN-Q-2")
        page = await wats.report.query_uut_headers(orderby="serialNumber asc", top=2, skip=1)
        everything = await wats.report.query_headers("U", filter="partNumber eq 'PN-B'")
        repairs = await wats.report.query_uur_headers()
        now = datetime.now(timezone.utc)
        in_2026 = await wats.report.get_headers_by_date_range(
            datetime(2026, 1, 1, tzinfo=timezone.utc), now + timedelta(days=3650)
        )
    assert sorted(str(h.uuid) for h in by_part) == sorted(ids[:2])
    assert [h.serial_number for h in by_serial] == ["SN-Q-2"]
    assert [h.serial_number for h in page] == ["SN-Q-1", "SN-Q-2"]
    assert [str(h.uuid) for h in everything] == [ids[2]]
    assert repairs == []
    assert len(in_2026) == 3


@pytest.mark.anyio
async def test_rejected_report_raises_validation_error_with_the_server_reason(
    wats_emulator: EmulatorServer,
) -> None:
    async with client(wats_emulator) as wats:
        with pytest.raises(ValidationError) as info:
            await wats.report.submit_report(uut_report("SN-IT-0004", processCode=7777))
        assert wats.retry_stats.retries == 0  # a 400 is final
    error = info.value
    assert error.status_code == 400
    assert error.method == "POST"
    assert error.url.endswith("/api/Report/WSJF")
    assert error.operation == "submit_report"
    assert error.server_message is not None
    assert "7777" in error.server_message
    assert "submit_report: POST" in str(error)


@pytest.mark.anyio
async def test_not_found_strict_raises_lenient_returns_none(wats_emulator: EmulatorServer) -> None:
    missing = uuid.uuid4()
    async with client(wats_emulator) as wats:
        with pytest.raises(NotFoundError) as info:
            await wats.report.get_report(missing)
    assert str(missing) in info.value.url
    async with client(wats_emulator, error_mode=ErrorMode.LENIENT) as wats:
        assert await wats.report.get_report(missing) is None


@pytest.mark.anyio
async def test_bad_token_is_an_authentication_error(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, "not-the-token", rate_limiter=RateLimiter()) as wats:
        with pytest.raises(AuthenticationError) as info:
            await wats.analytics.get_version()
        assert wats.retry_stats.retries == 0
        assert await wats.test_connection() is False
    assert info.value.status_code == 401
    assert "not-the-token" not in str(info.value)


@pytest.mark.anyio
async def test_app_basics(wats_emulator: EmulatorServer) -> None:
    async with client(wats_emulator) as wats:
        version = await wats.analytics.get_version()
        processes = await wats.analytics.get_processes(include_test_operations=True)
        levels = await wats.analytics.get_levels()
        groups = await wats.analytics.get_product_groups()
        assert await wats.test_connection() is True
    assert isinstance(version, str)
    assert version
    end_of_line = next(p for p in processes if p.code == 100)
    assert end_of_line.is_test_operation is True
    assert end_of_line.name
    assert isinstance(levels, list)
    assert isinstance(groups, list)


@pytest.mark.anyio
async def test_429_with_retry_after_is_retried(wats_emulator: EmulatorServer) -> None:
    wats_emulator.faults.configure(rate_limit_count=2, retry_after_s=0)
    async with client(wats_emulator) as wats:
        version = await wats.analytics.get_version()
        stats = wats.retry_stats
    assert version
    assert stats.by_reason == {RetryReason.RATE_LIMITED: 2}
    assert stats.attempts == 3


@pytest.mark.anyio
async def test_outage_503_is_retried_until_the_server_is_back(
    wats_emulator: EmulatorServer,
) -> None:
    wats_emulator.faults.configure(outage_s=1.0)  # 503 + Retry-After: 1 for one second
    async with client(wats_emulator) as wats:
        report_id = await wats.report.submit_report(uut_report("SN-IT-0005"))  # POST, idempotent
        stored = await wats.report.get_report(report_id)
        stats = wats.retry_stats
    assert stored is not None
    assert stats.by_reason.get(RetryReason.SERVER_ERROR, 0) >= 1


@pytest.mark.anyio
async def test_persistent_server_errors_end_in_server_error(wats_emulator: EmulatorServer) -> None:
    from pywats import ServerError

    wats_emulator.faults.configure(outage=True)
    async with client(wats_emulator, retry=RetryConfig(max_attempts=2, max_delay_s=0.01)) as wats:
        with pytest.raises(ServerError) as info:
            await wats.analytics.get_levels()
        assert wats.retry_stats.gave_up == 1
    assert info.value.status_code == 503


@pytest.mark.anyio
async def test_uur_report_round_trip(wats_emulator: EmulatorServer) -> None:
    async with client(wats_emulator) as wats:
        uut_id = await wats.report.submit_report(uut_report("SN-IT-0006", result="F"))
        repair = {
            "type": "R",
            "pn": "PN-IT-1",
            "sn": "SN-IT-0006",
            "rev": "A",
            "processCode": 500,
            "result": "P",
            "start": "2026-01-31T09:00:00+01:00",
            "uur": {"user": "repairer", "processCode": 100, "refUUT": uut_id, "active": True},
            "subUnits": [{"idx": 0, "sn": "SN-IT-0006", "pn": "PN-IT-1", "rev": "A"}],
        }
        uur_id = await wats.report.submit_report(repair)
        stored = await wats.report.get_report(uur_id)
        headers = await wats.report.query_uur_headers(filter="serialNumber eq 'SN-IT-0006'")
    assert isinstance(stored, UURReport)
    assert stored.machine_name == "PYWATS-IT-01"
    assert [str(h.uuid) for h in headers] == [uur_id]
