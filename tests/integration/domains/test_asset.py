"""Assets and asset types through AsyncWATS against the emulator: upserts, reads, queries,
sub-assets, delete, and every error a caller can hit."""

from __future__ import annotations

import uuid
from datetime import datetime

import httpx
import pytest
from asset_support import async_client, fixture_type, requests_sent

from pywats import ConflictError, ErrorMode, NotFoundError, ValidationError
from pywats.domains.asset import (
    Asset,
    AssetFields,
    AssetState,
    AssetType,
    AssetTypeFields,
    Setting,
    SettingChange,
)
from pywats_emulator.testing import EmulatorServer


@pytest.mark.anyio
async def test_create_an_asset_then_read_it_by_id_and_serial_number(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        fixture = await wats.asset.save_type(fixture_type())
        created = await wats.asset.create_asset(
            "FX-001",
            fixture.type_id,
            asset_name="ICT fixture 1",
            part_number="FX-PN",
            revision="B",
            location="Line 1",
            tags={"owner": "test-eng"},
        )
        by_id = await wats.asset.get_by_id(created.asset_id or "")
        by_serial = await wats.asset.get_by_serial_number("fx-001")  # case-insensitive

    uuid.UUID(created.asset_id or "")
    assert by_id is not None and by_serial is not None
    assert by_id.model_dump() == by_serial.model_dump()
    assert (by_id.serial_number, by_id.asset_name, by_id.part_number, by_id.revision) == (
        "FX-001",
        "ICT fixture 1",
        "FX-PN",
        "B",
    )
    assert by_id.state is AssetState.IN_OPERATION  # the emulator's default
    assert (by_id.running_count, by_id.total_count) == (0, 0)
    assert isinstance(by_id.first_seen_date, datetime) and by_id.first_seen_date.tzinfo
    assert by_id.asset_type is not None and by_id.asset_type.type_name == "Test fixture"
    assert by_id.asset_type.calibration_interval == 365
    assert [(t.key, t.value) for t in by_id.tags or []] == [("owner", "test-eng")]
    assert by_id.asset_children == []


@pytest.mark.anyio
async def test_save_is_an_upsert_that_keeps_unsent_fields(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        first = await wats.asset.create_asset("DMM-7", asset_name="Multimeter", location="Lab")
        moved = await wats.asset.update_asset(Asset(serial_number="DMM-7", location="Line 2"))
        renamed = await wats.asset.save(
            {"assetId": first.asset_id, "serialNumber": "DMM-7B", "description": "spare"}
        )
        everything = await wats.asset.get_assets()

    assert moved.asset_id == first.asset_id == renamed.asset_id
    assert (moved.asset_name, moved.location) == ("Multimeter", "Line 2")
    assert (renamed.serial_number, renamed.location, renamed.description) == (
        "DMM-7B",
        "Line 2",
        "spare",
    )
    assert [a.serial_number for a in everything] == ["DMM-7B"]


@pytest.mark.anyio
async def test_tags_replace_as_a_list_or_change_key_by_key(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.asset.create_asset("CAB-1", tags={"a": "1", "b": "2"})
        edited = await wats.asset.save(
            Asset(
                serial_number="CAB-1",
                tags=[
                    Setting(key="a", change=SettingChange.DELETE),
                    Setting(key="c", value="3", change=SettingChange.ADD),
                ],
            )
        )
        replaced = await wats.asset.save(
            Asset(serial_number="CAB-1", tags=[Setting(key="z", value="9")])
        )

    assert [(t.key, t.value) for t in edited.tags or []] == [("b", "2"), ("c", "3")]
    assert [(t.key, t.value) for t in replaced.tags or []] == [("z", "9")]


@pytest.mark.anyio
async def test_get_assets_filters_sorts_and_pages(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        fixture = await wats.asset.save_type(fixture_type())
        cable = await wats.asset.save_type(AssetType(type_name="Cable"))
        for index in range(5):
            await wats.asset.create_asset(
                f"FX-{index}", fixture.type_id, location="Line 1" if index % 2 else "Line 2"
            )
        await wats.asset.create_asset("CAB-1", cable.type_id, state=AssetState.IN_STORAGE)
        line1 = await wats.asset.get_assets(AssetFields.location.eq("Line 1"))
        page = await wats.asset.get_all(orderby="serialNumber desc", top=2, skip=1)  # alias
        stored = await wats.asset.get_assets(
            AssetFields.state.eq(AssetState.IN_STORAGE) | AssetFields.type_name.eq("Nope")
        )
        by_type = await wats.asset.get_assets("assetType/typeName eq 'Test fixture'", top=10)

    assert [a.serial_number for a in line1] == ["FX-1", "FX-3"]
    assert [a.serial_number for a in page] == ["FX-3", "FX-2"]
    assert [a.serial_number for a in stored] == ["CAB-1"]
    assert len(by_type) == 5
    assert all(a.asset_children is None for a in by_type)  # lists do not expand children


@pytest.mark.anyio
async def test_a_bad_filter_is_a_validation_error_naming_the_field(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(ValidationError, match="unknown field 'colour'"):
            await wats.asset.get_assets("colour eq 'red'")
        with pytest.raises(ValidationError, match=r"\$orderby"):
            await wats.asset.get_assets(orderby="serialNumber sideways")


@pytest.mark.anyio
async def test_unknown_assets_raise_not_found_saying_what_to_fix(
    wats_emulator: EmulatorServer,
) -> None:
    missing = str(uuid.uuid4())
    async with async_client(wats_emulator) as wats:
        with pytest.raises(NotFoundError, match="asset 'NOPE-1' not found"):
            await wats.asset.get_by_serial_number("NOPE-1")
        with pytest.raises(NotFoundError, match=f"asset '{missing}' not found"):
            await wats.asset.get_by_id(missing)
        with pytest.raises(NotFoundError, match="asset 'NOPE-1' not found"):
            await wats.asset.get_status(serial_number="NOPE-1")
        with pytest.raises(NotFoundError, match="create the asset with PUT /api/Asset"):
            await wats.asset.delete(serial_number="NOPE-1")
        with pytest.raises(NotFoundError, match="asset type '.*' not found: create it"):
            await wats.asset.create_asset("FX-9", str(uuid.uuid4()))
        with pytest.raises(NotFoundError, match="parent asset 'NOPE-1' not found"):
            await wats.asset.create_asset("FX-9", parent_serial_number="NOPE-1")
    async with async_client(wats_emulator, error_mode=ErrorMode.LENIENT) as lenient:
        assert await lenient.asset.get_by_serial_number("NOPE-1") is None
        assert await lenient.asset.get_status(missing) is None
        assert await lenient.asset.get_sub_assets(serial_number="NOPE-1") == []
        with pytest.raises(NotFoundError, match="asset 'NOPE-1' not found"):
            await lenient.asset.increment_count(serial_number="NOPE-1")  # writes still raise


@pytest.mark.anyio
async def test_conflicting_keys_and_bad_values_are_refused(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.asset.create_asset("FX-1")
        with pytest.raises(ConflictError, match="serial number 'FX-1' already belongs to asset"):
            await wats.asset.save(Asset(serial_number="FX-1", asset_id=str(uuid.uuid4())))
        with pytest.raises(ValidationError, match="'runningCount' must be an integer >= 0"):
            await wats.asset.save({"serialNumber": "FX-1", "runningCount": -5})
        with pytest.raises(ValidationError, match="'assetId' must be a GUID"):
            await wats.asset.save({"serialNumber": "FX-1", "assetId": "not-a-guid"})
        with pytest.raises(ValidationError, match="'state' must be one of|state must be one of"):
            await wats.asset.save({"serialNumber": "FX-1", "state": 9})


@pytest.mark.anyio
async def test_sub_assets_by_level_and_no_cycles(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        rack = await wats.asset.create_asset("RACK-1")
        await wats.asset.create_asset("FX-B", parent_asset_id=rack.asset_id)
        await wats.asset.create_asset("FX-A", parent_serial_number="RACK-1")
        await wats.asset.create_asset("PROBE-1", parent_serial_number="FX-A")
        direct = await wats.asset.get_sub_assets(serial_number="RACK-1", level=1)
        everything = await wats.asset.get_sub_assets(rack.asset_id)
        read = await wats.asset.get_by_serial_number("RACK-1")
        with pytest.raises(ValidationError, match="would make a cycle"):
            await wats.asset.save(Asset(serial_number="RACK-1", parent_serial_number="PROBE-1"))

    assert [a.serial_number for a in direct] == ["FX-A", "FX-B"]
    assert [a.serial_number for a in everything] == ["FX-A", "FX-B", "PROBE-1"]
    assert everything[2].parent_serial_number == "FX-A"
    assert read is not None
    assert [a.serial_number for a in read.asset_children or []] == ["FX-A", "FX-B"]


@pytest.mark.anyio
async def test_delete_refuses_an_asset_with_sub_assets(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        rack = await wats.asset.create_asset("RACK-1")
        child = await wats.asset.create_asset("FX-A", parent_asset_id=rack.asset_id)
        with pytest.raises(ConflictError, match="has 1 sub-asset"):
            await wats.asset.delete(rack.asset_id)
        await wats.asset.delete(child.asset_id)
        await wats.asset.delete(serial_number="RACK-1")
        remaining = await wats.asset.get_assets()
        log = await wats.asset.get_log(serial_number="RACK-1")

    assert remaining == []
    assert log == []


@pytest.mark.anyio
async def test_asset_types_upsert_filter_and_refuse_bad_intervals(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        first = await wats.asset.save_type(fixture_type())
        updated = await wats.asset.save_type({"typeName": "test FIXTURE", "runningCountLimit": 50})
        await wats.asset.save_type(AssetType(type_name="Cable", calibration_interval=-1))
        await wats.asset.save_type(AssetType(type_name="Scope", calibration_interval=-2))
        locked = await wats.asset.save_type(AssetType(type_name="Built-in", is_readonly=True))
        external = await wats.asset.get_types(AssetTypeFields.calibration_interval.eq(-2))
        first_two = await wats.asset.get_types(top=2)
        with pytest.raises(ValidationError, match="-1 .unlimited. or -2 .external."):
            await wats.asset.save_type(AssetType(type_name="Bad", maintenance_interval=-3))
        with pytest.raises(ConflictError, match="read-only"):
            await wats.asset.save_type(AssetType(type_name="Built-in", icon="x"))
        with pytest.raises(ConflictError, match="is used by type"):
            await wats.asset.save_type(AssetType(type_name="Cable", type_id=locked.type_id))

    assert updated.type_id == first.type_id
    assert (updated.type_name, updated.running_count_limit) == ("test FIXTURE", 50)
    assert updated.calibration_interval == 365  # not sent: kept
    assert [t.type_name for t in external] == ["Scope"]
    assert [t.type_name for t in first_two] == ["Built-in", "Cable"]


@pytest.mark.anyio
async def test_wrong_arguments_fail_before_anything_is_sent(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        before = requests_sent(wats_emulator)
        with pytest.raises(ValueError, match="exactly one of asset_id and serial_number"):
            await wats.asset.get_status()
        with pytest.raises(ValueError, match="exactly one of asset_id and serial_number"):
            await wats.asset.delete(str(uuid.uuid4()), serial_number="FX-1")
        with pytest.raises(ValueError, match="state must be one of"):
            await wats.asset.set_state(7, serial_number="FX-1")
        with pytest.raises(ValueError, match="naive datetime"):
            await wats.asset.post_calibration(
                serial_number="FX-1",
                date_time=datetime(2026, 1, 1),
            )
        with pytest.raises(ValueError, match="level must be >= 1"):
            await wats.asset.get_sub_assets(serial_number="FX-1", level=0)
        with pytest.raises(ValueError, match="serial_number must not be empty"):
            await wats.asset.create_asset(" ")
        with pytest.raises(ValueError, match="comment must not be empty"):
            await wats.asset.add_log_message(str(uuid.uuid4()), "")
        with pytest.raises(TypeError, match="expected a Asset or a dict|expected a"):
            await wats.asset.save(42)  # type: ignore[arg-type]

    assert requests_sent(wats_emulator) == before


@pytest.mark.anyio
async def test_odd_serial_numbers_read_back_and_reset_forgets_assets(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        for serial in ("FX/1", "Status", "a b?c#d", "FX-2"):
            await wats.asset.create_asset(serial)
        slash = await wats.asset.get_by_serial_number("FX/1")
        odd = await wats.asset.get_by_serial_number("a b?c#d")
        shadowed = await wats.asset.get_assets(AssetFields.serial_number.eq("Status"))
        async with httpx.AsyncClient(
            base_url=wats_emulator.url, headers=wats_emulator.auth_headers
        ) as http:
            lower = await http.get("/api/asset/fx-2")  # paths are case-insensitive
            assert (await http.post("/_emulator/reset")).status_code in (200, 204)
        after_reset = await wats.asset.get_assets()
        types_after_reset = await wats.asset.get_types()

    assert slash is not None and slash.serial_number == "FX/1"
    assert odd is not None and odd.serial_number == "a b?c#d"
    assert [a.serial_number for a in shadowed] == ["Status"]
    assert lower.status_code == 200 and lower.json()["serialNumber"] == "FX-2"
    assert (after_reset, types_after_reset) == ([], [])
