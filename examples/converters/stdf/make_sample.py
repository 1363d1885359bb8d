"""Write ``LQ2417_FT1_sample.stdf``: a small, made-up STDF V4 final-test datalog.

Run ``python examples/converters/stdf/make_sample.py`` to (re)create it beside this script; the
output is byte-for-byte deterministic and committed, so tests do not need to run this.

What the file holds (two sites tested in parallel, records interleaved the way testers write):

* MIR: lot LQ2417, part type TPS7A-QFN20, job tps7a_ft.prg rev B3, tester ETS-88 on node
  ETS88-02, operator kchen, test code FT1, start 2026-03-12 09:14:05 (tester clock);
* pins VIN, EN and VOUT (PMR);
* part 1 (site 1) passes; part 2 (site 2) fails VOUT (above its exclusive high limit, bins
  5/52); part 3 (site 1) has no PART_ID, writes short records that inherit their limits and
  units from the first ones, and one leakage pin fails a test that does not bin the part;
  part 4 (site 2) is the retest of part 2 (PART_FLG bit 0) and passes;
* per test: continuity (PTR, inclusive limits), quiescent current (PTR, high limit only),
  VOUT (PTR, exclusive limits), leakage (MPR on VIN and EN), scan (FTR);
* summaries: TSR test names, HBR/SBR bins, PCR counts, and the closing MRR.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

OUTPUT = Path(__file__).with_name("LQ2417_FT1_sample.stdf")
START = int(datetime(2026, 3, 12, 9, 14, 5, tzinfo=timezone.utc).timestamp())
"""STDF times are the tester's wall clock written as epoch seconds (no zone)."""


def u1(v: int) -> bytes:
    return struct.pack("<B", v)


def u2(v: int) -> bytes:
    return struct.pack("<H", v)


def u4(v: int) -> bytes:
    return struct.pack("<I", v)


def i2(v: int) -> bytes:
    return struct.pack("<h", v)


def r4(v: float) -> bytes:
    return struct.pack("<f", v)


def cn(text: str) -> bytes:
    data = text.encode("ascii")
    return u1(len(data)) + data


def c1(char: str) -> bytes:
    return char.encode("ascii")


def nibbles(values: list[int]) -> bytes:
    """``kxN1``: two 4-bit values per byte, the first in the low nibble."""
    padded = [*values, 0] if len(values) % 2 else values
    return bytes(lo | (hi << 4) for lo, hi in zip(padded[0::2], padded[1::2], strict=True))


def record(typ: int, sub: int, body: bytes) -> bytes:
    return u2(len(body)) + u1(typ) + u1(sub) + body


def far() -> bytes:
    return record(0, 10, u1(2) + u1(4))  # CPU_TYPE 2 = little-endian, STDF V4


def mir() -> bytes:
    body = u4(START - 300) + u4(START) + u1(1) + c1("P") + c1(" ") + c1(" ") + u2(65535)
    body += c1(" ")
    for text in ("LQ2417", "TPS7A-QFN20", "ETS88-02", "ETS-88", "tps7a_ft.prg", "B3", "",
                 "kchen", "ETS-88 RTOS", "2024.1", "FT1"):  # fmt: skip
        body += cn(text)
    return record(1, 10, body)


def pmr(index: int, name: str) -> bytes:
    return record(1, 60, u2(index) + u2(0) + cn(f"CH{index}") + cn(f"P{index}") + cn(name))


def pir(site: int) -> bytes:
    return record(5, 10, u1(1) + u1(site))


@dataclass(frozen=True)
class Limits:
    """What the first PTR of a test says for all later ones (STDF "default data")."""

    low: float
    high: float
    units: str
    opt_flag: int = 0x0E  # bits 2-3: no specs; bit 6: no low limit; bit 7: no high limit


def ptr(
    num: int, site: int, flg: int, value: float, parm_flg: int, name: str = "",
    limits: Limits | None = None,
) -> bytes:  # fmt: skip
    """A PTR; PARM_FLG bits 6/7 = a result equal to the low/high limit passes."""
    body = u4(num) + u1(1) + u1(site) + u1(flg) + u1(parm_flg) + r4(value) + cn(name)
    if limits is not None:
        body += cn("") + u1(limits.opt_flag) + bytes(3) + r4(limits.low) + r4(limits.high)
        body += cn(limits.units)
    return record(15, 10, body)


def mpr(site: int, flg: int, values: list[float], first: bool) -> bytes:
    body = u4(400) + u1(1) + u1(site) + u1(flg) + u1(0xC0)
    body += u2(2 if first else 0) + u2(len(values))
    body += nibbles([0, 0]) if first else b""
    body += b"".join(r4(v) for v in values)
    body += cn("Leakage" if first else "")
    if first:
        body += cn("") + u1(0x0E) + bytes(3) + r4(-1e-6) + r4(1e-6) + r4(0.0) + r4(0.0)
        body += u2(1) + u2(2) + cn("A")
    return record(15, 15, body)


def ftr(site: int, flg: int, fails: int, first: bool) -> bytes:
    body = u4(500) + u1(1) + u1(site) + u1(flg) + u1(0xFF & ~0x08)  # only NUM_FAIL valid
    body += u4(0) + u4(0) + u4(0) + u4(fails) + struct.pack("<ii", 0, 0) + i2(0)
    body += u2(0) + u2(0) + u2(0)  # no pin arrays; empty FAIL_PIN bit field
    body += cn("scan_chain_a") + cn("ts1") + cn("") + cn("Scan" if first else "")
    return record(15, 20, body)


def prr(site: int, flg: int, tests: int, hbin: int, sbin: int, time_ms: int, part_id: str) -> bytes:
    body = u1(1) + u1(site) + u1(flg) + u2(tests) + u2(hbin) + u2(sbin)
    body += i2(-32768) + i2(-32768) + u4(time_ms) + cn(part_id) + cn("")
    return record(5, 20, body)


def tsr(typ: str, num: int, name: str, fails: int) -> bytes:
    body = u1(255) + u1(255) + c1(typ) + u4(num) + u4(4) + u4(fails) + u4(0xFFFFFFFF)
    return record(10, 30, body + cn(name) + cn("") + cn(""))


def bins(typ: int, sub: int, number: int, count: int, pf: str, name: str) -> bytes:
    return record(typ, sub, u1(255) + u1(255) + u2(number) + u4(count) + c1(pf) + cn(name))


def build() -> bytes:
    continuity = Limits(-0.9, -0.2, "V")
    iq = Limits(0.0, 60e-6, "A", opt_flag=0x4E)  # high limit only
    vout = Limits(3.25, 3.35, "V")
    inclusive, exclusive = 0xC0, 0x00
    out = [far(), mir(), pmr(1, "VIN"), pmr(2, "EN"), pmr(3, "VOUT")]
    out += [pir(1), pir(2)]
    # First records of each test carry the names, limits and units.
    out += [ptr(100, 1, 0x00, -0.52, inclusive, "Continuity VIN", continuity)]
    out += [ptr(100, 2, 0x00, -0.55, inclusive, "Continuity VIN", continuity)]
    out += [ptr(200, 1, 0x00, 38.5e-6, inclusive, "IQ no load", iq)]
    out += [ptr(200, 2, 0x00, 41.25e-6, inclusive, "IQ no load", iq)]
    out += [ptr(300, 1, 0x00, 3.301, exclusive, "VOUT 3V3 100mA", vout)]
    out += [ptr(300, 2, 0x80, 3.372, exclusive, "VOUT 3V3 100mA", vout)]
    out += [mpr(1, 0x00, [2.1e-8, 3.4e-8], True), ftr(1, 0x00, 0, True)]
    out += [prr(1, 0x00, 5, 1, 1, 412, "1")]
    out += [prr(2, 0x08, 3, 5, 52, 188, "2")]  # failed at VOUT, tests stopped
    # Part 3 (site 1): short records inherit names, limits and units; no PART_ID.
    out += [pir(1), pir(2)]
    out += [ptr(100, 1, 0x00, -0.49, inclusive), ptr(200, 1, 0x00, 44.0e-6, inclusive)]
    out += [ptr(300, 1, 0x00, 3.296, exclusive)]
    out += [mpr(1, 0x80, [1.8e-8, 2.7e-6], False), ftr(1, 0x00, 0, False)]
    # Part 4 (site 2): the retest of part 2.
    out += [ptr(100, 2, 0x00, -0.54, inclusive), ptr(200, 2, 0x00, 40.1e-6, inclusive)]
    out += [ptr(300, 2, 0x00, 3.318, exclusive)]
    out += [mpr(2, 0x00, [2.6e-8, 3.0e-8], False), ftr(2, 0x00, 0, False)]
    out += [prr(1, 0x00, 5, 1, 1, 405, "")]
    out += [prr(2, 0x01, 5, 1, 1, 398, "2")]
    out += [tsr("P", 100, "Continuity VIN", 0), tsr("P", 200, "IQ no load", 0)]
    out += [tsr("P", 300, "VOUT 3V3 100mA", 1), tsr("M", 400, "Leakage", 1)]
    out += [tsr("F", 500, "Scan", 0)]
    out += [bins(1, 40, 1, 3, "P", "PASS"), bins(1, 40, 5, 1, "F", "VOUT_FAIL")]
    out += [bins(1, 50, 1, 3, "P", "PASS"), bins(1, 50, 52, 1, "F", "VOUT_HIGH")]
    out += [record(1, 30, u1(255) + u1(255) + u4(4) + u4(1) + u4(0) + u4(3) + u4(4))]
    out += [record(1, 20, u4(START + 3) + c1(" ") + cn("") + cn(""))]
    return b"".join(out)


if __name__ == "__main__":
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")
