"""The emulator's reading of the stepFilters / sequenceFilters XML (internal App endpoints)."""

from __future__ import annotations

import pytest

from pywats.domains.analytics import sequence_filters_xml, step_filters_xml
from pywats_emulator.analytics.step_filters import parse_step_filter
from pywats_emulator.analytics.steps import StepVisit
from pywats_emulator.errors import ApiError

ROOT = "MainSequence Callback"


def visit(path: str) -> StepVisit:
    return StepVisit(
        path=path,
        name=path.split("¶")[-1],
        step_id=1,
        step_type="ET_NLT",
        group="M",
        status="P",
        tot_time=None,
        caused_uut_failure=False,
        is_container=False,
        numeric=(),
    )


VCC = visit(f"{ROOT}¶Power¶VCC")
RAILS = visit(f"{ROOT}¶Rails")
NESTED = visit(f"{ROOT}¶Power¶Sub¶Ripple")


def kept(step_filters: str | None, sequence_filters: str | None = None) -> list[str]:
    scope = parse_step_filter(step_filters, sequence_filters)
    return [v.name for v in (VCC, RAILS, NESTED) if scope.keeps(v)]


def test_no_filter_keeps_everything() -> None:
    assert kept(None) == ["VCC", "Rails", "Ripple"]
    assert kept("  ", "") == ["VCC", "Rails", "Ripple"]
    assert kept("<StepFilters/>") == ["VCC", "Rails", "Ripple"]


def test_step_names_and_paths_with_wildcards() -> None:
    assert kept('<StepFilters><Step name="vcc"/></StepFilters>') == ["VCC"]
    assert kept('<F><Step stepName="VCC;Rip%"/></F>') == ["VCC", "Ripple"]
    assert kept(f'<F><Step Path="{ROOT}¶Rails"/></F>') == ["Rails"]
    assert kept("<F><Step>Rails</Step><Step>%¶Sub¶%</Step></F>") == ["Rails", "Ripple"]


def test_sequence_filters_keep_steps_inside_any_enclosing_sequence() -> None:
    assert kept(None, '<S><Sequence name="Power"/></S>') == ["VCC", "Ripple"]
    assert kept(None, '<S><Sequence name="Sub"/></S>') == ["Ripple"]
    assert kept(None, f'<S><Sequence path="{ROOT}"/></S>') == ["VCC", "Rails", "Ripple"]
    # the step itself is not its own sequence
    assert kept(None, '<S><Sequence name="Rails"/></S>') == []
    # both filters must agree
    assert kept('<F><Step name="VCC;Rails"/></F>', '<S><Sequence name="Power"/></S>') == ["VCC"]


def test_client_helpers_write_what_the_emulator_reads() -> None:
    assert kept(step_filters_xml(names=["Rails"], paths=["MainSequence Callback/Power/VCC"])) == [
        "VCC",
        "Rails",
    ]
    assert kept(None, sequence_filters_xml(paths="MainSequence Callback/Power")) == [
        "VCC",
        "Ripple",
    ]
    with pytest.raises(ValueError, match="at least one step name or path"):
        step_filters_xml()
    with pytest.raises(ValueError, match="must not be empty"):
        sequence_filters_xml(names=[""])


@pytest.mark.parametrize(
    ("step_filters", "sequence_filters", "message"),
    [
        ("<Step name='VCC'>", None, "stepFilters: malformed XML at line 1"),
        ("VCC", None, "stepFilters: malformed XML"),
        (None, "<S><Sequence", "sequenceFilters: malformed XML"),
        (
            '<!DOCTYPE x [<!ENTITY a "b">]><S name="&a;"/>',
            None,
            "DOCTYPE and entity declarations are not allowed",
        ),
    ],
)
def test_bad_xml_is_a_400_with_an_example(
    step_filters: str | None, sequence_filters: str | None, message: str
) -> None:
    with pytest.raises(ApiError) as caught:
        parse_step_filter(step_filters, sequence_filters)
    assert caught.value.status == 400
    assert message in caught.value.message
    assert "expected XML such as <" in caught.value.message
