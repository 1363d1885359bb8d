"""WSJF pass-through: WATS Standard JSON Format files other tools drop into a watch folder.

A file holds one report (a JSON object) or several (a JSON array of objects), UUT or UUR. The
reports are loaded with :func:`~pywats.domains.report.models.parse_report` and handed on as they
are: nothing is recomputed, unknown keys are kept. The service still assigns the report ids and
fills the station fields a file leaves out.

Errors say where: invalid JSON by line and column, a non-report by array index and field path
(``report 2: root.steps[3].status: Input should be 'P', 'F', ...``).

Example:
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> from pywats_client.converters.base import ConverterContext, ConverterSource
    >>> path = Path(tempfile.mkdtemp()) / "r.json"
    >>> _ = path.write_text(json.dumps({"type": "T", "pn": "PCB-1", "sn": "SN-1", "rev": "A",
    ...     "processCode": 50, "result": "P", "start": "2026-01-05T08:00:00+01:00"}))
    >>> result = WsjfConverter().convert(ConverterSource(path), ConverterContext("wsjf"))
    >>> result.reports[0].serial_number
    'SN-1'
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
)

from ._inputs import (
    DEFAULT_MAX_SIZE_BYTES,
    check_max_size,
    decode_text,
    read_input,
    reject_unknown,
    report_from_dict,
)

__all__ = ["WsjfConverter"]

_SNIFF_BYTES = 4096
_REPORT_KEYS = (b'"pn"', b'"sn"', b'"processCode"', b'"result"')


class WsjfConverter(FileConverter):
    """Loads WSJF report files (``*.json``): one report or an array of reports.

    Args:
        max_size_bytes: Larger files are refused (default 64 MiB).
    """

    name: ClassVar[str] = "wsjf"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "WATS Standard JSON Format files (one report or an array)"
    patterns: ClassVar[tuple[str, ...]] = ("*.json",)

    def __init__(self, *, max_size_bytes: int = DEFAULT_MAX_SIZE_BYTES, **unknown: Any) -> None:
        reject_unknown(self.name, unknown, ("max_size_bytes",))
        self.max_size_bytes = check_max_size(self.name, max_size_bytes)

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """0.95 when the start looks like a WSJF report, 0.3 for other JSON, else 0."""
        with source.path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES).removeprefix(b"\xef\xbb\xbf").lstrip()
        if not head.startswith((b"{", b"[")):
            return 0.0
        found = sum(key in head for key in _REPORT_KEYS)
        return 0.95 if found >= 2 else 0.3

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        text = decode_text(read_input(source, self.max_size_bytes), "utf-8-sig", source.name)
        data = _load_json(text, source.name)
        if isinstance(data, list):
            if not data:
                raise ConverterError(f"{source.name}: the JSON array holds no reports")
            reports = [
                report_from_dict(item, f"{source.name}: report {index + 1} (array index {index})")
                for index, item in enumerate(data)
            ]
            return ConverterResult.success(*reports)
        return ConverterResult.success(report_from_dict(data, source.name))


def _load_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConverterError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise ConverterError(f"{name}: JSON nested too deeply") from None
