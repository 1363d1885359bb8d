"""Grouping STDF records into parts, on hand-built streams: sites, inheritance, verdicts."""

from __future__ import annotations

import io

import pytest
from stdf_bytes import BE, LE, Body, mir, pir, prr, ptr, record, stdf, tsr

from pywats_client.converters.stdf import (
    FunctionalResult,
    MultiPinResult,
    ParametricResult,
    ResultCounts,
    StdfError,
    StdfPart,
    Verdict,
    iter_parts,
    verdict_from_part_flg,
    verdict_from_test_flg,
)


def parts_of(*records: bytes, endian: str = LE) -> list[StdfPart]:
    return list(iter_parts(io.BytesIO(stdf(*records, endian=endian))))


def parametric(part: StdfPart) -> list[ParametricResult]:
    return [r for r in part.results if isinstance(r, ParametricResult)]


class NotSeekable(io.BytesIO):
    def seekable(self) -> bool:
        return False


@pytest.mark.parametrize("endian", [LE, BE])
def test_one_part_with_lot_context_and_prr_identity(endian: str) -> None:
    (part,) = parts_of(
        mir(lot_id="L42", part_typ="ADC", job_nam="prog", endian=endian),
        pir(1, 3, endian),
        ptr(10, 1, 3, 0.5, text="vdd", opt_flag=0x02, lo=0.1, hi=0.9, units="V", endian=endian),
        prr(
            1,
            3,
            0x08,
            num_test=1,
            hard_bin=5,
            soft_bin=65535,
            x=7,
            y=-2,
            test_t=1234,
            part_id="SN-1",
            endian=endian,
        ),
        endian=endian,
    )
    assert part.mir is not None
    assert (part.mir.lot_id, part.mir.part_typ, part.mir.job_nam) == ("L42", "ADC", "prog")
    assert (part.head_num, part.site_num, part.sequence) == (1, 3, 1)
    assert (part.part_id, part.x_coord, part.y_coord) == ("SN-1", 7, -2)
    assert (part.hard_bin, part.soft_bin, part.test_time_ms, part.num_test) == (5, None, 1234, 1)
    assert part.verdict is Verdict.FAILED
    assert part.counts == ResultCounts(parametric=1)
    assert part.results == (
        ParametricResult(
            test_num=10, test_name="vdd", verdict=Verdict.PASSED, value=0.5,
            lo_limit=pytest.approx(0.1), hi_limit=pytest.approx(0.9), lo_limit_inclusive=False,
            hi_limit_inclusive=False, units="V", lo_spec=None, hi_spec=None, test_flg=0,
            parm_flg=0,
        ),
    )  # fmt: skip


def test_missing_markers_become_none() -> None:
    (part,) = parts_of(pir(1, 1), prr(1, 1, soft_bin=65535, x=-32768, y=-32768, test_t=0))
    assert (part.part_id, part.soft_bin, part.x_coord, part.y_coord) == (None, None, None, None)
    assert part.test_time_ms is None
    assert part.mir is None


def test_part_flag_rules() -> None:
    assert verdict_from_part_flg(0x00) is Verdict.PASSED
    assert verdict_from_part_flg(0x08) is Verdict.FAILED
    assert verdict_from_part_flg(0x18) is Verdict.UNKNOWN  # bit 4: pass/fail bit invalid
    assert verdict_from_part_flg(0x10) is Verdict.UNKNOWN
    (part,) = parts_of(pir(1, 1), prr(1, 1, 0x04 | 0x01))
    assert (part.verdict, part.abnormal_end, part.retest) == (Verdict.PASSED, True, True)


def test_test_flag_rules() -> None:
    assert verdict_from_test_flg(0x00) is Verdict.PASSED
    assert verdict_from_test_flg(0x80) is Verdict.FAILED
    assert verdict_from_test_flg(0xC0) is Verdict.UNKNOWN
    assert verdict_from_test_flg(0xA0) is Verdict.ABORTED
    assert verdict_from_test_flg(0x90) is Verdict.NOT_EXECUTED


def test_ptr_inherits_limits_units_and_name_from_the_first_ptr_of_its_test_number() -> None:
    (first_part, second_part) = parts_of(
        pir(1, 1),
        ptr(7, 1, 1, 1.5, text="vout", opt_flag=0x02, lo=1.0, hi=2.0, units="V", parm_flg=0xC0),
        ptr(8, 1, 1, 9.0, text="iq", opt_flag=0x02 | 0x40, hi=10.0, units="mA"),  # no low limit
        prr(1, 1),
        pir(1, 1),
        ptr(7, 1, 1, 1.6),  # ends before OPT_FLAG: everything inherited
        ptr(7, 1, 1, 1.7, opt_flag=0x02 | 0x10 | 0x20, lo=-99.0, hi=99.0),  # limits invalid
        ptr(7, 1, 1, 1.8, opt_flag=0x02 | 0x40, hi=3.0),  # no low limit here, own high limit
        ptr(7, 1, 1, 1.9, text="vout2", opt_flag=0x02, lo=1.5, hi=2.5, units="mV"),  # own values
        ptr(8, 1, 1, 8.0, test_flg=0x02),  # RESULT invalid
        prr(1, 1),
    )
    first = parametric(first_part)
    assert [(r.lo_limit, r.hi_limit, r.units, r.test_name) for r in first] == [
        (1.0, 2.0, "V", "vout"),
        (None, 10.0, "mA", "iq"),
    ]
    assert (first[0].lo_limit_inclusive, first[0].hi_limit_inclusive) == (True, True)
    later = parametric(second_part)
    assert [(r.value, r.lo_limit, r.hi_limit, r.units, r.test_name) for r in later] == [
        (pytest.approx(1.6), 1.0, 2.0, "V", "vout"),
        (pytest.approx(1.7), 1.0, 2.0, "V", "vout"),
        (pytest.approx(1.8), None, 3.0, "V", "vout"),
        (pytest.approx(1.9), 1.5, 2.5, "mV", "vout2"),
        (None, None, 10.0, "mA", "iq"),
    ]


def test_names_come_from_tsr_when_results_have_none() -> None:
    records = (pir(1, 1), ptr(3, 1, 1, 1.0), prr(1, 1), tsr(3, "leakage"), tsr(3, "other", "F"))
    (part,) = list(iter_parts(io.BytesIO(stdf(*records))))
    assert part.results[0].test_name == "leakage"
    # A pipe cannot be read twice: TSRs after the parts are not known when parts are yielded.
    (piped,) = list(iter_parts(NotSeekable(stdf(*records))))
    assert piped.results[0].test_name == ""
    (early,) = parts_of(tsr(3, "leakage"), *records[:3])
    assert early.results[0].test_name == "leakage"


def test_interleaved_sites_are_grouped_by_head_and_site() -> None:
    parts = parts_of(
        pir(1, 0),
        pir(1, 1),
        pir(2, 0),
        ptr(1, 1, 0, 10.0),
        ptr(1, 1, 1, 11.0),
        ptr(1, 2, 0, 20.0),
        ptr(2, 1, 1, 12.0),
        prr(1, 1, 0x08, part_id="B"),
        ptr(2, 1, 0, 13.0),
        pir(1, 1),
        ptr(1, 1, 1, 14.0),
        prr(2, 0, part_id="C"),
        prr(1, 0, part_id="A"),
        prr(1, 1, part_id="D"),
    )
    assert [(p.part_id, p.head_num, p.site_num, p.sequence) for p in parts] == [
        ("B", 1, 1, 1),
        ("C", 2, 0, 2),
        ("A", 1, 0, 3),
        ("D", 1, 1, 4),
    ]
    assert [[r.value for r in parametric(p)] for p in parts] == [
        [11.0, 12.0],
        [20.0],
        [10.0, 13.0],
        [14.0],
    ]


def test_writer_that_puts_the_pir_after_the_prr() -> None:
    parts = parts_of(ptr(1, 0, 0, 1.0), prr(0, 0, part_id="1"), pir(0, 0), ptr(1, 0, 0, 2.0))
    assert [(p.part_id, [r.value for r in parametric(p)]) for p in parts] == [("1", [1.0])]


def test_multi_pin_results_name_pins_and_inherit_pin_indexes() -> None:
    def pmr(index: int, name: str) -> bytes:
        return record(1, 60, Body().u2(index).u2(0).cn(f"ch{index}").cn("").cn(name).u1(1).u1(1))

    def mpr(values: list[float], pins: list[int], with_limits: bool) -> bytes:
        b = Body().u4(40).u1(1).u1(1).u1(0).u1(0xC0).u2(len(pins)).u2(len(values))
        b.nibbles([0] * len(pins))
        for v in values:
            b.r4(v)
        b.cn("idd" if with_limits else "").cn("")
        if with_limits:
            b.u1(0x02).i1(0).i1(0).i1(0).r4(0.0).r4(5.0).r4(0.0).r4(0.0)
            for p in pins:
                b.u2(p)
            b.cn("A")
        return record(15, 15, b)

    parts = parts_of(
        pmr(1, "VDD"),
        pmr(2, ""),
        pir(1, 1),
        mpr([1.0, 2.0], [1, 2], with_limits=True),
        mpr([3.0, 4.0], [], with_limits=False),
        prr(1, 1),
    )
    first, second = parts[0].results
    assert isinstance(first, MultiPinResult)
    assert isinstance(second, MultiPinResult)
    assert (first.pin_indexes, first.pin_names) == ((1, 2), ("VDD", "ch2"))
    assert (second.pin_indexes, second.pin_names, second.values) == (
        (1, 2),
        ("VDD", "ch2"),
        (3.0, 4.0),
    )
    assert (second.test_name, second.lo_limit, second.hi_limit, second.units) == (
        "idd",
        0.0,
        5.0,
        "A",
    )
    assert second.lo_limit_inclusive
    assert parts[0].counts == ResultCounts(multi_pin=2)


def test_functional_results() -> None:
    b = Body().u4(90).u1(1).u1(1).u1(0x80).u1(0x01 | 0xC0)  # CYCL_CNT invalid
    b.u4(123).u4(0).u4(1).u4(4).i4(0).i4(0).i2(0).u2(0).u2(0).dn(0, b"")
    b.cn("march").cn("ts1").cn("").cn("").cn("").cn("").cn("fails at 0x40")
    (part,) = parts_of(pir(1, 1), record(15, 20, b), prr(1, 1), tsr(90, "ram", "F"))
    assert part.results == (
        FunctionalResult(
            test_num=90, test_name="ram", verdict=Verdict.FAILED, vector_name="march",
            time_set="ts1", cycle_count=None, fail_count=4, result_text="fails at 0x40",
            test_flg=0x80,
        ),
    )  # fmt: skip
    assert part.counts == ResultCounts(functional=1)


def test_wafer_id_comes_from_the_open_wafer() -> None:
    def wir(wafer: str) -> bytes:
        return record(2, 10, Body().u1(1).u1(255).u4(0).cn(wafer))

    wrr = record(2, 20, Body().u1(1).u1(255).u4(0).u4(1))
    parts = parts_of(wir("W07"), pir(1, 1), prr(1, 1, x=3, y=4), wrr, pir(1, 1), prr(1, 1))
    assert [(p.wafer_id, p.x_coord, p.y_coord) for p in parts] == [
        ("W07", 3, 4),
        (None, None, None),
    ]


def test_truncated_file_yields_the_finished_parts_then_raises() -> None:
    good = stdf(pir(1, 1), prr(1, 1, part_id="ok"), pir(1, 1))
    stream = io.BytesIO(good + ptr(1, 1, 1, 1.0, text="abc")[:-2])
    seen: list[StdfPart] = []
    with pytest.raises(StdfError) as err:
        seen.extend(iter_parts(stream))
    assert [p.part_id for p in seen] == ["ok"]
    assert (err.value.offset, err.value.record_type) == (len(good), "PTR")


def test_garbage_and_empty_input() -> None:
    with pytest.raises(StdfError, match="does not start with a FAR"):
        list(iter_parts(io.BytesIO(b"PK\x03\x04" + bytes(500))))
    with pytest.raises(StdfError, match="empty file"):
        list(iter_parts(io.BytesIO(b"")))


def test_a_test_number_reused_for_differently_named_tests_keeps_each_tests_limits() -> None:
    (_, later) = parts_of(
        pir(1, 1),
        ptr(0, 1, 1, 3.0e9, text="vco_low", opt_flag=0x02, lo=2.8e9, hi=3.2e9, units="Hz"),
        ptr(0, 1, 1, 0.05, text="idd", opt_flag=0x02, lo=0.03, hi=0.12, units="A"),
        prr(1, 1),
        pir(1, 1),
        ptr(0, 1, 1, 0.06, text="idd"),  # no OPT_FLAG: inherits from "idd", not "vco_low"
        ptr(0, 1, 1, 3.1e9),  # no name: the number's first name
        ptr(0, 1, 1, 7.0, text="new", opt_flag=0x02 | 0x10 | 0x20, units="s"),  # new name
        prr(1, 1),
    )
    assert [(r.test_name, r.lo_limit, r.hi_limit, r.units) for r in parametric(later)] == [
        ("idd", pytest.approx(0.03), pytest.approx(0.12), "A"),
        ("vco_low", pytest.approx(2.8e9), pytest.approx(3.2e9), "Hz"),
        ("new", pytest.approx(2.8e9), pytest.approx(3.2e9), "s"),
    ]
