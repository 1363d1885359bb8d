"""The STDF reader on real third-party tester files, checked against their SOURCES.md facts."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from fixture_paths import shared_fixture
from pywats_client.converters.stdf import (
    ByteOrder,
    FunctionalResult,
    MultiPinResult,
    ParametricResult,
    StdfPart,
    StdfReader,
    Verdict,
    iter_parts,
)


@dataclass(frozen=True)
class Facts:
    name: str
    byte_order: ByteOrder
    parts: int
    failed: int
    ptr: int = 0
    mpr: int = 0
    ftr: int = 0
    records: dict[str, int] = field(default_factory=dict)
    mir: dict[str, str] = field(default_factory=dict)


FACTS = [
    Facts(
        "9l51_001S1_25C.stdf", ByteOrder.LITTLE, parts=1, failed=0, ptr=7, mpr=4, ftr=1,
        records={"PMR": 16, "TSR": 12, "HBR": 2, "SBR": 2, "PCR": 2},
        mir={"node_nam": "smartscale07", "tstr_typ": "93000-SOC"},
    ),
    Facts(
        "AD7827BR_E1_25c_Sep_06_13h49m46s.stdf", ByteOrder.LITTLE, parts=1, failed=1, ptr=4,
        records={"DTR": 15, "HBR": 12, "SBR": 34},
        mir={"node_nam": "d10-1", "part_typ": "AD7827_RevA", "lot_id": "Default",
             "tstr_typ": "D-10"},
    ),
    Facts(
        "523X3008_datalog_20200417221044.stdf", ByteOrder.LITTLE, parts=96, failed=31,
        ptr=10_112, records={"DTR": 576, "PMR": 39},
        mir={"lot_id": "523X3008", "tstr_typ": "93000-SOC",
             "job_nam": "sparrowhawk/src/common/sparrowhawk.prog"},
    ),
    Facts(
        "Wafer_TX_WM19784-13B1_20181113_180615.stdf", ByteOrder.LITTLE, parts=16, failed=1,
        ptr=3903, mpr=64, records={"PMR": 825, "WIR": 1, "WRR": 1, "WCR": 1},
        mir={"job_nam": "KCP_TX_PLL_C_WS.tpg", "tstr_typ": "93000-SOC"},
    ),
    Facts(
        "M25P64_RevC_194479_115c.std", ByteOrder.LITTLE, parts=131, failed=19, ptr=4650,
        ftr=676, records={"DTR": 9772, "HBR": 15, "SBR": 90},
        mir={"part_typ": "m25p64", "lot_id": "G0188", "tstr_typ": "D-10"},
    ),
    Facts(
        "TEST_FT_GX36_A2_FT_E_02032013_0230.stdf", ByteOrder.BIG, parts=3, failed=0, mpr=36,
        ftr=111, records={"GDR": 9, "PMR": 538},
        mir={"lot_id": "", "job_nam": "TestProgramNameNotDefined", "tstr_typ": "93000-SOC"},
    ),
    Facts(
        "11_2014_07_18_11.38.42.stdf", ByteOrder.LITTLE, parts=7, failed=7, ptr=6440,
        records={"PMR": 0, "SBR": 1, "HBR": 16},
        mir={"tstr_typ": "ASLX", "job_nam": "SN74AVCB164245REVA.25C", "lot_id": "11"},
    ),
]  # fmt: skip


def fixture_path(name: str) -> Path:
    return shared_fixture("tester-files", "stdf", name)


@functools.cache
def parts_of(path: Path) -> tuple[StdfPart, ...]:
    return tuple(iter_parts(path))


@functools.cache
def record_counts(path: Path) -> tuple[ByteOrder, Counter[str]]:
    with path.open("rb") as stream:
        reader = StdfReader(stream)
        return reader.byte_order, Counter(type(r).__name__.upper() for r in reader)


def results_of(parts: tuple[StdfPart, ...], kind: type) -> list[object]:
    return [r for p in parts for r in p.results if isinstance(r, kind)]


@pytest.mark.parametrize("facts", FACTS, ids=lambda f: f.name)
def test_records_and_byte_order(facts: Facts) -> None:
    byte_order, counts = record_counts(fixture_path(facts.name))
    assert byte_order is facts.byte_order
    assert counts["FAR"] == 1
    assert counts["MIR"] == 1
    assert counts["MRR"] == 1
    assert counts["PIR"] == counts["PRR"] == facts.parts
    assert (counts["PTR"], counts["MPR"], counts["FTR"]) == (facts.ptr, facts.mpr, facts.ftr)
    assert {k: counts[k] for k in facts.records} == facts.records
    assert counts["UNKNOWNRECORD"] == 0


@pytest.mark.parametrize("facts", FACTS, ids=lambda f: f.name)
def test_parts_verdicts_and_results(facts: Facts) -> None:
    parts = parts_of(fixture_path(facts.name))
    assert len(parts) == facts.parts
    passed = facts.parts - facts.failed
    expected = Counter({Verdict.FAILED: facts.failed, Verdict.PASSED: passed})
    assert Counter(p.verdict for p in parts) == +expected  # unary + drops zero counts
    assert sum(p.counts.parametric for p in parts) == facts.ptr
    assert sum(p.counts.multi_pin for p in parts) == facts.mpr
    assert sum(p.counts.functional for p in parts) == facts.ftr
    assert len(results_of(parts, ParametricResult)) == facts.ptr
    assert len(results_of(parts, MultiPinResult)) == facts.mpr
    assert len(results_of(parts, FunctionalResult)) == facts.ftr
    assert all(r.test_name for p in parts for r in p.results)
    assert [p.sequence for p in parts] == list(range(1, facts.parts + 1))
    for part in parts:
        assert part.mir is not None
        assert {k: getattr(part.mir, k) for k in facts.mir} == facts.mir


def test_ptr_test_numbers() -> None:
    for name, numbers in (
        ("523X3008_datalog_20200417221044.stdf", 128),
        ("11_2014_07_18_11.38.42.stdf", 920),
    ):
        results = results_of(parts_of(fixture_path(name)), ParametricResult)
        assert len({r.test_num for r in results if isinstance(r, ParametricResult)}) == numbers


def test_wafer_dies_have_coordinates() -> None:
    parts = parts_of(fixture_path("Wafer_TX_WM19784-13B1_20181113_180615.stdf"))
    coords = [(p.x_coord, p.y_coord) for p in parts]
    assert all(x is not None and y is not None for x, y in coords)
    assert len(set(coords)) == 16
    assert parts[0].results[0].test_name == "ContinuityA:passVolt_mV[1]"


def test_inherited_limits_in_real_files() -> None:
    # 11_2014: parts 2..7 flag every limit invalid (OPT_FLAG 63) and rely on part 1's.
    parts = parts_of(fixture_path("11_2014_07_18_11.38.42.stdf"))
    first = {r.test_num: r for r in parts[0].results if isinstance(r, ParametricResult)}
    for part in parts[1:]:
        for r in part.results:
            assert isinstance(r, ParametricResult)
            assert (r.lo_limit, r.hi_limit, r.units) == (
                first[r.test_num].lo_limit,
                first[r.test_num].hi_limit,
                first[r.test_num].units,
            )
    assert any(r.lo_limit is None for r in first.values())  # OPT_FLAG bit 6: no low limit
    assert any(r.hi_limit is None for r in first.values())  # OPT_FLAG bit 7: no high limit
    # Wafer_TX: later dies' PLL_IDD records end before OPT_FLAG.
    wafer = parts_of(fixture_path("Wafer_TX_WM19784-13B1_20181113_180615.stdf"))
    idd = [r for p in wafer for r in p.results if r.test_name == "Power_Supply_Idd:PLL_IDD@VDD1[1]"]
    assert len(idd) == 16
    for r in idd:
        assert isinstance(r, ParametricResult)
        assert (r.lo_limit, r.hi_limit, r.units) == (pytest.approx(0.03), pytest.approx(0.12), "A")


def test_interleaved_sites_match_each_prr_test_count() -> None:
    parts = parts_of(fixture_path("M25P64_RevC_194479_115c.std"))
    assert Counter((p.head_num, p.site_num) for p in parts) == {(0, 0): 66, (0, 1): 65}
    assert all(len(p.results) == p.num_test for p in parts)
    assert len({p.part_id for p in parts}) == 131
