"""WSXF: WATS Standard XML Format files (``<Report xmlns="...wsxf">``), one report per file.

The XML is read with the codec of :mod:`pywats.domains.report.wsxf` (the documented mapping the
emulator also serves), giving the WSJF tree, which :func:`parse_report` loads. The codec refuses
DOCTYPE and entity declarations before parsing, so hostile XML cannot expand or reach files.

Errors say where: malformed XML by line and column, a bad value by element path
(``/Report/root/steps/Step[2]@totTime``), a missing report field by its WSJF path.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pywats.domains.report.wsxf import NAMESPACE, WsxfError, wsxf_to_dict
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
    read_input,
    reject_unknown,
    report_from_dict,
)

__all__ = ["WsxfConverter"]

_SNIFF_BYTES = 4096


class WsxfConverter(FileConverter):
    """Loads WSXF report files (``*.xml``, ``*.wsxf``).

    Args:
        max_size_bytes: Larger files are refused (default 64 MiB).
    """

    name: ClassVar[str] = "wsxf"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "WATS Standard XML Format files (one report each)"
    patterns: ClassVar[tuple[str, ...]] = ("*.xml", "*.wsxf")

    def __init__(self, *, max_size_bytes: int = DEFAULT_MAX_SIZE_BYTES, **unknown: Any) -> None:
        reject_unknown(self.name, unknown, ("max_size_bytes",))
        self.max_size_bytes = check_max_size(self.name, max_size_bytes)

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """0.95 for a ``<Report>`` in the WSXF namespace, 0.5 for a bare ``<Report``, else 0."""
        with source.path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        if b"<Report" not in head:
            return 0.0
        return 0.95 if NAMESPACE.encode() in head else 0.5

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        data = read_input(source, self.max_size_bytes)
        try:
            tree = wsxf_to_dict(data)
        except WsxfError as exc:
            raise ConverterError(f"{source.name}: {exc}") from None
        return ConverterResult.success(report_from_dict(tree, source.name))
