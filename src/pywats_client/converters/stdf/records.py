"""Typed STDF V4 records, one frozen dataclass per record type.

Field names are the STDF V4 specification's names in lower case (``TEST_NUM`` -> ``test_num``)
so that anyone holding the specification can find a field. Each class carries its record type
and sub-type (``REC_TYP``/``REC_SUB``) and ``FIELD_TYPES``: the STDF data type of each field,
in field order, which the reader compiles into a decoder:

- ``U1 U2 U4 I1 I2 I4 R4 R8`` numbers, ``B1`` a flag byte (int), ``C1`` one character,
- ``Cn`` (1-byte length) and ``Sn`` (2-byte length) strings, ``Bn`` bytes (1-byte count),
  ``Dn`` a bit field (2-byte *bit* count, see :class:`BitArray`), ``N1`` a nibble,
- ``T4`` is a ``U4`` holding seconds since 1970, turned into a UTC :class:`~datetime.datetime`,
- ``TYPE*field`` is an array whose length is the value of an earlier count field
  (STDF's ``kxTYPE``); ``N1`` arrays pack two nibbles per byte, low nibble first,
- ``Vn*field`` is the GDR's list of self-typed values.

Fields without a default are required: a record that ends before them is an error. Every other
field is optional and is ``None`` when the record ends before it (STDF lets a writer drop
trailing fields). Values are kept as written: "missing" markers such as ``SOFT_BIN = 65535`` or
``X_COORD = -32768`` are interpreted by :mod:`.parts`, not here.

Timezone caveat: STDF times are the tester's *local* wall-clock time written as if it were
seconds since the epoch; the reader labels them UTC because the file holds no zone. Treat the
datetime's wall-clock fields as tester-local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, TypeAlias

__all__ = [
    "RECORD_CLASSES",
    "Atr",
    "BitArray",
    "Bps",
    "DecodedRecord",
    "Dtr",
    "Eps",
    "Far",
    "Ftr",
    "Gdr",
    "GdrValue",
    "Hbr",
    "Mir",
    "Mpr",
    "Mrr",
    "Pcr",
    "Pgr",
    "Pir",
    "Plr",
    "Pmr",
    "Prr",
    "Ptr",
    "Rdr",
    "Record",
    "Sbr",
    "Sdr",
    "Tsr",
    "UnknownRecord",
    "Wcr",
    "Wir",
    "Wrr",
]


@dataclass(frozen=True, slots=True)
class BitArray:
    """An STDF ``Dn`` field: ``bit_count`` bits, bit 0 is the lowest bit of the first byte."""

    bit_count: int
    data: bytes

    def set_bits(self) -> tuple[int, ...]:
        """Indexes of the bits that are 1."""
        return tuple(i for i in range(self.bit_count) if self.data[i >> 3] & (1 << (i & 7)))


GdrValue: TypeAlias = int | float | str | bytes | BitArray


@dataclass(frozen=True, slots=True)
class Far:
    """File Attributes Record: byte order (CPU_TYPE) and STDF version; always first."""

    REC_TYP: ClassVar[int] = 0
    REC_SUB: ClassVar[int] = 10
    FIELD_TYPES: ClassVar[str] = "U1 U1"
    cpu_type: int
    stdf_ver: int


@dataclass(frozen=True, slots=True)
class Atr:
    """Audit Trail Record: a program that modified the file."""

    REC_TYP: ClassVar[int] = 0
    REC_SUB: ClassVar[int] = 20
    FIELD_TYPES: ClassVar[str] = "T4 Cn"
    mod_tim: datetime | None = None
    cmd_line: str | None = None


@dataclass(frozen=True, slots=True)
class Mir:
    """Master Information Record: lot, product, program and tester of the whole file."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 10
    FIELD_TYPES: ClassVar[str] = "T4 T4 U1 C1 C1 C1 U2 C1" + " Cn" * 30
    setup_t: datetime
    start_t: datetime
    stat_num: int
    mode_cod: str | None = None
    rtst_cod: str | None = None
    prot_cod: str | None = None
    burn_tim: int | None = None
    cmod_cod: str | None = None
    lot_id: str | None = None
    part_typ: str | None = None
    node_nam: str | None = None
    tstr_typ: str | None = None
    job_nam: str | None = None
    job_rev: str | None = None
    sblot_id: str | None = None
    oper_nam: str | None = None
    exec_typ: str | None = None
    exec_ver: str | None = None
    test_cod: str | None = None
    tst_temp: str | None = None
    user_txt: str | None = None
    aux_file: str | None = None
    pkg_typ: str | None = None
    famly_id: str | None = None
    date_cod: str | None = None
    facil_id: str | None = None
    floor_id: str | None = None
    proc_id: str | None = None
    oper_frq: str | None = None
    spec_nam: str | None = None
    spec_ver: str | None = None
    flow_id: str | None = None
    setup_id: str | None = None
    dsgn_rev: str | None = None
    eng_id: str | None = None
    rom_cod: str | None = None
    serl_num: str | None = None
    supr_nam: str | None = None


@dataclass(frozen=True, slots=True)
class Mrr:
    """Master Results Record: end of the file's testing."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 20
    FIELD_TYPES: ClassVar[str] = "T4 C1 Cn Cn"
    finish_t: datetime
    disp_cod: str | None = None
    usr_desc: str | None = None
    exc_desc: str | None = None


@dataclass(frozen=True, slots=True)
class Pcr:
    """Part Count Record (per head/site, or head 255 for all)."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 30
    FIELD_TYPES: ClassVar[str] = "U1 U1 U4 U4 U4 U4 U4"
    head_num: int
    site_num: int
    part_cnt: int
    rtst_cnt: int | None = None
    abrt_cnt: int | None = None
    good_cnt: int | None = None
    func_cnt: int | None = None


@dataclass(frozen=True, slots=True)
class Hbr:
    """Hardware Bin Record: a hard bin's count and pass/fail (``P``/``F``)."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 40
    FIELD_TYPES: ClassVar[str] = "U1 U1 U2 U4 C1 Cn"
    head_num: int
    site_num: int
    hbin_num: int
    hbin_cnt: int
    hbin_pf: str | None = None
    hbin_nam: str | None = None


@dataclass(frozen=True, slots=True)
class Sbr:
    """Software Bin Record: a soft bin's count and pass/fail (``P``/``F``)."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 50
    FIELD_TYPES: ClassVar[str] = "U1 U1 U2 U4 C1 Cn"
    head_num: int
    site_num: int
    sbin_num: int
    sbin_cnt: int
    sbin_pf: str | None = None
    sbin_nam: str | None = None


@dataclass(frozen=True, slots=True)
class Pmr:
    """Pin Map Record: names of the pin (channel) that MPR/FTR pin indexes refer to."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 60
    FIELD_TYPES: ClassVar[str] = "U2 U2 Cn Cn Cn U1 U1"
    pmr_indx: int
    chan_typ: int | None = None
    chan_nam: str | None = None
    phy_nam: str | None = None
    log_nam: str | None = None
    head_num: int | None = None
    site_num: int | None = None


@dataclass(frozen=True, slots=True)
class Pgr:
    """Pin Group Record: a named group of PMR indexes."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 62
    FIELD_TYPES: ClassVar[str] = "U2 Cn U2 U2*indx_cnt"
    grp_indx: int
    grp_nam: str | None = None
    indx_cnt: int | None = None
    pmr_indx: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class Plr:
    """Pin List Record: display mode, radix and state characters of pins or pin groups."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 63
    FIELD_TYPES: ClassVar[str] = (
        "U2 U2*grp_cnt U2*grp_cnt U1*grp_cnt Cn*grp_cnt Cn*grp_cnt Cn*grp_cnt Cn*grp_cnt"
    )
    grp_cnt: int
    grp_indx: tuple[int, ...] | None = None
    grp_mode: tuple[int, ...] | None = None
    grp_radx: tuple[int, ...] | None = None
    pgm_char: tuple[str, ...] | None = None
    rtn_char: tuple[str, ...] | None = None
    pgm_chal: tuple[str, ...] | None = None
    rtn_chal: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Rdr:
    """Retest Data Record: the bins being retested."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 70
    FIELD_TYPES: ClassVar[str] = "U2 U2*num_bins"
    num_bins: int
    rtst_bin: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class Sdr:
    """Site Description Record: sites of a site group and their handler/probe hardware."""

    REC_TYP: ClassVar[int] = 1
    REC_SUB: ClassVar[int] = 80
    FIELD_TYPES: ClassVar[str] = "U1 U1 U1 U1*site_cnt" + " Cn" * 16
    head_num: int
    site_grp: int
    site_cnt: int
    site_num: tuple[int, ...]
    hand_typ: str | None = None
    hand_id: str | None = None
    card_typ: str | None = None
    card_id: str | None = None
    load_typ: str | None = None
    load_id: str | None = None
    dib_typ: str | None = None
    dib_id: str | None = None
    cabl_typ: str | None = None
    cabl_id: str | None = None
    cont_typ: str | None = None
    cont_id: str | None = None
    lasr_typ: str | None = None
    lasr_id: str | None = None
    extr_typ: str | None = None
    extr_id: str | None = None


@dataclass(frozen=True, slots=True)
class Wir:
    """Wafer Information Record: a wafer starts on a head."""

    REC_TYP: ClassVar[int] = 2
    REC_SUB: ClassVar[int] = 10
    FIELD_TYPES: ClassVar[str] = "U1 U1 T4 Cn"
    head_num: int
    site_grp: int
    start_t: datetime
    wafer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Wrr:
    """Wafer Results Record: a wafer ends; its counts and identifiers."""

    REC_TYP: ClassVar[int] = 2
    REC_SUB: ClassVar[int] = 20
    FIELD_TYPES: ClassVar[str] = "U1 U1 T4 U4 U4 U4 U4 U4 Cn Cn Cn Cn Cn Cn"
    head_num: int
    site_grp: int
    finish_t: datetime
    part_cnt: int
    rtst_cnt: int | None = None
    abrt_cnt: int | None = None
    good_cnt: int | None = None
    func_cnt: int | None = None
    wafer_id: str | None = None
    fabwf_id: str | None = None
    frame_id: str | None = None
    mask_id: str | None = None
    usr_desc: str | None = None
    exc_desc: str | None = None


@dataclass(frozen=True, slots=True)
class Wcr:
    """Wafer Configuration Record: wafer size, die size and coordinate orientation."""

    REC_TYP: ClassVar[int] = 2
    REC_SUB: ClassVar[int] = 30
    FIELD_TYPES: ClassVar[str] = "R4 R4 R4 U1 C1 I2 I2 C1 C1"
    wafr_siz: float | None = None
    die_ht: float | None = None
    die_wid: float | None = None
    wf_units: int | None = None
    wf_flat: str | None = None
    center_x: int | None = None
    center_y: int | None = None
    pos_x: str | None = None
    pos_y: str | None = None


@dataclass(frozen=True, slots=True)
class Pir:
    """Part Information Record: a part starts on (head, site)."""

    REC_TYP: ClassVar[int] = 5
    REC_SUB: ClassVar[int] = 10
    FIELD_TYPES: ClassVar[str] = "U1 U1"
    head_num: int
    site_num: int


@dataclass(frozen=True, slots=True)
class Prr:
    """Part Results Record: a part on (head, site) ends; bins, pass/fail, id, wafer X/Y."""

    REC_TYP: ClassVar[int] = 5
    REC_SUB: ClassVar[int] = 20
    FIELD_TYPES: ClassVar[str] = "U1 U1 B1 U2 U2 U2 I2 I2 U4 Cn Cn Bn"
    head_num: int
    site_num: int
    part_flg: int
    num_test: int
    hard_bin: int
    soft_bin: int | None = None
    x_coord: int | None = None
    y_coord: int | None = None
    test_t: int | None = None
    part_id: str | None = None
    part_txt: str | None = None
    part_fix: bytes | None = None


@dataclass(frozen=True, slots=True)
class Tsr:
    """Test Synopsis Record: per-test counts and the test's name (often only here)."""

    REC_TYP: ClassVar[int] = 10
    REC_SUB: ClassVar[int] = 30
    FIELD_TYPES: ClassVar[str] = "U1 U1 C1 U4 U4 U4 U4 Cn Cn Cn B1 R4 R4 R4 R4 R4"
    head_num: int
    site_num: int
    test_typ: str
    test_num: int
    exec_cnt: int | None = None
    fail_cnt: int | None = None
    alrm_cnt: int | None = None
    test_nam: str | None = None
    seq_name: str | None = None
    test_lbl: str | None = None
    opt_flag: int | None = None
    test_tim: float | None = None
    test_min: float | None = None
    test_max: float | None = None
    tst_sums: float | None = None
    tst_sqrs: float | None = None


@dataclass(frozen=True, slots=True)
class Ptr:
    """Parametric Test Record: one measured value with limits (defaults in the first PTR)."""

    REC_TYP: ClassVar[int] = 15
    REC_SUB: ClassVar[int] = 10
    FIELD_TYPES: ClassVar[str] = "U4 U1 U1 B1 B1 R4 Cn Cn B1 I1 I1 I1 R4 R4 Cn Cn Cn Cn R4 R4"
    test_num: int
    head_num: int
    site_num: int
    test_flg: int
    parm_flg: int | None = None
    result: float | None = None
    test_txt: str | None = None
    alarm_id: str | None = None
    opt_flag: int | None = None
    res_scal: int | None = None
    llm_scal: int | None = None
    hlm_scal: int | None = None
    lo_limit: float | None = None
    hi_limit: float | None = None
    units: str | None = None
    c_resfmt: str | None = None
    c_llmfmt: str | None = None
    c_hlmfmt: str | None = None
    lo_spec: float | None = None
    hi_spec: float | None = None


@dataclass(frozen=True, slots=True)
class Mpr:
    """Multiple-Result Parametric Record: one value and state per pin, shared limits."""

    REC_TYP: ClassVar[int] = 15
    REC_SUB: ClassVar[int] = 15
    FIELD_TYPES: ClassVar[str] = (
        "U4 U1 U1 B1 B1 U2 U2 N1*rtn_icnt R4*rslt_cnt Cn Cn B1 I1 I1 I1 R4 R4 R4 R4"
        " U2*rtn_icnt Cn Cn Cn Cn Cn R4 R4"
    )
    test_num: int
    head_num: int
    site_num: int
    test_flg: int
    parm_flg: int | None = None
    rtn_icnt: int | None = None
    rslt_cnt: int | None = None
    rtn_stat: tuple[int, ...] | None = None
    rtn_rslt: tuple[float, ...] | None = None
    test_txt: str | None = None
    alarm_id: str | None = None
    opt_flag: int | None = None
    res_scal: int | None = None
    llm_scal: int | None = None
    hlm_scal: int | None = None
    lo_limit: float | None = None
    hi_limit: float | None = None
    start_in: float | None = None
    incr_in: float | None = None
    rtn_indx: tuple[int, ...] | None = None
    units: str | None = None
    units_in: str | None = None
    c_resfmt: str | None = None
    c_llmfmt: str | None = None
    c_hlmfmt: str | None = None
    lo_spec: float | None = None
    hi_spec: float | None = None


@dataclass(frozen=True, slots=True)
class Ftr:
    """Functional Test Record: pass/fail of a pattern (vector) run, failing pins."""

    REC_TYP: ClassVar[int] = 15
    REC_SUB: ClassVar[int] = 20
    FIELD_TYPES: ClassVar[str] = (
        "U4 U1 U1 B1 B1 U4 U4 U4 U4 I4 I4 I2 U2 U2 U2*rtn_icnt N1*rtn_icnt U2*pgm_icnt"
        " N1*pgm_icnt Dn Cn Cn Cn Cn Cn Cn Cn U1 Dn"
    )
    test_num: int
    head_num: int
    site_num: int
    test_flg: int
    opt_flag: int | None = None
    cycl_cnt: int | None = None
    rel_vadr: int | None = None
    rept_cnt: int | None = None
    num_fail: int | None = None
    xfail_ad: int | None = None
    yfail_ad: int | None = None
    vect_off: int | None = None
    rtn_icnt: int | None = None
    pgm_icnt: int | None = None
    rtn_indx: tuple[int, ...] | None = None
    rtn_stat: tuple[int, ...] | None = None
    pgm_indx: tuple[int, ...] | None = None
    pgm_stat: tuple[int, ...] | None = None
    fail_pin: BitArray | None = None
    vect_nam: str | None = None
    time_set: str | None = None
    op_code: str | None = None
    test_txt: str | None = None
    alarm_id: str | None = None
    prog_txt: str | None = None
    rslt_txt: str | None = None
    patg_num: int | None = None
    spin_map: BitArray | None = None


@dataclass(frozen=True, slots=True)
class Bps:
    """Begin Program Section Record."""

    REC_TYP: ClassVar[int] = 20
    REC_SUB: ClassVar[int] = 10
    FIELD_TYPES: ClassVar[str] = "Cn"
    seq_name: str | None = None


@dataclass(frozen=True, slots=True)
class Eps:
    """End Program Section Record (no fields)."""

    REC_TYP: ClassVar[int] = 20
    REC_SUB: ClassVar[int] = 20
    FIELD_TYPES: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class Gdr:
    """Generic Data Record: self-typed values (``B0`` pad bytes are dropped)."""

    REC_TYP: ClassVar[int] = 50
    REC_SUB: ClassVar[int] = 10
    FIELD_TYPES: ClassVar[str] = "U2 Vn*fld_cnt"
    fld_cnt: int
    gen_data: tuple[GdrValue, ...] | None = None


@dataclass(frozen=True, slots=True)
class Dtr:
    """Datalog Text Record: free text the test program logged."""

    REC_TYP: ClassVar[int] = 50
    REC_SUB: ClassVar[int] = 30
    FIELD_TYPES: ClassVar[str] = "Cn"
    text_dat: str | None = None


@dataclass(frozen=True, slots=True)
class UnknownRecord:
    """A record type this reader does not decode (e.g. STDF V4-2007 additions), kept raw."""

    rec_typ: int
    rec_sub: int
    data: bytes


DecodedRecord: TypeAlias = (
    Far | Atr | Mir | Mrr | Pcr | Hbr | Sbr | Pmr | Pgr | Plr | Rdr | Sdr | Wir | Wrr | Wcr
    | Pir | Prr | Tsr | Ptr | Mpr | Ftr | Bps | Eps | Gdr | Dtr
)  # fmt: skip
Record: TypeAlias = DecodedRecord | UnknownRecord
"""Any record the reader yields; narrow it with ``isinstance`` or ``match``."""

RECORD_CLASSES: tuple[type[DecodedRecord], ...] = (
    Far, Atr, Mir, Mrr, Pcr, Hbr, Sbr, Pmr, Pgr, Plr, Rdr, Sdr, Wir, Wrr, Wcr,
    Pir, Prr, Tsr, Ptr, Mpr, Ftr, Bps, Eps, Gdr, Dtr,
)  # fmt: skip
"""Every record class the reader decodes (all of :data:`Record` but :class:`UnknownRecord`)."""
