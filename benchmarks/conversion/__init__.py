"""Conversion benchmarks: ``python benchmarks/run.py conversion`` (see benchmarks/README.md).

(a) file landed → report stored on the emulator, through a station service, against POSTing
    the same report with raw httpx;
(b) files per second converted (CSV with the demo's FCT template, WSJF): the converter's
    ``convert()`` in-process and the ConversionManager pipeline, against reading + parsing.
"""

from __future__ import annotations

from conversion.suite import (
    FULL_CONVERSION,
    QUICK_CONVERSION,
    ConversionPlan,
    run_conversion_benchmarks,
)

__all__ = ["FULL_CONVERSION", "QUICK_CONVERSION", "ConversionPlan", "run_conversion_benchmarks"]
