"""Manual inspection definitions, XAML, sequences and checks through AsyncWATS / pyWATS against
the emulator over loopback HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from pywats import AsyncWATS, ConflictError, ErrorMode, NotFoundError, ValidationError, pyWATS
from pywats.domains.manual_inspection import MiDefinition, MiSequence
from pywats.domains.report.models import MiscInfo, StepStatus, StringMeasurement
from pywats_emulator.testing import EmulatorServer

XAML = '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence/></Activity>'


@pytest.fixture
async def wats(wats_emulator: EmulatorServer) -> AsyncIterator[AsyncWATS]:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as client:
        yield client


async def definition(wats: AsyncWATS, name: str = "Visual check", **fields: object) -> MiDefinition:
    created = await wats.manual_inspection.post_definition(MiDefinition(name=name, **fields))
    assert created is not None and created.definition_id is not None
    return created


# -- definitions -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_post_definition_and_read_it_back(wats: AsyncWATS) -> None:
    created = await definition(wats, description="Solder joints", isGlobal=True, color="red")

    read = await wats.manual_inspection.get_definition(created.definition_id)  # type: ignore[arg-type]

    assert read == created
    assert (created.version, created.is_global, created.created_by) == (1, True, "emulator")
    assert created.description == "Solder joints"
    assert created.model_extra == {"color": "red"}
    assert created.xaml is None  # the XAML has its own endpoint


@pytest.mark.anyio
async def test_get_definitions_filters_global_ones(wats: AsyncWATS) -> None:
    await definition(wats, "Local B")
    await definition(wats, "global A", is_global=True)
    await definition(wats, "Local a")

    every = await wats.manual_inspection.get_definitions()
    global_only = await wats.manual_inspection.get_definitions(is_global_definitions=True)
    local_only = await wats.manual_inspection.get_definitions(is_global_definitions=False)

    assert [d.name for d in every] == ["global A", "Local a", "Local B"]
    assert [d.name for d in global_only] == ["global A"]
    assert [d.name for d in local_only] == ["Local a", "Local B"]


@pytest.mark.anyio
async def test_definition_errors(wats: AsyncWATS) -> None:
    await definition(wats, "Visual check")

    with pytest.raises(ValueError, match="definition.name"):
        await wats.manual_inspection.post_definition(MiDefinition(description="no name"))
    with pytest.raises(ConflictError, match="'Visual check' already exists.*PutDefinitionNew"):
        await definition(wats, "VISUAL CHECK")
    with pytest.raises(ValidationError, match="xaml: malformed XML at line"):
        await definition(wats, "Broken", xaml="<Activity>")
    with pytest.raises(ValidationError, match="name is longer than 100 characters"):
        await definition(wats, "x" * 101)
    with pytest.raises(NotFoundError, match="GetTestSequenceDefinitions"):
        await wats.manual_inspection.get_definition(uuid.uuid4())


@pytest.mark.anyio
async def test_put_definition_changes_given_fields_and_raises_the_version(wats: AsyncWATS) -> None:
    created = await definition(wats, description="old", isGlobal=True)
    other = await definition(wats, "Other")

    updated = await wats.manual_inspection.put_definition(
        MiDefinition(definition_id=created.definition_id, description="new")
    )

    assert updated is not None
    assert (updated.name, updated.description, updated.version) == ("Visual check", "new", 2)
    assert updated.is_global is True  # not sent: unchanged
    assert updated.created_utc == created.created_utc
    with pytest.raises(ValueError, match="definition_id"):
        await wats.manual_inspection.put_definition(MiDefinition(name="x"))
    with pytest.raises(ConflictError, match="already exists"):
        await wats.manual_inspection.put_definition(
            MiDefinition(definition_id=other.definition_id, name="visual check")
        )
    with pytest.raises(NotFoundError, match="not found"):
        await wats.manual_inspection.put_definition(MiDefinition(definition_id=uuid.uuid4()))


@pytest.mark.anyio
async def test_xaml_is_read_and_replaced_apart_from_the_definition(wats: AsyncWATS) -> None:
    created = await definition(wats)
    definition_id = created.definition_id
    assert definition_id is not None

    assert await wats.manual_inspection.get_xaml(definition_id) == ""
    after = await wats.manual_inspection.put_xaml(definition_id, XAML)

    assert after is not None and after.version == 2
    assert await wats.manual_inspection.get_xaml(definition_id) == XAML
    with pytest.raises(ValidationError, match="DOCTYPE"):
        await wats.manual_inspection.put_xaml(definition_id, "<!DOCTYPE x><x/>")
    with pytest.raises(ValueError, match="xaml must be the XAML text"):
        await wats.manual_inspection.put_xaml(definition_id, None)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        await wats.manual_inspection.put_xaml(uuid.uuid4(), XAML)
    with pytest.raises(NotFoundError):
        await wats.manual_inspection.get_xaml(uuid.uuid4())


@pytest.mark.anyio
async def test_a_definition_copy_is_unsaved_until_posted(wats: AsyncWATS) -> None:
    created = await definition(wats, description="d", xaml=XAML, owner="QA")
    definition_id = created.definition_id
    assert definition_id is not None

    copy = await wats.manual_inspection.get_definition_copy(definition_id)
    assert copy is not None
    assert (copy.definition_id, copy.version, copy.name) == (None, None, "Visual check - Copy")
    assert (copy.description, copy.xaml, copy.model_extra) == ("d", XAML, {"owner": "QA"})
    assert len(await wats.manual_inspection.get_definitions()) == 1

    stored = await wats.manual_inspection.post_definition(copy)
    second = await wats.manual_inspection.get_definition_copy(definition_id)

    assert stored is not None and stored.version == 1
    assert await wats.manual_inspection.get_xaml(stored.definition_id) == XAML  # type: ignore[arg-type]
    assert second is not None and second.name == "Visual check - Copy 2"


@pytest.mark.anyio
async def test_wwf_content_carries_identity_version_and_xaml(wats: AsyncWATS) -> None:
    created = await definition(wats, xaml=XAML)

    content = await wats.manual_inspection.get_wwf_content(created.definition_id)  # type: ignore[arg-type]

    assert content is not None
    assert (content.definition_id, content.name) == (created.definition_id, "Visual check")
    assert (content.version, content.xaml) == (1, XAML)
    with pytest.raises(NotFoundError):
        await wats.manual_inspection.get_wwf_content(uuid.uuid4())


@pytest.mark.anyio
async def test_lenient_mode_reads_unknown_definitions_as_none(
    wats_emulator: EmulatorServer,
) -> None:
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as wats:
        assert await wats.manual_inspection.get_definition(uuid.uuid4()) is None
        assert await wats.manual_inspection.get_instances_count(uuid.uuid4()) is None
        with pytest.raises(NotFoundError):  # a write raises even when lenient
            await wats.manual_inspection.put_xaml(uuid.uuid4(), XAML)


# -- sequences ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_put_sequence_creates_then_updates_by_name_or_id(wats: AsyncWATS) -> None:
    steps = [{"name": "Check label", "type": "PassFail"}]
    created = await wats.manual_inspection.put_sequence(MiSequence(name="Label", steps=steps))
    assert created is not None and created.sequence_id is not None

    by_name = await wats.manual_inspection.put_sequence(MiSequence(name="LABEL", description="d"))
    by_id = await wats.manual_inspection.put_sequence(
        MiSequence(sequence_id=created.sequence_id, name="Label v2")
    )
    await wats.manual_inspection.put_sequence(MiSequence(name="Another"))

    assert by_name is not None and by_name.sequence_id == created.sequence_id
    assert (by_name.version, by_name.description) == (2, "d")
    assert by_id is not None and (by_id.name, by_id.version) == ("Label v2", 3)
    assert by_id.model_extra == {"steps": steps}
    listed = await wats.manual_inspection.get_sequences()
    assert [s.name for s in listed] == ["Another", "Label v2"]


@pytest.mark.anyio
async def test_sequence_errors_and_delete(wats: AsyncWATS) -> None:
    first = await wats.manual_inspection.put_sequence(MiSequence(name="A"))
    await wats.manual_inspection.put_sequence(MiSequence(name="B"))
    assert first is not None and first.sequence_id is not None

    with pytest.raises(ValueError, match="sequence.name"):
        await wats.manual_inspection.put_sequence(MiSequence(description="nameless"))
    with pytest.raises(NotFoundError, match="leave sequenceId out to create one"):
        await wats.manual_inspection.put_sequence(MiSequence(sequence_id=uuid.uuid4(), name="C"))
    with pytest.raises(ConflictError, match="'B' already exists"):
        await wats.manual_inspection.put_sequence(
            MiSequence(sequence_id=first.sequence_id, name="b")
        )

    await wats.manual_inspection.delete_sequence(first.sequence_id)

    assert [s.name for s in await wats.manual_inspection.get_sequences()] == ["B"]
    with pytest.raises(NotFoundError, match="GetSequences"):
        await wats.manual_inspection.delete_sequence(first.sequence_id)


# -- checks ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_validate_misc_info(wats: AsyncWATS) -> None:
    good = await wats.manual_inspection.validate_misc_info(
        [MiscInfo(description="Operator", text="Ann"), MiscInfo(description="Temp", numeric=21)]
    )
    bad = await wats.manual_inspection.validate_misc_info(
        [MiscInfo(description="Operator", text="Ann"), MiscInfo(description="operator")]
    )

    assert good is not None and (good.is_valid, good.errors) == (True, [])
    assert bad is not None and bad.is_valid is False
    assert bad.errors == [
        "miscInfos[1]: needs 'text' or 'numeric'",
        "miscInfos[1].description: 'operator' repeats miscInfos[0]",
    ]


@pytest.mark.anyio
async def test_put_string_test_judges_the_measurement(wats: AsyncWATS) -> None:
    passed = await wats.manual_inspection.put_string_test(
        StringMeasurement(name="Label", value="rev b", limit="REV B", comp_op="IGNORECASE")
    )
    failed = await wats.manual_inspection.put_string_test(
        StringMeasurement(value="rev b", limit="REV B")
    )

    assert passed is not None and passed.status is StepStatus.PASSED and passed.name == "Label"
    assert failed is not None and failed.status is StepStatus.FAILED
    assert failed.comp_op == "CASESENSIT"
    with pytest.raises(ValidationError, match="'GELE' does not compare strings"):
        await wats.manual_inspection.put_string_test(
            StringMeasurement(value="1", limit="2", comp_op="GELE")
        )
    with pytest.raises(ValidationError, match="limit is required"):
        await wats.manual_inspection.put_string_test(StringMeasurement(value="x"))


# -- the sync twin -----------------------------------------------------------------------------


def test_definitions_and_sequences_through_the_sync_client(wats_emulator: EmulatorServer) -> None:
    with pyWATS(wats_emulator.url, wats_emulator.token) as wats:
        created = wats.manual_inspection.post_definition(MiDefinition(name="Sync", xaml=XAML))
        assert created is not None and created.definition_id is not None
        wats.manual_inspection.put_sequence(MiSequence(name="Steps"))

        assert [d.name for d in wats.manual_inspection.get_definitions()] == ["Sync"]
        assert wats.manual_inspection.get_xaml(created.definition_id) == XAML
        assert [s.name for s in wats.manual_inspection.get_sequences()] == ["Steps"]
        check = wats.manual_inspection.put_string_test(StringMeasurement(value="a", limit="a"))
        assert check is not None and check.status is StepStatus.PASSED
