"""Unit verification (computed from stored reports) and child units, against the emulator."""

from __future__ import annotations

import httpx
import pytest
from production_support import async_client, uur, uut

from pywats import AsyncWATS
from pywats.core.errors import ConflictError, NotFoundError, ValidationError
from pywats.domains.production import UnitPhase
from pywats_emulator.testing import EmulatorServer

pytestmark = pytest.mark.anyio


async def submit(api: AsyncWATS, *reports: dict[str, object]) -> None:
    for report in reports:
        await api.report.submit_report(report)


async def test_grade_a_for_first_pass_in_order(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        await submit(
            api,
            uut("G-A", "PN", process_code=50, minute=1),
            uut("G-A", "PN", process_code=90, minute=2),
            uut("G-A", "PN", process_code=100, minute=3),
        )
        grade = await api.production.verify_unit("G-A", "PN")
    assert grade is not None
    assert (grade.status, grade.grade) == ("Passed", "A")
    assert grade.all_processes_passed_first_run
    assert grade.all_processes_executed_in_correct_order
    assert grade.no_repairs
    assert [(r.process_code, r.process_name, r.total_count) for r in grade.results or []] == [
        (50, "PCBA test", 1),
        (90, "Burn In test", 1),
        (100, "End of line test", 1),
    ]
    assert grade.results is not None
    assert grade.results[0].station_name == "PYWATS-IT-MES"


async def test_retest_repair_and_order_lower_the_grade(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        await submit(
            api,
            uut("G-B", "PN", result="F", minute=1),
            uut("G-B", "PN", result="P", minute=2),
            uut("G-C", "PN", result="F", minute=1),
            uur("G-C", "PN", minute=5),
            uut("G-C", "PN", result="P", minute=9),
            uut("G-O", "PN", process_code=100, minute=1),
            uut("G-O", "PN", process_code=50, minute=2),
        )
        retested = await api.production.get_unit_verification("G-B", "PN")
        repaired = await api.production.get_unit_grade("G-C", "PN")
        out_of_order = await api.production.verify_unit("G-O", "PN")
    assert retested is not None
    assert (retested.grade, retested.all_processes_passed_first_run) == ("B", False)
    assert retested.results is not None
    assert (retested.results[0].total_count, retested.results[0].non_passed_count) == (2, 1)
    assert repaired is not None
    assert (repaired.grade, repaired.no_repairs) == ("C", False)
    assert repaired.results is not None
    assert repaired.results[0].repair_count == 1
    assert out_of_order is not None
    assert (out_of_order.grade, out_of_order.all_processes_executed_in_correct_order) == (
        "C",
        False,
    )


async def test_failing_units_grade_d_and_f(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        await submit(
            api,
            uut("G-D", "PN", result="P", minute=1),
            uut("G-D", "PN", result="F", minute=2),
            uut("G-F", "PN", result="F", minute=1),
        )
        last_failed = await api.production.verify_unit("G-D", "PN")
        never_passed = await api.production.verify_unit("G-F", "PN")
    assert last_failed is not None
    assert (last_failed.status, last_failed.grade) == ("Failed", "D")
    assert last_failed.all_processes_passed_any_run
    assert never_passed is not None
    assert (never_passed.status, never_passed.grade) == ("Failed", "F")
    assert never_passed.results is not None
    assert never_passed.results[0].status == "Failed"


async def test_verification_by_revision_and_unknown_unit(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        await submit(
            api,
            uut("V", "PN", result="F", minute=1, revision="A"),
            uut("V", "PN", result="P", minute=2, revision="B"),
        )
        only_b = await api.production.verify_unit("V", "PN", revision="B")
        with pytest.raises(NotFoundError, match="no unit registered and no reports"):
            await api.production.verify_unit("GHOST", "PN")
    assert only_b is not None
    assert only_b.grade == "A"


async def make_units(api: AsyncWATS, *serials: str, part: str = "PN") -> None:
    await api.production.create_units([{"serialNumber": s, "partNumber": part} for s in serials])


async def test_add_and_remove_children_with_hierarchy(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await make_units(api, "TOP", "MID", "LEAF")
        await production.add_child_unit("TOP", "PN", "MID", "PN")
        await production.add_child_unit("MID", "PN", "LEAF", "PN")
        await production.add_child_unit("MID", "PN", "LEAF", "PN")  # again: no change
        tree = await production.get_unit_hierarchy("TOP", "PN")
        contents = await production.get_unit_contents("TOP", "PN")
        top = await production.get_unit("TOP", "PN")
        mid = await production.get_unit("MID", "PN")
        await production.remove_child_unit("MID", "PN", "LEAF", "PN")
        leaf_changes = await production.get_unit_changes("LEAF", "PN")
        after = await production.get_unit_hierarchy("TOP", "PN")
    assert [(n.serial_number, n.level) for n in tree] == [("TOP", 0), ("MID", 1), ("LEAF", 2)]
    assert [u.serial_number for u in contents] == ["MID"]
    assert top is not None
    assert [u.serial_number for u in top.sub_units or []] == ["MID"]
    assert mid is not None
    assert mid.parent_serial_number == "TOP"
    assert [c.new_parent_serial_number for c in leaf_changes][1:] == ["MID", ""]
    assert [n.serial_number for n in after] == ["TOP", "MID"]


async def test_child_unit_errors_say_what_to_fix(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await make_units(api, "A", "B", "C")
        await production.add_child_unit("A", "PN", "B", "PN")
        with pytest.raises(ConflictError, match="already belongs to unit 'A'"):
            await production.add_child_unit("C", "PN", "B", "PN")
        with pytest.raises(ValidationError, match="cycle"):
            await production.add_child_unit("B", "PN", "A", "PN")
        with pytest.raises(ValidationError, match="its own child"):
            await production.add_child_unit("C", "PN", "C", "PN")
        with pytest.raises(NotFoundError, match="is not a child of"):
            await production.remove_child_unit("C", "PN", "B", "PN")
        with pytest.raises(NotFoundError, match="'MISSING'"):
            await production.add_child_unit("A", "PN", "MISSING", "PN")


async def test_verify_assembly_reports_unusable_children(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await make_units(api, "BOX", "GOOD", "BROKEN", "GONE")
        await production.update_unit({"serialNumber": "BOX", "partNumber": "PN", "revision": "1"})
        await submit(api, uut("BROKEN", "PN", result="F"), uut("GOOD", "PN"))
        for child in ("GOOD", "BROKEN", "GONE"):
            await production.add_child_unit("BOX", "PN", child, "PN")
        await production.set_unit_phase("GONE", "PN", UnitPhase.SCRAPPED)
        check = await production.verify_assembly("BOX", "PN", "1")
        same = await production.check_child_units("BOX", "PN")
        internal = await production.validate_child_units("BOX", "PN", culture_code="en-US")
        with pytest.raises(ValidationError, match="has revision '1', not '2'"):
            await production.verify_assembly("BOX", "PN", "2")
    assert check is not None
    assert (check.ok, check.child_count, check.box_build_defined) == (False, 3, False)
    by_serial = {c.serial_number: c for c in check.children or []}
    assert by_serial["GOOD"].ok
    assert by_serial["GOOD"].grade == "A"
    assert by_serial["BROKEN"].problems == [
        "child unit 'BROKEN' (part number 'PN') failed its last run of PCBA test"
    ]
    assert by_serial["GONE"].problems == ["child unit 'GONE' (part number 'PN') is scrapped"]
    assert same == check
    assert internal == check


async def test_validated_add_and_bulk_remove(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await make_units(api, "P1")
        await make_units(api, "K1", "K2", part="PN-K")
        with pytest.raises(ValidationError, match="only finalized units"):
            await production.add_child_unit_validated("P1", "PN", "K1", "PN-K", check_phase=True)
        await production.set_unit_phase("K1", "PN-K", UnitPhase.FINALIZED)
        await production.add_child_unit_validated("P1", "PN", "K1", "PN-K", check_phase=True)
        with pytest.raises(NotFoundError):
            await production.add_child_unit_validated("P1", "PN", "K2", "WRONG")
        # Without the part number check, the serial alone finds the child.
        await production.add_child_unit_validated(
            "P1", "PN", "K2", "WRONG", check_part_number=False
        )
        await production.remove_child_unit_localized("P1", "PN", "K1", "PN-K", culture_code="en")
        removed = await production.remove_all_child_units("P1", "PN")
        left = await production.get_unit_contents("P1", "PN")
    assert removed == 1
    assert left == []


def define_box_build(server: EmulatorServer) -> None:
    """Product BOX rev 1 contains one PSU of revision A or B (product API, §2.3)."""
    with httpx.Client(base_url=server.url, headers=server.auth_headers) as http:
        for part, revision in (("BOX", "1"), ("PSU", "A")):
            http.put("/api/Product", json={"partNumber": part}).raise_for_status()
            body = {"partNumber": part, "revision": revision}
            http.put("/api/Product/Revision", json=body).raise_for_status()
        box = http.get("/api/Product/BOX").json()
        relation = {
            "ParentProductRevisionId": box["revisions"][0]["productRevisionId"],
            "ChildPartNumber": "PSU",
            "ChildRevision": "A",
            "Quantity": 1,
            "RevisionMask": "A;B",
        }
        http.post(
            "/api/internal/Product/PostProductRevisionRelation", json=relation
        ).raise_for_status()


async def test_box_build_from_product_relations(wats_emulator: EmulatorServer) -> None:
    define_box_build(wats_emulator)
    async with async_client(wats_emulator) as api:
        production = api.production
        await production.create_units(
            [
                {"serialNumber": "B1", "partNumber": "BOX", "revision": "1"},
                {"serialNumber": "P1", "partNumber": "PSU", "revision": "B"},
                {"serialNumber": "P2", "partNumber": "PSU", "revision": "C"},
                {"serialNumber": "P3", "partNumber": "PSU", "revision": "A"},
                {"serialNumber": "W1", "partNumber": "CABLE", "revision": "A"},
            ]
        )
        empty = await production.verify_assembly("B1", "BOX")
        with pytest.raises(ValidationError, match="wants 'A;B'"):
            await production.add_child_unit_validated("B1", "BOX", "P2", "PSU", check_revision=True)
        with pytest.raises(ValidationError, match="'CABLE' is not in the box build"):
            await production.add_child_unit_validated("B1", "BOX", "W1", "CABLE")
        await production.add_child_unit_validated("B1", "BOX", "P1", "PSU", check_revision=True)
        with pytest.raises(ValidationError, match="more than the box build's 1"):
            await production.add_child_unit_validated("B1", "BOX", "P3", "PSU")
        complete = await production.verify_assembly("B1", "BOX")
    assert empty is not None
    assert (empty.box_build_defined, empty.ok, empty.problems) == (
        True,
        False,
        ["missing 1 x 'PSU'"],
    )
    assert complete is not None
    assert (complete.ok, complete.problems) == (True, [])
