"""(b) Files per second converted: in-process ``convert()`` and the ConversionManager pipeline.

* baseline: read the bytes and parse them (``json.loads`` for WSJF, ``csv.reader`` with the
  template's delimiter for CSV) - the least any converter must do;
* in-process: the built-in converter's ``convert()`` on each file, one after the other;
* pipeline: a running station (worker processes, stability check, checks, durable enqueue);
  all files are ``os.replace``d into the watch folder at once and the clock runs from the
  first drop until the queue holds every report. The uploader delivers meanwhile (the server
  URL points at the emulator), so it shares the two cores with the conversions.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conversion.station import running_station
from pywats_client.converters.base import ConverterContext, ConverterSource, FileConverter
from pywats_client.converters.builtin import BUILTIN_CONVERTERS
from pywats_client.converters.loader import create_converter
from pywats_client.demo.samples import FCT_TEMPLATE

__all__ = ["KINDS", "RateResult", "measure_in_process", "measure_pipeline"]

KINDS = ("csv", "wsjf")
PIPELINE_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class RateResult:
    kind: str
    files: int
    parse_per_s: float
    convert_per_s: float
    pipeline_per_s: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "files": self.files,
            "parse_per_s": self.parse_per_s,
            "convert_per_s": self.convert_per_s,
            "pipeline_per_s": self.pipeline_per_s,
        }


def _parse_csv(data: bytes) -> int:
    text = data.decode("utf-8-sig")
    return sum(1 for _ in csv.reader(io.StringIO(text), delimiter=FCT_TEMPLATE["delimiter"]))


def _parse_wsjf(data: bytes) -> int:
    return len(json.loads(data))


PARSERS: dict[str, Callable[[bytes], int]] = {"csv": _parse_csv, "wsjf": _parse_wsjf}


def _converter(kind: str) -> FileConverter:
    arguments = {"mapping": FCT_TEMPLATE} if kind == "csv" else {}
    converter = create_converter(BUILTIN_CONVERTERS[kind], arguments)
    assert isinstance(converter, FileConverter)
    return converter


def measure_in_process(kind: str, files: list[Path]) -> tuple[float, float]:
    """(parse files/s, convert files/s) over ``files``; every conversion must succeed."""
    parse = PARSERS[kind]
    start = time.perf_counter()
    for path in files:
        parse(path.read_bytes())
    parse_s = time.perf_counter() - start
    converter = _converter(kind)
    context = ConverterContext(converter_name=f"{kind}-bench")
    start = time.perf_counter()
    for path in files:
        result = converter.convert(ConverterSource(path), context)
        if result.status.value != "success":
            raise RuntimeError(f"{path.name}: {result.status.value}: {result.reason}")
    convert_s = time.perf_counter() - start
    return len(files) / parse_s, len(files) / convert_s


async def _pipeline(
    home: Path, url: str, token: str, batches: dict[str, list[Path]]
) -> dict[str, float]:
    rates: dict[str, float] = {}
    async with running_station(home, url, token, KINDS) as station:
        for kind, files in batches.items():
            before = station.queued()
            start = time.perf_counter()
            for path in files:
                os.replace(path, station.watch[kind] / path.name)
            deadline = time.monotonic() + PIPELINE_TIMEOUT_S
            while station.queued() < before + len(files):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"{kind}: only {station.queued() - before} of {len(files)} queued"
                    )
                await asyncio.sleep(0.01)
            rates[kind] = len(files) / (time.perf_counter() - start)
    return rates


def measure_pipeline(
    home: Path, url: str, token: str, batches: dict[str, list[Path]]
) -> dict[str, float]:
    """Files/s per kind from first drop to last enqueue (files are moved, so pass copies)."""
    return asyncio.run(_pipeline(home, url, token, batches))
