"""The process catalog and its reload rule (pure: no server)."""

from __future__ import annotations

import math

import pytest

from pywats.domains.process import ProcessInfo, ProcessKind
from pywats.domains.process.cache import ProcessCatalog, check_max_age, needs_reload


def info(code: int, name: str, **flags: bool) -> ProcessInfo:
    return ProcessInfo.model_validate({"code": code, "name": name, **flags})


CATALOG = ProcessCatalog.build(
    [
        info(100, "End of line test", isTestOperation=True),
        info(200, "Final assembly", isWipOperation=True),
        info(500, "Repair", isRepairOperation=True),
        info(600, "repair"),  # differs from 500 only by case
        info(700, "Combined", isTestOperation=True, isWipOperation=True),
    ],
    loaded_at_s=50.0,
)


def test_lookup_by_code() -> None:
    found = CATALOG.by_code(200)
    assert found is not None
    assert found.name == "Final assembly"
    assert CATALOG.by_code(7777) is None


def test_lookup_by_name_prefers_the_exact_spelling_then_ignores_case() -> None:
    exact = CATALOG.by_name("repair")
    assert exact is not None
    assert exact.code == 600
    exact_upper = CATALOG.by_name("Repair")
    assert exact_upper is not None
    assert exact_upper.code == 500
    folded = CATALOG.by_name("END OF LINE TEST")
    assert folded is not None
    assert folded.code == 100
    assert CATALOG.by_name("Burn In") is None


def test_kinds_filter_and_a_process_can_be_several_kinds() -> None:
    assert [p.code for p in CATALOG.of_kind(ProcessKind.TEST)] == [100, 700]
    assert [p.code for p in CATALOG.of_kind(ProcessKind.WIP)] == [200, 700]
    assert [p.code for p in CATALOG.of_kind(ProcessKind.REPAIR)] == [500]
    assert [p.code for p in CATALOG.of_kind(None)] == [100, 200, 500, 600, 700]


def test_missing_flags_count_as_false() -> None:
    bare = info(1, "bare")
    assert not any(kind.matches(bare) for kind in ProcessKind)


def test_known_processes_are_described_for_error_messages() -> None:
    text = CATALOG.describe_known()
    assert text.startswith("100 'End of line test', 200 'Final assembly'")
    assert "500 'Repair'" in text
    assert "no processes" in ProcessCatalog.build([], 0.0).describe_known()


@pytest.mark.parametrize(
    ("catalog", "now_s", "max_age_s", "expected"),
    [
        (None, 0.0, None, True),  # nothing loaded yet
        (None, 0.0, 10.0, True),
        (CATALOG, 1e9, None, False),  # no limit: kept until refresh()
        (CATALOG, 59.9, 10.0, False),  # 9.9 s old
        (CATALOG, 60.0, 10.0, True),  # exactly max age
        (CATALOG, 50.0, 0.0, True),  # zero: reload on every lookup
        (CATALOG, 40.0, 10.0, True),  # clock went backwards
    ],
)
def test_needs_reload(
    catalog: ProcessCatalog | None, now_s: float, max_age_s: float | None, expected: bool
) -> None:
    assert needs_reload(catalog, now_s, max_age_s) is expected


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, True])
def test_max_age_rejects_nonsense(bad: float) -> None:
    with pytest.raises(ValueError, match="max_age_s"):
        check_max_age(bad)


def test_max_age_accepts_none_zero_and_ints() -> None:
    assert check_max_age(None) is None
    assert check_max_age(0) == 0.0
    assert check_max_age(300) == 300.0
