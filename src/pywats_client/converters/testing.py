"""Golden-file testing for converters, built-in or your own.

A golden file is the reviewed WSJF output of a converter for one sample input, kept beside the
tests. :func:`assert_matches_golden` converts again and compares, so any change in what a
converter produces shows up as a readable difference (``$[0].root.steps[2].status: expected 'P',
got 'F'``). Volatile values are normalised first: report ``id``s become ``"<id>"`` (the service
assigns them). To accept new output, (re)write the golden files with ``update=True`` or by
running the tests with ``PYWATS_UPDATE_GOLDEN=1``, then review the diff in version control.

Example (in a pytest test)::

    from pywats_client.converters.testing import assert_matches_golden, convert_file

    def test_my_converter_output():
        result = convert_file(MyConverter(part_number="PCB-1"), "samples/run1.csv")
        assert_matches_golden(result, "tests/golden/run1.json")
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pywats.domains.report.models import Report, ReportBase
from pywats_client.converters.base import (
    ConverterContext,
    ConverterResult,
    ConverterSource,
    ConverterStatus,
    FileConverter,
)

__all__ = ["UPDATE_ENV", "assert_matches_golden", "convert_file", "golden_json", "json_differences"]

UPDATE_ENV = "PYWATS_UPDATE_GOLDEN"
"""Set to ``1`` to (re)write golden files instead of comparing."""
ID_PLACEHOLDER = "<id>"
_SHOWN_DIFFERENCES = 10


def convert_file(
    converter: FileConverter, path: str | Path, context: ConverterContext | None = None
) -> ConverterResult:
    """Run ``converter`` on one file the way the service does (without upload or post action).

    Args:
        converter: A configured converter instance.
        path: The input file.
        context: The context to pass; default a bare one named after the converter.
    """
    source = ConverterSource(Path(path))
    if context is None:
        context = ConverterContext(converter_name=converter.name or type(converter).__name__)
    return converter.convert(source, context)


def _reports(result_or_reports: ConverterResult | Report | Iterable[Report]) -> list[Report]:
    if isinstance(result_or_reports, ConverterResult):
        if result_or_reports.status is not ConverterStatus.SUCCESS:
            raise AssertionError(
                f"conversion did not succeed: {result_or_reports.status.value}: "
                f"{result_or_reports.reason}"
            )
        return list(result_or_reports.reports)
    if isinstance(result_or_reports, ReportBase):  # before Iterable: pydantic models iterate
        return [result_or_reports]
    return list(result_or_reports)


def golden_json(result_or_reports: ConverterResult | Report | Iterable[Report]) -> list[Any]:
    """The reports as WSJF JSON data with volatile fields normalised (what a golden file holds)."""
    data = [report.to_wsjf() for report in _reports(result_or_reports)]
    for report in data:
        if "id" in report:
            report["id"] = ID_PLACEHOLDER
    return data


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def json_differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Every difference between two JSON values as ``path: what`` lines (types matter)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                lines.append(f"{path}.{key}: missing (expected {_show(value)})")
            else:
                lines += json_differences(value, actual[key], f"{path}.{key}")
        extra = [key for key in actual if key not in expected]
        lines += [f"{path}.{key}: unexpected {_show(actual[key])}" for key in extra]
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        lines = []
        if len(expected) != len(actual):
            lines.append(f"{path}: expected {len(expected)} items, got {len(actual)}")
        for index, (left, right) in enumerate(zip(expected, actual, strict=False)):
            lines += json_differences(left, right, f"{path}[{index}]")
        return lines
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: expected {_show(expected)}, got {_show(actual)}"]
    return []


def _write(path: Path, data: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def assert_matches_golden(
    result_or_reports: ConverterResult | Report | Iterable[Report],
    golden_path: str | Path,
    *,
    update: bool | None = None,
) -> None:
    """Compare converter output with a golden file; rewrite it when updating.

    Args:
        result_or_reports: A :class:`ConverterResult` (must be a success), a report, or reports.
        golden_path: The golden JSON file (a list of WSJF reports, ids as ``"<id>"``).
        update: ``True`` writes the file instead of comparing; ``None`` (default) follows the
            ``PYWATS_UPDATE_GOLDEN=1`` environment variable.

    Raises:
        AssertionError: The output differs (the first differences are listed), the golden file
            is missing, or the conversion did not succeed.
    """
    path = Path(golden_path)
    actual = golden_json(result_or_reports)
    if update is None:
        update = os.environ.get(UPDATE_ENV, "") == "1"
    if update:
        _write(path, actual)
        return
    if not path.is_file():
        raise AssertionError(
            f"golden file {path} does not exist; create it with {UPDATE_ENV}=1 and review it"
        )
    expected = json.loads(path.read_text(encoding="utf-8"))
    # Compare JSON as written (a round trip), so 1.0 vs 1 only differs when the output does.
    differences = json_differences(expected, json.loads(json.dumps(actual)))
    if differences:
        shown = "\n  ".join(differences[:_SHOWN_DIFFERENCES])
        more = len(differences) - _SHOWN_DIFFERENCES
        tail = f"\n  ... and {more} more" if more > 0 else ""
        raise AssertionError(
            f"converter output differs from {path} ({len(differences)} differences):\n  "
            f"{shown}{tail}\n(if the change is intended: rerun with {UPDATE_ENV}=1 and review)"
        )
