"""Streaming STDF V4 reader: a binary file object in, typed records out.

The file is read one record at a time (4-byte header ``REC_LEN U2, REC_TYP U1, REC_SUB U1``, then
``REC_LEN`` bytes), so memory stays flat for files of any size. The first record must be the
FAR; its ``CPU_TYPE`` sets the byte order of everything after it (1 = big-endian Sun/Motorola,
2 = little-endian PC; 0 = VAX/PDP-11, whose floats are not IEEE, is refused).

Every problem is a :class:`StdfError` carrying the byte offset of the record and its type:
a file that does not start with a FAR, an STDF version other than 4, a header or record cut
off by the end of the file, or a field that runs past the end of its record. A file whose
last record is truncated yields every good record first and then raises, so a caller can
decide whether the records it already has are worth keeping.

Field decoding lives in :mod:`._decode` (pure functions on bytes); this module owns the I/O
and turns decoding problems into :class:`StdfError` with the record's offset.
"""

from __future__ import annotations

import enum
import os
import struct
from collections.abc import Collection, Iterator
from typing import Any, BinaryIO

from pywats_client.converters.stdf._decode import (
    FieldDecoder,
    FieldError,
    RecordDecoder,
    decoder_for,
    record_type_name,
)
from pywats_client.converters.stdf.records import RECORD_CLASSES, Far, Record, UnknownRecord

__all__ = ["ByteOrder", "StdfError", "StdfReader", "decode_fields", "read_records"]

_HEADER_SIZE = 4
_READ_BUFFER_BYTES = 1 << 20
_KNOWN_TYPES = frozenset((c.REC_TYP, c.REC_SUB) for c in RECORD_CLASSES)


class ByteOrder(enum.Enum):
    """Byte order of a file, as given by the FAR's CPU_TYPE; the value is a struct prefix."""

    BIG = ">"
    LITTLE = "<"


class StdfError(ValueError):
    """An STDF file that cannot be read, with where (byte offset) and in which record type."""

    def __init__(self, message: str, *, offset: int, record_type: str | None = None) -> None:
        where = f"at byte offset {offset}" + (f" ({record_type} record)" if record_type else "")
        super().__init__(f"{message} {where}")
        self.offset = offset
        self.record_type = record_type


class StdfReader:
    """Iterate the records of one STDF V4 stream, in file order, in a single pass.

    The FAR is read (and checked) when the reader is created, so a file that is not STDF V4
    fails at once. Offsets count from where the stream was when the reader was created.

    Args:
        stream: a binary file object positioned at the FAR.
        only: record classes to decode and yield (``UnknownRecord`` for unknown types);
            everything else is skipped without decoding. ``None`` yields every record.

    Example:
        >>> import io
        >>> reader = StdfReader(io.BytesIO(b"\\x02\\x00\\x00\\x0a\\x02\\x04"))
        >>> reader.byte_order, list(reader)
        (<ByteOrder.LITTLE: '<'>, [Far(cpu_type=2, stdf_ver=4)])
    """

    def __init__(self, stream: BinaryIO, *, only: Collection[type[Record]] | None = None) -> None:
        self._stream = stream
        self.far, self.byte_order = self._read_far()
        self._next_offset = _HEADER_SIZE + 2
        self.record_offset = 0
        """Byte offset of the record most recently yielded."""
        endian = self.byte_order.value
        self._header = struct.Struct(endian + "HBB")
        self._decoders: dict[tuple[int, int], RecordDecoder] = {
            (cls.REC_TYP, cls.REC_SUB): decoder_for(cls, endian)
            for cls in RECORD_CLASSES
            if only is None or cls in only
        }
        self._yield_far = only is None or Far in only
        self._yield_unknown = only is None or UnknownRecord in only

    def __iter__(self) -> Iterator[Record]:
        if self._yield_far:
            self._yield_far = False
            yield self.far
        read, header, decoders = self._read, self._header, self._decoders
        while True:
            offset = self._next_offset
            head = read(_HEADER_SIZE)
            if not head:
                return
            if len(head) < _HEADER_SIZE:
                raise StdfError(
                    f"record header cut off by the end of the file ({len(head)} of 4 bytes)",
                    offset=offset,
                )
            length, typ, sub = header.unpack(head)
            body = read(length)
            if len(body) < length:
                raise StdfError(
                    f"record length {length} runs past the end of the file"
                    f" (only {len(body)} bytes left)",
                    offset=offset,
                    record_type=record_type_name(typ, sub),
                )
            self._next_offset = offset + _HEADER_SIZE + length
            decoder = decoders.get((typ, sub))
            if decoder is not None:
                self.record_offset = offset
                try:
                    record = decoder.decode(body)
                except FieldError as exc:
                    raise StdfError(str(exc), offset=offset, record_type=decoder.name) from None
                yield record
            elif self._yield_unknown and (typ, sub) not in _KNOWN_TYPES:
                self.record_offset = offset
                yield UnknownRecord(typ, sub, body)

    def _read(self, size: int) -> bytes:
        """Read ``size`` bytes, fewer only at the end of the stream (raw streams may be short)."""
        data = self._stream.read(size)
        while len(data) < size:
            more = self._stream.read(size - len(data))
            if not more:
                break
            data += more
        return data

    def _read_far(self) -> tuple[Far, ByteOrder]:
        head = self._read(_HEADER_SIZE)
        if not head:
            raise StdfError("empty file: no FAR record", offset=0)
        if len(head) < _HEADER_SIZE or head[2:] != b"\x00\x0a" or head[:2] not in _FAR_LENGTHS:
            raise StdfError(
                "not an STDF file: it does not start with a FAR record"
                " (REC_LEN 2, REC_TYP 0, REC_SUB 10)",
                offset=0,
            )
        body = self._read(2)
        if len(body) < 2:
            raise StdfError(
                "FAR record cut off by the end of the file", offset=0, record_type="FAR"
            )
        cpu_type, stdf_ver = body
        order = _CPU_BYTE_ORDER.get(cpu_type)
        if order is None:
            raise StdfError(
                f"unsupported CPU_TYPE {cpu_type} (only 1 = big-endian, 2 = little-endian)",
                offset=0,
                record_type="FAR",
            )
        if _FAR_LENGTHS[head[:2]] is not order:
            raise StdfError(
                f"FAR length is written {_FAR_LENGTHS[head[:2]].name.lower()}-endian"
                f" but CPU_TYPE {cpu_type} says {order.name.lower()}-endian",
                offset=0,
                record_type="FAR",
            )
        if stdf_ver != 4:
            raise StdfError(
                f"unsupported STDF version {stdf_ver} (only V4 is read)",
                offset=0,
                record_type="FAR",
            )
        return Far(cpu_type, stdf_ver), order


_CPU_BYTE_ORDER = {1: ByteOrder.BIG, 2: ByteOrder.LITTLE}
_FAR_LENGTHS = {b"\x00\x02": ByteOrder.BIG, b"\x02\x00": ByteOrder.LITTLE}


def read_records(
    source: str | os.PathLike[str] | BinaryIO, *, only: Collection[type[Record]] | None = None
) -> Iterator[Record]:
    """Yield the records of an STDF V4 file (a path, or a binary file object left open).

    Args:
        source: path of the file, or an open binary stream positioned at the FAR.
        only: as for :class:`StdfReader`.

    Raises:
        StdfError: the stream is not STDF V4, or a record is malformed or cut off.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb", buffering=_READ_BUFFER_BYTES) as stream:
            yield from StdfReader(stream, only=only)
    else:
        yield from StdfReader(source, only=only)


def decode_fields(
    data: bytes, field_types: str, byte_order: ByteOrder, *, offset: int = 0
) -> tuple[Any, ...]:
    """Decode the fields of a record this reader does not know, e.g. an ``UnknownRecord``.

    Args:
        data: the record body (the bytes after the 4-byte header).
        field_types: STDF type codes separated by spaces: ``U1 U2 U4 I1 I2 I4 R4 R8 B1 C1 T4
            Cn Sn Bn Dn N1`` and ``Cf<n>`` (a fixed n-character string); an array is
            ``TYPE*i`` where ``i`` is the 0-based index of its count field.
        byte_order: the file's byte order (:attr:`StdfReader.byte_order`).
        offset: the record's byte offset, for the error message.

    Returns:
        The values of the fields present; fields after the end of ``data`` are left out.

    Raises:
        StdfError: a field runs past the end of ``data``.

    Example:
        >>> decode_fields(b"\\x07\\x00\\x02OK", "U2 Cn", ByteOrder.LITTLE)
        (7, 'OK')
    """
    codes = field_types.split()
    decoder = FieldDecoder(codes, [f"#{i}" for i in range(len(codes))], 0, byte_order.value)
    try:
        return tuple(decoder.decode(data))
    except FieldError as exc:
        raise StdfError(str(exc), offset=offset) from None
