"""STDF record reader on small hand-built byte streams: data types, absent fields, errors."""

from __future__ import annotations

import dataclasses
import doctest
import io
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest
from stdf_bytes import BE, LE, Body, far, mir, pir, prr, ptr, record, stdf

from pywats_client.converters.stdf import (
    BitArray,
    ByteOrder,
    StdfError,
    StdfReader,
    UnknownRecord,
    decode_fields,
    read_records,
)
from pywats_client.converters.stdf import reader as reader_module
from pywats_client.converters.stdf.records import (
    RECORD_CLASSES,
    Dtr,
    Far,
    Ftr,
    Gdr,
    Mir,
    Pir,
    Plr,
    Prr,
    Ptr,
    Sdr,
)

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def records_of(data: bytes) -> list[object]:
    return list(StdfReader(io.BytesIO(data)))


def ftr_body(endian: str) -> Body:
    b = Body(endian).u4(7).u1(1).u1(2).u1(0x80).u1(0xC1)
    b.u4(100).u4(5).u4(1).u4(3).i4(-5).i4(7).i2(-2).u2(3).u2(1)
    b.u2(10).u2(11).u2(12).nibbles([1, 2, 3]).u2(4).nibbles([9])
    b.dn(10, b"\x05\x02").cn("pat1").cn("ts").cn("").cn("func").cn("").cn("").cn("bad")
    return b.u1(200).dn(0, b"")


EXPECTED_FTR = Ftr(
    test_num=7, head_num=1, site_num=2, test_flg=0x80, opt_flag=0xC1, cycl_cnt=100,
    rel_vadr=5, rept_cnt=1, num_fail=3, xfail_ad=-5, yfail_ad=7, vect_off=-2, rtn_icnt=3,
    pgm_icnt=1, rtn_indx=(10, 11, 12), rtn_stat=(1, 2, 3), pgm_indx=(4,), pgm_stat=(9,),
    fail_pin=BitArray(10, b"\x05\x02"), vect_nam="pat1", time_set="ts", op_code="",
    test_txt="func", alarm_id="", prog_txt="", rslt_txt="bad", patg_num=200,
    spin_map=BitArray(0, b""),
)  # fmt: skip


def gdr_body(endian: str) -> Body:
    b = Body(endian).u2(13).u1(0)
    b.u1(1).u1(200).u1(2).u2(65000).u1(3).u4(4_000_000_000).u1(4).i1(-5).u1(5).i2(-300)
    b.u1(6).i4(-70000).u1(7).r4(1.5).u1(8).r8(2.25).u1(10).cn("hi").u1(11).bn(b"\x01\x02")
    return b.u1(12).dn(3, b"\x05").u1(13).u1(0xA7)


EXPECTED_GDR = Gdr(
    fld_cnt=13,
    gen_data=(200, 65000, 4_000_000_000, -5, -300, -70000, 1.5, 2.25, "hi", b"\x01\x02",
              BitArray(3, b"\x05"), 7),
)  # fmt: skip


def sample_file(endian: str) -> bytes:
    return stdf(
        mir(endian=endian),
        pir(1, 2, endian),
        ptr(5, 1, 2, 1.25, text="vdd", opt_flag=0x02, lo=1.0, hi=2.0, units="V", endian=endian),
        record(15, 20, ftr_body(endian), endian),
        prr(1, 2, 0x08, x=-3, y=4, test_t=1500, part_id="SN1", endian=endian),
        record(50, 10, gdr_body(endian), endian),
        endian=endian,
    )


def test_far_sets_byte_order_and_is_the_first_record() -> None:
    for endian, order, cpu in ((LE, ByteOrder.LITTLE, 2), (BE, ByteOrder.BIG, 1)):
        reader = StdfReader(io.BytesIO(far(endian)))
        assert reader.byte_order is order
        assert list(reader) == [Far(cpu_type=cpu, stdf_ver=4)]


@pytest.mark.parametrize("endian", [LE, BE])
def test_every_field_type_decodes(endian: str) -> None:
    recs = records_of(sample_file(endian))
    assert [type(r) for r in recs] == [Far, Mir, Pir, Ptr, Ftr, Prr, Gdr]
    mir_rec = recs[1]
    assert isinstance(mir_rec, Mir)
    assert mir_rec.setup_t == datetime(2020, 9, 13, 12, 26, 40, tzinfo=timezone.utc)
    assert (mir_rec.stat_num, mir_rec.mode_cod, mir_rec.burn_tim) == (3, "P", 65535)
    assert (mir_rec.lot_id, mir_rec.job_nam, mir_rec.job_rev) == ("LOT1", "JOB", "r2")
    assert mir_rec.sblot_id is None
    assert mir_rec.supr_nam is None
    assert recs[3] == Ptr(
        test_num=5, head_num=1, site_num=2, test_flg=0, parm_flg=0, result=1.25,
        test_txt="vdd", alarm_id="", opt_flag=0x02, res_scal=0, llm_scal=0, hlm_scal=0,
        lo_limit=1.0, hi_limit=2.0, units="V",
    )  # fmt: skip
    assert recs[4] == EXPECTED_FTR
    assert EXPECTED_FTR.fail_pin == BitArray(10, b"\x05\x02")
    assert EXPECTED_FTR.fail_pin.set_bits() == (0, 2, 9)
    assert recs[5] == Prr(
        head_num=1, site_num=2, part_flg=0x08, num_test=0, hard_bin=1, soft_bin=1, x_coord=-3,
        y_coord=4, test_t=1500, part_id="SN1", part_txt="", part_fix=b"",
    )  # fmt: skip
    assert recs[6] == EXPECTED_GDR


def test_big_and_little_endian_files_read_the_same() -> None:
    assert records_of(sample_file(LE))[1:] == records_of(sample_file(BE))[1:]


def test_string_arrays_and_byte_arrays() -> None:
    plr = Body().u2(2).u2(3).u2(4).u2(0).u2(1).u1(2).u1(16).cn("01").cn("HL").cn("").cn("")
    sdr = Body().u1(1).u1(0).u1(3).u1(0).u1(1).u1(5).cn("handler")
    recs = records_of(stdf(record(1, 63, plr), record(1, 80, sdr)))
    assert recs[1] == Plr(
        grp_cnt=2, grp_indx=(3, 4), grp_mode=(0, 1), grp_radx=(2, 16),
        pgm_char=("01", "HL"), rtn_char=("", ""),
    )  # fmt: skip
    assert recs[2] == Sdr(
        head_num=1, site_grp=0, site_cnt=3, site_num=(0, 1, 5), hand_typ="handler"
    )


def test_sn_and_cf_through_decode_fields() -> None:
    for order, endian in ((ByteOrder.LITTLE, LE), (ByteOrder.BIG, BE)):
        body = Body(endian).sn("long string").raw(b"ABCD").u2(2).raw(b"xyzw").u4(9).data
        values = decode_fields(bytes(body), "Sn Cf4 U2 Cf2*2 U4", order)
        assert values == ("long string", "ABCD", 2, ("xy", "zw"), 9)
    assert decode_fields(b"\x01\x00", "U2 Cn R4", ByteOrder.LITTLE) == (1,)
    with pytest.raises(StdfError, match="field #1"):
        decode_fields(b"\x01\x00\x05ab", "U2 Cn", ByteOrder.LITTLE, offset=99)


def test_optional_trailing_fields_are_none_when_the_record_ends_early() -> None:
    short_ptr = Body().u4(9).u1(1).u1(1).u1(0).u1(0).r4(3.5)
    short_mir = Body().u4(0).u4(0).u1(1)
    short_prr = Body().u1(1).u1(1).u1(0).u2(4).u2(1)
    recs = records_of(
        stdf(record(15, 10, short_ptr), record(1, 10, short_mir), record(5, 20, short_prr))
    )
    assert recs[1] == Ptr(test_num=9, head_num=1, site_num=1, test_flg=0, parm_flg=0, result=3.5)
    assert recs[2] == Mir(setup_t=EPOCH, start_t=EPOCH, stat_num=1)
    assert recs[3] == Prr(head_num=1, site_num=1, part_flg=0, num_test=4, hard_bin=1)


def test_record_ending_inside_a_fixed_run_keeps_the_whole_fields() -> None:
    body = Body().u1(1).u1(1).u1(0).u2(4).u2(1).u2(7).i2(-1)  # ends before Y_COORD
    (_, prr_rec) = records_of(stdf(record(5, 20, body)))
    assert prr_rec == Prr(1, 1, 0, 4, 1, soft_bin=7, x_coord=-1)


def test_unknown_records_are_kept_raw_and_filters_skip_decoding() -> None:
    data = stdf(record(180, 7, b"\x01\x02"), pir(1, 1), record(50, 30, Body().cn("hello")))
    recs = records_of(data)
    assert recs[1] == UnknownRecord(rec_typ=180, rec_sub=7, data=b"\x01\x02")
    assert recs[3] == Dtr(text_dat="hello")
    assert list(StdfReader(io.BytesIO(data), only=(Dtr,))) == [Dtr(text_dat="hello")]


def test_record_offset_tracks_the_yielded_record() -> None:
    reader = StdfReader(io.BytesIO(stdf(pir(1, 1), pir(1, 2))))
    offsets = [reader.record_offset for _ in reader]
    assert offsets == [0, 6, 12]


def test_short_reads_from_a_raw_stream_are_completed() -> None:
    class Trickle(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:
            chunk = self._data.read(min(len(buffer), 3))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    data = sample_file(LE)
    assert list(StdfReader(Trickle(data))) == records_of(data)


def test_read_records_opens_a_path(tmp_path: Path) -> None:
    path = tmp_path / "lot.stdf"
    path.write_bytes(sample_file(BE))
    assert list(read_records(path)) == records_of(sample_file(BE))


@pytest.mark.parametrize("endian", [LE, BE])
def test_every_record_class_reads_an_empty_body(endian: str) -> None:
    """No fields at all: all-optional records come out all None, others name the gap."""
    for cls in RECORD_CLASSES:
        data = stdf(record(cls.REC_TYP, cls.REC_SUB, b"", endian), endian=endian)
        required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
        if required:
            with pytest.raises(StdfError, match=f"required field {required[0].upper()}"):
                records_of(data)
        else:
            assert records_of(data)[1] == cls()


# --- errors -------------------------------------------------------------------------------


def test_empty_file() -> None:
    with pytest.raises(StdfError, match="empty file") as err:
        StdfReader(io.BytesIO(b""))
    assert err.value.offset == 0


def test_garbage_fails_at_once() -> None:
    garbage = random.Random(4).randbytes(1 << 20)
    with pytest.raises(StdfError, match="does not start with a FAR") as err:
        StdfReader(io.BytesIO(garbage))
    assert err.value.offset == 0


def test_file_starting_with_another_record() -> None:
    with pytest.raises(StdfError, match="does not start with a FAR"):
        StdfReader(io.BytesIO(mir() + far()))


def test_unsupported_version_and_cpu_type() -> None:
    with pytest.raises(StdfError, match="STDF version 3") as err:
        StdfReader(io.BytesIO(far(LE, version=3)))
    assert err.value.record_type == "FAR"
    with pytest.raises(StdfError, match="CPU_TYPE 0"):
        StdfReader(io.BytesIO(b"\x02\x00\x00\x0a\x00\x04"))
    with pytest.raises(StdfError, match="big-endian but CPU_TYPE 2"):
        StdfReader(io.BytesIO(b"\x00\x02\x00\x0a\x02\x04"))


def test_truncated_last_record_yields_the_good_records_then_fails_with_its_offset() -> None:
    good = stdf(pir(1, 1), pir(1, 2))
    data = good + ptr(5, 1, 1, 1.0, text="vdd", opt_flag=0)[:-3]
    reader = StdfReader(io.BytesIO(data))
    seen = []
    with pytest.raises(StdfError, match="runs past the end of the file") as err:
        seen.extend(reader)
    assert len(seen) == 3
    assert (err.value.offset, err.value.record_type) == (len(good), "PTR")
    assert f"at byte offset {len(good)} (PTR record)" in str(err.value)


def test_truncated_header() -> None:
    data = stdf(pir(1, 1)) + b"\x02\x00"
    with pytest.raises(StdfError, match="header cut off") as err:
        records_of(data)
    assert err.value.offset == len(data) - 2


def test_field_running_past_its_record() -> None:
    bad = Body().u4(5).u1(1).u1(1).u1(0).u1(0).r4(1.0).u1(10).raw(b"abc")  # TEST_TXT: 10 > 3
    data = stdf(pir(1, 1), record(15, 10, bad))
    with pytest.raises(StdfError, match="field TEST_TXT") as err:
        records_of(data)
    assert (err.value.offset, err.value.record_type) == (12, "PTR")


def test_record_missing_a_required_field() -> None:
    with pytest.raises(StdfError, match="required field SITE_NUM") as err:
        records_of(stdf(record(5, 10, b"\x01")))
    assert (err.value.offset, err.value.record_type) == (6, "PIR")


def test_gdr_with_an_unknown_value_type() -> None:
    with pytest.raises(StdfError, match="unknown type code 9"):
        records_of(stdf(record(50, 10, Body().u2(1).u1(9).u1(0))))


def test_docstring_examples_run() -> None:
    assert doctest.testmod(reader_module).failed == 0


def test_an_empty_array_at_the_end_of_a_record_is_present() -> None:
    (_, sdr) = records_of(stdf(record(1, 80, Body().u1(1).u1(0).u1(0))))
    assert sdr == Sdr(head_num=1, site_grp=0, site_cnt=0, site_num=())
