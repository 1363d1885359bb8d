"""Production units against the emulator over loopback: save, read, phase, process, changes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from production_support import async_client, sync_client, uut

from pywats import ErrorMode
from pywats.core.errors import ConflictError, NotFoundError, ValidationError
from pywats.domains.product.models import Setting
from pywats.domains.production import Batch, Unit, UnitPhase
from pywats_emulator.testing import EmulatorServer

pytestmark = pytest.mark.anyio


async def test_create_units_and_get_unit_round_trip(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        saved = await api.production.create_units(
            [
                Unit(
                    serial_number="SN-1",
                    part_number="PN-1",
                    revision="A",
                    batch_number="B7",
                    serial_date=datetime(2026, 3, 1, 8, 30, tzinfo=timezone.utc),
                    tags=[Setting(key="color", value="red")],
                ),
                {"serialNumber": "SN-2", "partNumber": "PN-1", "vendorKey": {"lot": 9}},
            ]
        )
        assert [u.serial_number for u in saved] == ["SN-1", "SN-2"]
        unit = await api.production.get_unit("SN-1", "PN-1")
        other = await api.production.get_unit("SN-2", "PN-1")
    assert unit is not None
    assert other is not None
    assert (unit.revision, unit.batch_number) == ("A", "B7")
    assert unit.serial_date == datetime(2026, 3, 1, 8, 30, tzinfo=timezone.utc)
    assert unit.unit_phase_id is UnitPhase.UNDER_PRODUCTION
    assert unit.unit_phase == "Under production"
    assert [(t.key, t.value) for t in unit.tags or []] == [("color", "red")]
    assert other.model_extra is not None
    assert other.model_extra["vendorKey"] == {"lot": 9}


async def test_update_unit_changes_only_what_is_given(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        await api.production.save_units([{"serialNumber": "S", "partNumber": "P", "revision": "A",
                                          "currentLocation": "Line 1"}])  # fmt: skip
        updated = await api.production.update_unit(
            {"serialNumber": "S", "partNumber": "P", "revision": "B"}
        )
        changes = await api.production.get_unit_changes("S", "P")
    assert (updated.revision, updated.current_location) == ("B", "Line 1")
    assert [c.new_revision for c in changes] == ["A", "B"]
    assert changes[0].new_part_number == "P"  # creation carries the part number


async def test_invalid_units_are_rejected_all_at_once(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        with pytest.raises(ValidationError) as caught:
            await api.production.create_units(
                [
                    {"serialNumber": "OK", "partNumber": "P", "processCode": 4242},
                    {"serialNumber": "X", "partNumber": ""},
                    {"serialNumber": "Y", "partNumber": "P", "serialDate": "yesterday"},
                ]
            )
        message = str(caught.value)
        assert "units[2].serialDate: not an ISO-8601 datetime" in message
        assert "units[0].processCode: unknown process 4242" in message
        assert "units[1].partNumber: required" in message
        with pytest.raises(ValidationError, match=r"tags\[0\].change: must be 0 \(none\)"):
            await api.production.create_units(
                [{"serialNumber": "OK", "partNumber": "P", "tags": [{"key": "k", "change": 9}]}]
            )
        with pytest.raises(NotFoundError):
            await api.production.get_unit("OK", "P")  # nothing of the request was stored


async def test_unknown_unit_is_not_found_and_none_when_lenient(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as api:
        with pytest.raises(NotFoundError, match="'NOPE'.*'PN-X'"):
            await api.production.get_unit("NOPE", "PN-X")
    async with async_client(wats_emulator, error_mode=ErrorMode.LENIENT) as lenient:
        assert await lenient.production.get_unit("NOPE", "PN-X") is None


async def test_a_reported_unit_exists_without_being_saved(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        await api.report.submit_report(uut("R-1", "PN-R", process_code=90, revision="C"))
        unit = await api.production.get_unit("R-1", "PN-R")
    assert unit is not None
    assert (unit.revision, unit.process_code) == ("C", 90)


async def test_set_unit_phase_by_enum_id_and_name(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await production.create_units([{"serialNumber": "S", "partNumber": "P"}])
        await production.set_unit_phase("S", "P", UnitPhase.EXTENDED_TEST, comment="soak")
        await production.set_unit_phase("S", "P", 16)
        phase = await production.get_unit_phase("S", "P")
        await production.set_unit_phase("S", "P", "in storage")
        unit = await production.get_unit("S", "P")
        history = await production.get_unit_state_history("S", "P")
        changes = await production.get_unit_changes("S", "P")
    assert phase is not None
    assert (phase.unit_phase_id, phase.name, phase.code) == (16, "Finalized", "Finalized")
    assert unit is not None
    assert unit.unit_phase_id is UnitPhase.IN_STORAGE
    assert [h.unit_phase_id for h in history] == [2, 64, 16, 1024]
    assert history[1].comment == "soak"
    assert [c.new_unit_phase_id for c in changes] == [2, 64, 16, 1024]


async def test_unknown_phase_lists_the_valid_ones(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        await api.production.create_units([{"serialNumber": "S", "partNumber": "P"}])
        with pytest.raises(
            ValidationError, match=r"unknown unit phase 'Shipping'.*16 \(Finalized\)"
        ):
            await api.production.set_unit_phase("S", "P", "Shipping")
        with pytest.raises(ValueError, match="positive"):
            await api.production.set_unit_phase("S", "P", 0)


async def test_set_unit_process(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await production.create_units([{"serialNumber": "S", "partNumber": "P"}])
        assert await production.get_unit_process("S", "P") is None
        await production.set_unit_process("S", "P", 90, comment="to burn-in")
        process = await production.get_unit_process("S", "P")
        info = await production.get_unit_info("S", "P")
        with pytest.raises(
            ValidationError, match=r"unknown process code 7.*100 \(End of line test\)"
        ):
            await production.set_unit_process("S", "P", 7)
        with pytest.raises(NotFoundError):
            await production.set_unit_process("GHOST", "P", 90)
        changes = await production.get_unit_changes("S", "P")
    assert process is not None
    assert (process.code, process.name) == (90, "Burn In test")
    assert info is not None
    assert (info.process_code, info.process_name) == (90, "Burn In test")
    assert changes[-1].new_process_code == 90
    assert changes[-1].comment == "to burn-in"


async def test_unit_changes_page_and_delete(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await production.create_units(
            [{"serialNumber": f"S{i}", "partNumber": "P"} for i in range(5)]
        )
        page = await production.get_unit_changes(top=2, skip=1)
        assert [c.unit_serial_number for c in page] == ["S1", "S2"]
        assert page[0].id is not None
        await production.delete_unit_change(page[0].id)
        remaining = await production.get_unit_changes()
        assert "S1" not in [c.unit_serial_number for c in remaining]
        with pytest.raises(NotFoundError, match=f"unit change {page[0].id} not found"):
            await production.delete_unit_change(page[0].id)
        with pytest.raises(ValueError, match="top"):
            await production.get_unit_changes(top=-1)


async def test_create_unit_internal_and_conflict(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        created = await api.production.create_unit(
            "C-1", "PN-C", "B", batch_number="LOT-1", unit_phase="Finalized"
        )
        assert created is not None
        assert (created.revision, created.batch_number) == ("B", "LOT-1")
        assert created.unit_phase_id is UnitPhase.FINALIZED
        with pytest.raises(ConflictError, match="exists already"):
            await api.production.create_unit("C-1", "PN-C", "B")


async def test_get_unit_by_serial(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await production.create_units(
            [
                {"serialNumber": "ONE", "partNumber": "P1"},
                {"serialNumber": "TWO", "partNumber": "P1"},
                {"serialNumber": "TWO", "partNumber": "P2"},
            ]
        )
        unique = await production.get_unit_by_serial("ONE")
        assert unique is not None
        assert unique.part_number == "P1"
        with pytest.raises(ValidationError, match="P1, P2: give partNumber"):
            await production.get_unit_by_serial("TWO")
        chosen = await production.get_unit_by_serial("TWO", "P2")
        assert chosen is not None
        assert chosen.part_number == "P2"
        with pytest.raises(NotFoundError):
            await production.get_unit_by_serial("NONE")


async def test_unit_info_counts_reports(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        await api.report.submit_report(uut("I-1", "PN-I", result="F", minute=1))
        await api.report.submit_report(uut("I-1", "PN-I", result="P", minute=2))
        info = await api.production.get_unit_info("I-1", "PN-I")
    assert info is not None
    assert (info.test_report_count, info.repair_report_count, info.last_result) == (2, 0, "Passed")
    assert info.first_test_utc is not None
    assert info.first_test_utc.minute == 1


async def test_reference_data_and_connection(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        phases = await api.production.get_unit_phases()
        sites = await api.production.get_sites()
        connected = await api.production.is_connected()
    assert [p.unit_phase_id for p in phases] == [int(p) for p in UnitPhase]
    assert phases[4].name == "Finalized"
    assert sites
    assert sites[0].name == "Headquarters"
    assert connected is True


async def test_batches(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        one = await production.save_batch(
            Batch(batch_number="LOT-1", batch_size=10, part_number="P")
        )
        many = await production.save_batches(
            [{"batchNumber": "LOT-2", "batchSize": 5}, {"batchNumber": "LOT-1", "batchSize": 12,
                                                         "partNumber": "P"}]
        )  # fmt: skip
        await production.create_units(
            [{"serialNumber": "S", "partNumber": "P", "batchNumber": "LOT-1"}]
        )
        of_part = await production.get_batches(part_number="P")
        assert one is not None
        by_id = await production.get_batches(batch_id=one.batch_id)
        with pytest.raises(ValidationError, match=r"batches\[0\].batchSize"):
            await production.save_batch({"batchNumber": "BAD", "batchSize": -1})
    assert many[1].batch_id == one.batch_id  # same key: updated, not duplicated
    assert [(b.batch_number, b.batch_size, b.unit_count) for b in of_part] == [("LOT-1", 12, 1)]
    assert [b.batch_number for b in by_id] == ["LOT-1"]


async def test_plainly_wrong_arguments_fail_before_any_request(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as api:
        with pytest.raises(ValueError, match="serial_number"):
            await api.production.get_unit(" ", "P")
        with pytest.raises(ValueError, match="at least one unit"):
            await api.production.create_units([])
        with pytest.raises(TypeError, match="list of units"):
            await api.production.create_units({"serialNumber": "S"})  # type: ignore[arg-type]
    assert wats_emulator.stats()["requests_total"] == 0


def test_sync_client_mirrors_the_async_one(wats_emulator: EmulatorServer) -> None:
    with sync_client(wats_emulator) as api:
        api.production.save_units([{"serialNumber": "Y-1", "partNumber": "PN-Y"}])
        api.production.set_unit_phase("Y-1", "PN-Y", UnitPhase.SHIPPED)
        unit = api.production.get_unit("Y-1", "PN-Y")
        verification = api.production.get_unit_grade("Y-1", "PN-Y")
    assert unit is not None
    assert unit.unit_phase == "Shipped"
    assert verification is not None
    assert verification.status == "NotTested"
