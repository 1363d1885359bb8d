"""Manual inspection relations, their conflicts, instance counts and a unit's MI details through
AsyncWATS / pyWATS against the emulator over loopback HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from uuid import UUID

import pytest

from pywats import AsyncWATS, ConflictError, ErrorMode, NotFoundError, ValidationError, pyWATS
from pywats.domains.manual_inspection import MiDefinition, MiRelation
from pywats.domains.report.models import ReportResult
from pywats.tools import ReportBuilder
from pywats_emulator.testing import EmulatorServer

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
async def wats(wats_emulator: EmulatorServer) -> AsyncIterator[AsyncWATS]:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as client:
        yield client


async def definition_id(wats: AsyncWATS, name: str) -> UUID:
    created = await wats.manual_inspection.post_definition(MiDefinition(name=name))
    assert created is not None and created.definition_id is not None
    return created.definition_id


async def relate(
    wats: AsyncWATS, definition: UUID, part_number: str = "PN-1", **fields: object
) -> MiRelation:
    relation = MiRelation(definition_id=definition, part_number=part_number, **fields)
    created = await wats.manual_inspection.post_relation(relation)
    assert created is not None and created.relation_id is not None
    return created


async def inspect(
    wats: AsyncWATS,
    serial: str,
    sequence: str,
    *,
    minutes: int = 0,
    part_number: str = "PN-1",
    revision: str = "A",
    result: ReportResult = ReportResult.PASSED,
) -> str:
    """Submit the UUT report an inspection run produces (its sequence path = definition name)."""
    builder = ReportBuilder.uut(
        part_number=part_number,
        serial_number=serial,
        revision=revision,
        process_code=100,
        start=T0 + timedelta(minutes=minutes),
        station_name="MI-1",
        location="Line 2",
        purpose="Production",
        sequence_path=sequence,
        result=result,
    )
    return await wats.report.submit_report(builder.build())


# -- relations ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_post_and_get_relations(wats: AsyncWATS) -> None:
    visual = await definition_id(wats, "Visual")

    first = await relate(wats, visual, "PN-2", revision="B", process_code=100, note="kept")
    second = await relate(wats, visual, "PN-1")

    relations = await wats.manual_inspection.get_relations(visual)
    assert [(r.part_number, r.revision, r.process_code) for r in relations] == [
        ("PN-1", None, None),
        ("PN-2", "B", 100),
    ]
    assert relations[1] == first and relations[0] == second
    assert first.definition_id == visual and first.model_extra == {"note": "kept"}


@pytest.mark.anyio
async def test_relation_errors(wats: AsyncWATS) -> None:
    visual = await definition_id(wats, "Visual")
    await relate(wats, visual, "PN-1", revision="A")

    with pytest.raises(ValueError, match="relation.part_number"):
        await wats.manual_inspection.post_relation(MiRelation(definition_id=visual))
    with pytest.raises(ValueError, match="relation.definition_id"):
        await wats.manual_inspection.post_relation(MiRelation(part_number="PN"))
    with pytest.raises(NotFoundError, match="definition .* not found"):
        await relate(wats, uuid.uuid4())
    with pytest.raises(ValidationError, match="processCode 500 is not a test operation"):
        await relate(wats, visual, process_code=500)
    with pytest.raises(ConflictError, match="already has this relation.*PutRelation"):
        await relate(wats, visual, "pn-1", revision="a")
    with pytest.raises(NotFoundError, match="GetTestSequenceDefinitions"):
        await wats.manual_inspection.get_relations(uuid.uuid4())


@pytest.mark.anyio
async def test_put_relation_replaces_it(wats: AsyncWATS) -> None:
    visual = await definition_id(wats, "Visual")
    relation = await relate(wats, visual, "PN-1")

    changed = await wats.manual_inspection.put_relation(
        MiRelation(
            relation_id=relation.relation_id,
            definition_id=visual,
            part_number="PN-9",
            process_code=10,
        )
    )

    assert changed is not None and changed.relation_id == relation.relation_id
    assert [(r.part_number, r.process_code) for r in await wats.manual_inspection.get_relations(
        visual
    )] == [("PN-9", 10)]  # fmt: skip
    with pytest.raises(ValueError, match="relation_id"):
        await wats.manual_inspection.put_relation(MiRelation(definition_id=visual))
    with pytest.raises(NotFoundError, match="relation .* not found.*GetRelations"):
        await wats.manual_inspection.put_relation(
            MiRelation(relation_id=uuid.uuid4(), definition_id=visual, part_number="PN")
        )
    with pytest.raises(ValidationError, match="partNumber is required"):
        await wats.manual_inspection.put_relation(
            MiRelation(relation_id=relation.relation_id, definition_id=visual)
        )


@pytest.mark.anyio
async def test_delete_relation_by_relation_or_id(wats: AsyncWATS) -> None:
    visual = await definition_id(wats, "Visual")
    first = await relate(wats, visual, "PN-1")
    second = await relate(wats, visual, "PN-2")

    await wats.manual_inspection.delete_relation(first)
    await wats.manual_inspection.delete_relation(str(second.relation_id))

    assert await wats.manual_inspection.get_relations(visual) == []
    with pytest.raises(NotFoundError, match="relation .* not found"):
        await wats.manual_inspection.delete_relation(first)
    with pytest.raises(ValueError, match="not a relation id"):
        await wats.manual_inspection.delete_relation("PN-1")
    with pytest.raises(ValueError, match="relation_id"):
        await wats.manual_inspection.delete_relation(MiRelation(part_number="PN-1"))


@pytest.mark.anyio
async def test_relation_conflicts_between_definitions(wats: AsyncWATS) -> None:
    visual = await definition_id(wats, "Visual")
    xray = await definition_id(wats, "X-ray")
    labels = await definition_id(wats, "Labels")
    all_revisions = await relate(wats, visual, "PN-1")
    rev_a_eol = await relate(wats, xray, "pn-1", revision="A", process_code=100)
    await relate(wats, xray, "PN-2")  # another product: no clash
    await relate(wats, labels, "PN-1", revision="B", process_code=10)

    plain = await wats.manual_inspection.get_relation_conflicts(xray)
    grouped = await wats.manual_inspection.get_relation_conflicts_new(visual)

    assert plain == [all_revisions]
    assert len(grouped) == 1 and grouped[0].relation == all_revisions
    assert [(c.definition_id, c.revision) for c in grouped[0].conflicts or ()] == [
        (xray, "A"),
        (labels, "B"),
    ]
    assert rev_a_eol in (grouped[0].conflicts or ())
    assert await wats.manual_inspection.get_relation_conflicts(labels) == [all_revisions]
    with pytest.raises(NotFoundError):
        await wats.manual_inspection.get_relation_conflicts_new(uuid.uuid4())


# -- what the reports say ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_instances_count_counts_the_reports_a_definition_produced(wats: AsyncWATS) -> None:
    visual = await definition_id(wats, "Visual")
    unused = await definition_id(wats, "Unused")
    await inspect(wats, "SN-1", "Visual")
    await inspect(wats, "SN-2", "VISUAL", minutes=1)
    await inspect(wats, "SN-3", "Something else", minutes=2)

    assert await wats.manual_inspection.get_instances_count(visual) == 2
    assert await wats.manual_inspection.get_instances_count(unused) == 0
    with pytest.raises(NotFoundError):
        await wats.manual_inspection.get_instances_count(uuid.uuid4())


@pytest.mark.anyio
async def test_mi_details_of_a_unit(wats: AsyncWATS) -> None:
    visual = await definition_id(wats, "Visual")
    xray = await definition_id(wats, "X-ray")
    await definition_id(wats, "Other product")
    await relate(wats, visual, "PN-1", revision="B")
    await relate(wats, xray, "PN-9")
    first = await inspect(wats, "SN-1", "X-ray", revision="A", result=ReportResult.FAILED)
    second = await inspect(wats, "SN-1", "Visual", minutes=5, revision="B")
    await inspect(wats, "SN-1", "Not a definition", minutes=6, revision="B")

    details = await wats.manual_inspection.get_mi_details("SN-1")

    assert details is not None
    assert (details.serial_number, details.part_number, details.revision) == ("SN-1", "PN-1", "B")
    assert [d.name for d in details.definitions or ()] == ["Visual"]
    instances = details.instances or []
    assert [(str(i.report_id), i.definition_name, i.result) for i in instances] == [
        (first, "X-ray", "Failed"),
        (second, "Visual", "Passed"),
    ]
    assert instances[1].definition_id == visual and instances[1].process_code == 100
    assert instances[1].start == T0 + timedelta(minutes=5)


@pytest.mark.anyio
async def test_mi_details_new_groups_by_definition(wats: AsyncWATS) -> None:
    visual = await definition_id(wats, "Visual")
    xray = await definition_id(wats, "X-ray")
    await definition_id(wats, "Not for this unit")
    relation = await relate(wats, visual, "PN-1")
    await inspect(wats, "SN-1", "Visual", result=ReportResult.FAILED)
    await inspect(wats, "SN-1", "visual", minutes=3)
    await inspect(wats, "SN-1", "X-ray", minutes=4)

    entries = await wats.manual_inspection.get_mi_details_new("SN-1")

    assert [(e.name, e.instance_count, e.last_result) for e in entries] == [
        ("Visual", 2, "Passed"),
        ("X-ray", 1, "Passed"),
    ]
    assert entries[0].relations == [relation] and entries[1].relations == []
    assert entries[0].definition_id == visual and entries[1].definition_id == xray
    assert entries[0].last_start == T0 + timedelta(minutes=3)


@pytest.mark.anyio
async def test_mi_details_of_an_unknown_unit(
    wats: AsyncWATS, wats_emulator: EmulatorServer
) -> None:
    with pytest.raises(ValueError, match="unit_id"):
        await wats.manual_inspection.get_mi_details(" ")
    with pytest.raises(NotFoundError, match="'SN-X' has no test report.*serial number"):
        await wats.manual_inspection.get_mi_details("SN-X")
    with pytest.raises(NotFoundError, match="'SN-X' has no test report"):
        await wats.manual_inspection.get_mi_details_new("SN-X")
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as lenient:
        assert await lenient.manual_inspection.get_mi_details("SN-X") is None
        assert await lenient.manual_inspection.get_mi_details_new("SN-X") == []


def test_relations_and_details_through_the_sync_client(wats_emulator: EmulatorServer) -> None:
    with pyWATS(wats_emulator.url, wats_emulator.token) as wats:
        created = wats.manual_inspection.post_definition(MiDefinition(name="Visual"))
        assert created is not None and created.definition_id is not None
        relation = wats.manual_inspection.post_relation(
            MiRelation(definition_id=created.definition_id, part_number="PN-1")
        )
        report = ReportBuilder.uut(
            part_number="PN-1", serial_number="SN-1", revision="A", process_code=100,
            station_name="MI-1", location="L", purpose="Production", sequence_path="Visual",
        ).build()  # fmt: skip
        wats.report.submit_report(report)

        assert wats.manual_inspection.get_relations(created.definition_id) == [relation]
        assert wats.manual_inspection.get_instances_count(created.definition_id) == 1
        details = wats.manual_inspection.get_mi_details("SN-1")
        assert details is not None and [d.name for d in details.definitions or ()] == ["Visual"]
