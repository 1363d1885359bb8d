"""A tiny STDF V4 writer for tests: build small byte streams field by field.

Written by hand from the STDF V4 layout (not from the reader's FIELD_TYPES), so a wrong field
type in the reader shows up as a failing test instead of being mirrored here.
"""

from __future__ import annotations

import struct

LE = "<"
BE = ">"


class Body:
    """Fields of one record body, appended in order (each method returns self)."""

    def __init__(self, endian: str = LE) -> None:
        self.endian = endian
        self.data = bytearray()

    def _pack(self, fmt: str, *values: object) -> Body:
        self.data += struct.pack(self.endian + fmt, *values)
        return self

    def u1(self, v: int) -> Body:
        return self._pack("B", v)

    def u2(self, v: int) -> Body:
        return self._pack("H", v)

    def u4(self, v: int) -> Body:
        return self._pack("I", v)

    def i1(self, v: int) -> Body:
        return self._pack("b", v)

    def i2(self, v: int) -> Body:
        return self._pack("h", v)

    def i4(self, v: int) -> Body:
        return self._pack("i", v)

    def r4(self, v: float) -> Body:
        return self._pack("f", v)

    def r8(self, v: float) -> Body:
        return self._pack("d", v)

    def c1(self, v: str) -> Body:
        return self.raw(v.encode("latin-1")[:1])

    def cn(self, v: str) -> Body:
        raw = v.encode("latin-1")
        return self.u1(len(raw)).raw(raw)

    def sn(self, v: str) -> Body:
        raw = v.encode("latin-1")
        return self.u2(len(raw)).raw(raw)

    def bn(self, v: bytes) -> Body:
        return self.u1(len(v)).raw(v)

    def dn(self, bit_count: int, v: bytes) -> Body:
        return self.u2(bit_count).raw(v)

    def nibbles(self, values: list[int]) -> Body:
        """A packed N1 array: two nibbles per byte, the first in the low four bits."""
        padded = [*values, 0] if len(values) % 2 else values
        pairs = zip(padded[::2], padded[1::2], strict=True)
        return self.raw(bytes(lo | (hi << 4) for lo, hi in pairs))

    def raw(self, v: bytes) -> Body:
        self.data += v
        return self


def record(typ: int, sub: int, body: Body | bytes = b"", endian: str = LE) -> bytes:
    """One record: REC_LEN U2, REC_TYP U1, REC_SUB U1, then the body."""
    data = bytes(body.data if isinstance(body, Body) else body)
    return struct.pack(endian + "HBB", len(data), typ, sub) + data


def far(endian: str = LE, version: int = 4) -> bytes:
    cpu_type = 2 if endian == LE else 1
    return record(0, 10, bytes([cpu_type, version]), endian)


def stdf(*records: bytes, endian: str = LE) -> bytes:
    """A whole file: the FAR, then the records."""
    return far(endian) + b"".join(records)


def mir(
    lot_id: str = "LOT1", part_typ: str = "PT", job_nam: str = "JOB", endian: str = LE
) -> bytes:
    b = Body(endian).u4(1_600_000_000).u4(1_600_000_100).u1(3)
    b.c1("P").c1(" ").c1(" ").u2(65535).c1(" ")
    b.cn(lot_id).cn(part_typ).cn("node7").cn("93000").cn(job_nam).cn("r2")
    return record(1, 10, b, endian)


def pir(head: int, site: int, endian: str = LE) -> bytes:
    return record(5, 10, Body(endian).u1(head).u1(site), endian)


def prr(
    head: int,
    site: int,
    part_flg: int = 0,
    *,
    num_test: int = 0,
    hard_bin: int = 1,
    soft_bin: int = 1,
    x: int = -32768,
    y: int = -32768,
    test_t: int = 0,
    part_id: str = "",
    endian: str = LE,
) -> bytes:
    b = Body(endian).u1(head).u1(site).u1(part_flg).u2(num_test).u2(hard_bin).u2(soft_bin)
    b.i2(x).i2(y).u4(test_t).cn(part_id).cn("").bn(b"")
    return record(5, 20, b, endian)


def ptr(
    test_num: int,
    head: int,
    site: int,
    result: float,
    *,
    test_flg: int = 0,
    parm_flg: int = 0,
    text: str = "",
    opt_flag: int | None = None,
    lo: float = 0.0,
    hi: float = 0.0,
    units: str = "",
    endian: str = LE,
) -> bytes:
    """A PTR; with ``opt_flag=None`` it ends after ALARM_ID (limits inherited)."""
    b = Body(endian).u4(test_num).u1(head).u1(site).u1(test_flg).u1(parm_flg).r4(result)
    b.cn(text).cn("")
    if opt_flag is not None:
        b.u1(opt_flag).i1(0).i1(0).i1(0).r4(lo).r4(hi).cn(units)
    return record(15, 10, b, endian)


def tsr(test_num: int, name: str, test_typ: str = "P", endian: str = LE) -> bytes:
    b = Body(endian).u1(255).u1(0).c1(test_typ).u4(test_num).u4(1).u4(0).u4(0).cn(name)
    return record(10, 30, b, endian)
