"""STDF V4 (Standard Test Data Format) reading, for converting semiconductor ATE output.

Two levels: :func:`read_records` / :class:`StdfReader` stream the typed records of a file;
:func:`iter_parts` groups them into tested parts (PIR ... PRR per head and site) with their
lot context and ordered test results, ready to become WATS reports.
"""

from __future__ import annotations

from pywats_client.converters.stdf.parts import PartAssembler, iter_parts
from pywats_client.converters.stdf.reader import (
    ByteOrder,
    StdfError,
    StdfReader,
    decode_fields,
    read_records,
)
from pywats_client.converters.stdf.records import BitArray, Record, UnknownRecord
from pywats_client.converters.stdf.results import (
    FunctionalResult,
    MultiPinResult,
    ParametricResult,
    ResultCounts,
    StdfPart,
    TestResult,
    Verdict,
    verdict_from_part_flg,
    verdict_from_test_flg,
)

__all__ = [
    "BitArray",
    "ByteOrder",
    "FunctionalResult",
    "MultiPinResult",
    "ParametricResult",
    "PartAssembler",
    "Record",
    "ResultCounts",
    "StdfError",
    "StdfPart",
    "StdfReader",
    "TestResult",
    "UnknownRecord",
    "Verdict",
    "decode_fields",
    "iter_parts",
    "read_records",
    "verdict_from_part_flg",
    "verdict_from_test_flg",
]
