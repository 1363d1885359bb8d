"""Decoding of STDF V4 field types from one record's bytes (no I/O, no file offsets).

A record class's ``FIELD_TYPES`` (see :mod:`.records`) is compiled once per byte order into a
list of steps: each run of fixed-size fields is one :class:`struct.Struct` read, each
variable-length field (``Cn Sn Bn Dn``, arrays, the GDR's ``Vn``) one small reader. Trailing
fields after the end of the record are absent (``None``); a field cut in the middle, or a
record that ends before a required field, raises :class:`FieldError`.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from dataclasses import MISSING, fields
from datetime import datetime, timezone
from typing import Any

from pywats_client.converters.stdf.records import RECORD_CLASSES, BitArray, DecodedRecord

__all__ = ["FieldDecoder", "FieldError", "RecordDecoder", "decoder_for", "record_type_name"]

_FIXED_CODES = {
    "U1": "B", "U2": "H", "U4": "I", "I1": "b", "I2": "h", "I4": "i",
    "R4": "f", "R8": "d", "B1": "B", "C1": "c", "T4": "I",
}  # fmt: skip
# GDR field type codes (STDF V4, GDR): 0 is a pad byte without data, 9 is unused.
_GDR_FIXED = {1: "B", 2: "H", 3: "I", 4: "b", 5: "h", 6: "i", 7: "f", 8: "d"}
_GDR_VARIABLE = {10: "Cn", 11: "Bn", 12: "Dn", 13: "N1"}


class FieldError(Exception):
    """A record whose fields cannot be decoded; the reader adds the offset and record type."""


def _take(pos: int, end: int, size: int) -> int:
    """Position after ``size`` bytes at ``pos``, or FieldError when the record ends first."""
    if pos + size > end:
        raise FieldError(
            f"at record byte {pos} needs {size} bytes, but the record ends at byte {end}"
        )
    return pos + size


def _to_datetime(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _to_char(raw: bytes) -> str:
    return raw.decode("latin-1")


_Converter = Callable[[Any], Any]
# (record body, position, end of record, values decoded so far) -> (value, new position)
_VarReader = Callable[[bytes, int, int, list[Any]], tuple[Any, int]]
_CONVERTERS: dict[str, _Converter] = {"C1": _to_char, "T4": _to_datetime}


def _fixed_format(code: str) -> str | None:
    """The struct format of a fixed-size type code (``Cf8`` = 8-character string), or None."""
    if code in _FIXED_CODES:
        return _FIXED_CODES[code]
    if code.startswith("Cf") and code[2:].isdigit():
        return f"{int(code[2:])}s"
    return None


def _converter(code: str) -> _Converter | None:
    return _to_char if code.startswith("Cf") else _CONVERTERS.get(code)


class _FixedRun:
    """Consecutive fixed-size fields decoded by one struct (falls back field by field)."""

    def __init__(self, codes: list[str], endian: str) -> None:
        formats = [_fixed_format(c) or "" for c in codes]
        self.struct = struct.Struct(endian + "".join(formats))
        self.singles = [struct.Struct(endian + f) for f in formats]
        self.converters = [(i, conv) for i, c in enumerate(codes) if (conv := _converter(c))]

    def read(self, buf: bytes, pos: int, end: int, out: list[Any]) -> int:
        """Append the run's values to ``out``; a record that ends between fields stops early."""
        start = len(out)
        if pos + self.struct.size <= end:
            out.extend(self.struct.unpack_from(buf, pos))
            pos += self.struct.size
        else:
            for single in self.singles:
                if pos == end:
                    break
                new_pos = _take(pos, end, single.size)
                out.append(single.unpack_from(buf, pos)[0])
                pos = new_pos
        for i, convert in self.converters:
            if start + i < len(out):
                out[start + i] = convert(out[start + i])
        return pos


def _var_reader(code: str, endian: str) -> _VarReader:
    """A reader for one variable-length field type (``Cn Sn Bn Dn N1``)."""
    u2 = struct.Struct(endian + "H")

    def read_cn(buf: bytes, pos: int, end: int, _v: list[Any]) -> tuple[Any, int]:
        # The most frequent variable field: bounds checked inline, _take only for the error.
        if pos >= end or pos + 1 + buf[pos] > end:
            _take(pos, end, 1)
            _take(pos + 1, end, buf[pos])
        stop = pos + 1 + buf[pos]
        return buf[pos + 1 : stop].decode("latin-1"), stop

    def read_sn(buf: bytes, pos: int, end: int, _v: list[Any]) -> tuple[Any, int]:
        _take(pos, end, 2)
        stop = _take(pos + 2, end, u2.unpack_from(buf, pos)[0])
        return buf[pos + 2 : stop].decode("latin-1"), stop

    def read_bn(buf: bytes, pos: int, end: int, _v: list[Any]) -> tuple[Any, int]:
        _take(pos, end, 1)
        stop = _take(pos + 1, end, buf[pos])
        return buf[pos + 1 : stop], stop

    def read_dn(buf: bytes, pos: int, end: int, _v: list[Any]) -> tuple[Any, int]:
        _take(pos, end, 2)
        bits = u2.unpack_from(buf, pos)[0]
        stop = _take(pos + 2, end, (bits + 7) // 8)
        return BitArray(bits, buf[pos + 2 : stop]), stop

    def read_n1(buf: bytes, pos: int, end: int, _v: list[Any]) -> tuple[Any, int]:
        return buf[pos] & 0x0F, _take(pos, end, 1)

    readers: dict[str, _VarReader] = {
        "Cn": read_cn, "Sn": read_sn, "Bn": read_bn, "Dn": read_dn, "N1": read_n1,
    }  # fmt: skip
    if code not in readers:
        raise ValueError(f"unknown STDF field type {code!r}")
    return readers[code]


def _array_reader(elem: str, count_index: int, endian: str) -> _VarReader:
    """A reader for a ``TYPE*count`` array (STDF kxTYPE); the count is an earlier field."""
    if elem == "N1":

        def read_nibbles(buf: bytes, pos: int, end: int, v: list[Any]) -> tuple[Any, int]:
            count = v[count_index]
            stop = _take(pos, end, (count + 1) // 2)
            return tuple((buf[pos + (i >> 1)] >> (4 * (i & 1))) & 0x0F for i in range(count)), stop

        return read_nibbles
    fmt = _fixed_format(elem)
    if fmt is not None:
        size = struct.calcsize(fmt)
        convert = _converter(elem)

        def read_fixed(buf: bytes, pos: int, end: int, v: list[Any]) -> tuple[Any, int]:
            count = v[count_index]
            stop = _take(pos, end, size * count)
            layout = f"{count}{fmt}" if len(fmt) == 1 else fmt * count
            items = struct.unpack_from(endian + layout, buf, pos)
            return (tuple(map(convert, items)) if convert else items), stop

        return read_fixed
    read_item = _var_reader(elem, endian)

    def read_items(buf: bytes, pos: int, end: int, v: list[Any]) -> tuple[Any, int]:
        items = []
        for _ in range(v[count_index]):
            item, pos = read_item(buf, pos, end, v)
            items.append(item)
        return tuple(items), pos

    return read_items


def _gdr_reader(count_index: int, endian: str) -> _VarReader:
    """A reader for the GDR's ``Vn`` list: each value is a type-code byte, then its data."""
    fixed = {code: struct.Struct(endian + fmt) for code, fmt in _GDR_FIXED.items()}
    variable = {code: _var_reader(t, endian) for code, t in _GDR_VARIABLE.items()}

    def read_values(buf: bytes, pos: int, end: int, v: list[Any]) -> tuple[Any, int]:
        values: list[Any] = []
        for _ in range(v[count_index]):
            pos = _take(pos, end, 1)
            code = buf[pos - 1]
            if code == 0:  # B0: a pad byte that carries no value
                continue
            if code in fixed:
                single = fixed[code]
                stop = _take(pos, end, single.size)
                values.append(single.unpack_from(buf, pos)[0])
                pos = stop
            elif code in variable:
                value, pos = variable[code](buf, pos, end, v)
                values.append(value)
            else:
                raise FieldError(f"holds a value of unknown type code {code}")
        return tuple(values), pos

    return read_values


class _Step:
    """One decoding step: a run of fixed fields, or one variable-length field."""

    __slots__ = ("count_index", "index", "read_fixed", "read_var")

    def __init__(
        self,
        index: int,
        read_fixed: _FixedRun | None = None,
        read_var: _VarReader | None = None,
        count_index: int | None = None,
    ) -> None:
        self.index = index
        self.read_fixed = read_fixed
        self.read_var = read_var
        self.count_index = count_index


class FieldDecoder:
    """Decodes a sequence of fields (STDF type codes, as in ``FIELD_TYPES``) from a body.

    Args:
        codes: one type code per field; an array names its count field (or its index).
        names: field names for error messages.
        required: how many leading fields must be present.
        endian: ``<`` or ``>``.
    """

    def __init__(
        self, codes: Sequence[str], names: Sequence[str], required: int, endian: str
    ) -> None:
        if len(codes) != len(names):
            raise ValueError(f"{len(codes)} field types for {len(names)} fields")
        self.names = list(names)
        self.required = required
        self.steps: list[_Step] = []
        run: list[str] = []
        for index, code in enumerate(codes):
            if _fixed_format(code) is not None:
                run.append(code)
                continue
            if run:
                self.steps.append(_Step(index - len(run), read_fixed=_FixedRun(run, endian)))
                run = []
            self.steps.append(self._variable_step(index, code, endian))
        if run:
            self.steps.append(_Step(len(codes) - len(run), read_fixed=_FixedRun(run, endian)))

    def _variable_step(self, index: int, code: str, endian: str) -> _Step:
        if "*" not in code:
            return _Step(index, read_var=_var_reader(code, endian))
        elem, count_field = code.split("*")
        if count_field.isdigit():
            count_index = int(count_field)
        else:
            count_index = self.names.index(count_field.upper())
        if count_index >= index:
            raise ValueError(f"array field {index} counts with a later field {count_field}")
        if elem == "Vn":
            return _Step(index, read_var=_gdr_reader(count_index, endian), count_index=count_index)
        reader = _array_reader(elem, count_index, endian)
        return _Step(index, read_var=reader, count_index=count_index)

    def decode(self, buf: bytes) -> list[Any]:
        """The values of the fields present in ``buf`` (fields after its end are left out)."""
        values: list[Any] = []
        pos, end = 0, len(buf)
        try:
            for step in self.steps:
                if pos == end:
                    # The record ends here; only an empty array (no bytes) is still present.
                    ci = step.count_index
                    if ci is not None and len(values) == step.index and values[ci] == 0:
                        values.append(())
                        continue
                    break
                if step.read_fixed is not None:
                    pos = step.read_fixed.read(buf, pos, end, values)
                else:
                    assert step.read_var is not None
                    value, pos = step.read_var(buf, pos, end, values)
                    values.append(value)
        except FieldError as exc:
            raise FieldError(f"field {self.names[len(values)]} {exc}") from None
        if len(values) < self.required:
            raise FieldError(
                f"record ends ({end} bytes) before its required field {self.names[len(values)]}"
            )
        return values


class RecordDecoder:
    """Turns one record body into its dataclass, for one record class and byte order."""

    def __init__(self, cls: type[DecodedRecord], endian: str) -> None:
        self.cls = cls
        self.name = cls.__name__.upper()
        names = [f.name.upper() for f in fields(cls)]
        required = sum(1 for f in fields(cls) if f.default is MISSING)
        self.fields = FieldDecoder(cls.FIELD_TYPES.split(), names, required, endian)

    def decode(self, buf: bytes) -> DecodedRecord:
        """The record object for one record body (the bytes after the 4-byte header)."""
        return self.cls(*self.fields.decode(buf))


_DECODERS: dict[tuple[type[DecodedRecord], str], RecordDecoder] = {}


def decoder_for(cls: type[DecodedRecord], endian: str) -> RecordDecoder:
    """The (cached) decoder of a record class for a byte order (``<`` or ``>``)."""
    decoder = _DECODERS.get((cls, endian))
    if decoder is None:
        decoder = _DECODERS[(cls, endian)] = RecordDecoder(cls, endian)
    return decoder


_RECORD_NAMES = {(c.REC_TYP, c.REC_SUB): c.__name__.upper() for c in RECORD_CLASSES}


def record_type_name(rec_typ: int, rec_sub: int) -> str:
    """The record's STDF name (``PTR``), or ``REC_TYP/REC_SUB`` for an unknown type."""
    return _RECORD_NAMES.get((rec_typ, rec_sub), f"{rec_typ}/{rec_sub}")
