"""STDF V4 (semiconductor ATE datalogs) → one UUT report per tested part.

Header of each part (PIR ... PRR; see :mod:`pywats_client.converters.stdf`):

* serial number = ``PART_ID``. When the tester wrote none: ``<lot>-<wafer>-<x>-<y>`` for a die
  with coordinates (``<lot>-<x>-<y>`` outside a wafer), else ``<lot>-<n>`` with ``n`` the
  part's 1-based position in the file; ``lot`` is ``LOT_ID``, else ``SBLOT_ID``, else the file
  name without extension. The ``serial_number`` argument replaces this rule with a template of
  ``{part_id} {lot} {sublot} {wafer} {x} {y} {sequence} {head} {site}``.
* part number = ``PART_TYP``, else the ``part_number`` argument, else ``JOB_NAM`` (its file
  name without folder and extension); revision =
  ``JOB_REV``, else the ``revision`` argument; process code = ``process_codes[TEST_COD or
  FLOW_ID]``, else ``process_code``.
* station (machineName) = ``NODE_NAM``; operator = ``OPER_NAM``; batch serial = lot;
  test socket = site; execTime = ``TEST_T``.
* start = MIR ``START_T`` (the tester's wall-clock time, read in ``timezone``) plus the part's
  position in the file in milliseconds: STDF gives one start for the whole lot, and WATS orders
  a serial number's runs by start time, so the offset keeps retests (the same ``PART_ID`` again)
  after the first run while staying within a second of the file's time for 1000 parts.
* result = the part's PRR verdict (failed → F, passed → P), kept even when a test inside failed
  without failing the part; the root sequence carries the same status.
* misc info: lot, sublot, wafer, die X/Y, hard and soft bin, site, tester type, job name, part
  text, retest and abnormal-end flags.

Steps: see :mod:`._stdf_steps` (PTR → numeric, MPR → multi-numeric per pin, FTR → pass/fail).

A damaged file (a record cut off by the end of the file, a malformed record, a part whose PRR
never comes, no closing MRR) fails as a whole with the byte offset in the message: converting
the complete parts and dropping the rest would lose test data silently, and an STDF file without
its MRR is usually still being written. ``require_mrr=False`` accepts files without an MRR.
"""

from __future__ import annotations

import string
from datetime import timedelta
from typing import Any, BinaryIO, ClassVar

from pywats.domains.report.models import ReportResult, UUTReport
from pywats.tools import ReportBuilder, ReportBuildError, UUTReportBuilder
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
)
from pywats_client.converters.stdf import PartAssembler, StdfError, StdfPart, StdfReader, Verdict
from pywats_client.converters.stdf.records import (
    Ftr,
    Mir,
    Mpr,
    Mrr,
    Pir,
    Pmr,
    Prr,
    Ptr,
    Tsr,
    Wir,
    Wrr,
)

from ._inputs import fit, reject_unknown
from ._stdf_steps import STATUS_OF, add_result
from ._tester_common import HEADER_ARGUMENTS, HeaderDefaults, text_argument

__all__ = ["StdfConverter"]

_ARGUMENTS = (*HEADER_ARGUMENTS, "serial_number", "require_mrr")
_RECORDS = (Mir, Wir, Wrr, Pmr, Tsr, Pir, Prr, Ptr, Mpr, Ftr, Mrr)
_FIELDS = ("part_id", "lot", "sublot", "wafer", "x", "y", "sequence", "head", "site")
_FAR_HEADS = (b"\x02\x00\x00\x0a\x02\x04", b"\x00\x02\x00\x0a\x01\x04")
_RESULTS = {Verdict.PASSED: ReportResult.PASSED, Verdict.FAILED: ReportResult.FAILED}
_READ_BUFFER_BYTES = 1 << 20


def _template(value: object) -> str | None:
    """Check a ``serial_number`` template: only the documented fields, well formed."""
    text = text_argument("stdf", "serial_number", value)
    if text is None:
        return None
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise ValueError(f"converter 'stdf': serial_number template {text!r}: {exc}") from None
    unknown = sorted(set(fields) - set(_FIELDS))
    if unknown or not fields:
        raise ValueError(
            f"converter 'stdf': serial_number template {text!r} must use fields of "
            f"{', '.join('{' + f + '}' for f in _FIELDS)}"
            + (f" (unknown: {', '.join(unknown)})" if unknown else "")
        )
    return text


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _program_name(job_nam: str | None) -> str | None:
    """``sparrowhawk/src/common/sparrowhawk.prog`` → ``sparrowhawk``: a program path is a poor
    part number (WATS treats ``/`` and ``\\`` in part numbers as search characters)."""
    name = (_clean(job_nam) or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name[1:] else (name or None)


class StdfConverter(FileConverter):
    """Converts an STDF V4 file into one UUT report per part (see the module docstring).

    Args:
        part_number: Part number when the MIR has no ``PART_TYP`` (default: ``JOB_NAM``).
        revision: Revision when the MIR has no ``JOB_REV`` (default ``"1"``).
        process_code: WATS process code (default 10) when ``process_codes`` has no entry for
            the MIR's ``TEST_COD`` or ``FLOW_ID``.
        process_codes: ``{"<TEST_COD or FLOW_ID>": <WATS process code>}``.
        timezone: Zone of the tester's clock: ``"UTC"``, ``"+01:00"``, ``"Asia/Taipei"``;
            default the station's zone.
        max_size_bytes: Larger files are refused (default 64 MiB).
        serial_number: Serial number template, e.g. ``"{lot}-{wafer}-{x}-{y}"``.
        require_mrr: Refuse files without the closing MRR record (default true).
    """

    name: ClassVar[str] = "stdf"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "STDF V4 ATE datalogs (one report per part: PTR, MPR, FTR)"
    patterns: ClassVar[tuple[str, ...]] = ("*.stdf", "*.std")

    def __init__(self, **arguments: Any) -> None:
        known = {key: arguments.pop(key) for key in HEADER_ARGUMENTS if key in arguments}
        template = arguments.pop("serial_number", None)
        require_mrr = arguments.pop("require_mrr", True)
        reject_unknown(self.name, arguments, _ARGUMENTS)
        self.defaults = HeaderDefaults.from_arguments(self.name, **known)
        self.serial_template = _template(template)
        if not isinstance(require_mrr, bool):
            raise ValueError("converter 'stdf': require_mrr must be true or false")
        self.require_mrr = require_mrr

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """0.99 when the file starts with an STDF V4 FAR record (either byte order), else 0."""
        with source.path.open("rb") as stream:
            head = stream.read(6)
        return 0.99 if head in _FAR_HEADS else 0.0

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        size = source.path.stat().st_size
        if size > self.defaults.max_size_bytes:
            raise ConverterError(
                f"{source.name}: file is {size} bytes, over the limit of "
                f"{self.defaults.max_size_bytes} (raise the converter's 'max_size_bytes')"
            )
        try:
            with source.path.open("rb", buffering=_READ_BUFFER_BYTES) as stream:
                reports = self._read(stream, source)
        except StdfError as exc:
            raise ConverterError(
                f"{source.name}: {exc}; no report was made from this file"
            ) from None
        if not reports:
            return ConverterResult.skip(f"{source.name}: the file holds no tested part")
        return ConverterResult.success(*reports)

    def _read(self, stream: BinaryIO, source: ConverterSource) -> list[UUTReport]:
        """Stream the records: one report per PRR, built at once so parts are not kept."""
        names: dict[tuple[str, int], str] = {}
        for tsr in StdfReader(stream, only=(Tsr,)):
            # Test names may only be in the summary records at the end; read them first.
            if isinstance(tsr, Tsr) and tsr.test_nam:
                names.setdefault((tsr.test_typ, tsr.test_num), tsr.test_nam)
                names.setdefault(("", tsr.test_num), tsr.test_nam)
        stream.seek(0)
        assembler = PartAssembler(names)
        reader = StdfReader(stream, only=_RECORDS)
        reports: list[UUTReport] = []
        seen_mrr = False
        for record in reader:
            if isinstance(record, Mrr):
                seen_mrr = True
            part = assembler.feed(record)
            if part is not None:
                reports.append(self._report(part, source, reader.record_offset))
        if assembler.unfinished():
            raise ConverterError(
                f"{source.name}: {assembler.unfinished()} part(s) have test results but no PRR "
                f"(part result) record; the file is incomplete, no report was made from it"
            )
        if self.require_mrr and not seen_mrr:
            raise ConverterError(
                f"{source.name}: no MRR (master results) record at the end: the file is "
                f"incomplete or still being written (set 'require_mrr' false to accept it)"
            )
        return reports

    def _report(self, part: StdfPart, source: ConverterSource, offset: int) -> UUTReport:
        mir = part.mir
        if mir is None:
            raise ConverterError(f"{source.name}: part result at byte {offset} before any MIR")
        lot = _clean(mir.lot_id) or _clean(mir.sblot_id) or source.path.stem
        part_number = (
            _clean(mir.part_typ) or self.defaults.part_number or _program_name(mir.job_nam)
        )
        if part_number is None:
            raise ConverterError(
                f"{source.name}: the MIR has no PART_TYP or JOB_NAM; set 'part_number'"
            )
        wall_clock = mir.start_t.replace(tzinfo=None)
        start = self.defaults.localize(wall_clock) + timedelta(milliseconds=part.sequence - 1)
        status = STATUS_OF[part.verdict]
        uut = ReportBuilder.uut(
            part_number=fit(part_number),
            serial_number=fit(self._serial(part, mir, lot)),
            revision=fit(_clean(mir.job_rev) or self.defaults.revision),
            process_code=self.defaults.process_code_for(_clean(mir.test_cod), _clean(mir.flow_id)),
            start=start,
            operator=_clean(mir.oper_nam),
            station_name=_clean(mir.node_nam),
            batch_serial_number=fit(lot),
            test_socket_index=part.site_num,
            exec_time_s=None if part.test_time_ms is None else part.test_time_ms / 1000,
            result=_RESULTS.get(part.verdict),
            sequence_path=fit(_clean(mir.job_nam) or "", 500) or None,
        )
        if part.verdict in _RESULTS:
            uut.root.force_status(status)
        for result in part.results:
            add_result(uut.root, result)
        self._misc(uut, part, mir, lot)
        try:
            return uut.build()
        except ReportBuildError as exc:
            raise ConverterError(
                f"{source.name}: part {part.sequence} (PRR at byte {offset}): {exc}"
            ) from None

    def _serial(self, part: StdfPart, mir: Mir, lot: str) -> str:
        values = {
            "part_id": part.part_id, "lot": lot, "sublot": _clean(mir.sblot_id),
            "wafer": part.wafer_id, "x": part.x_coord, "y": part.y_coord,
            "sequence": part.sequence, "head": part.head_num, "site": part.site_num,
        }  # fmt: skip
        if self.serial_template is not None:
            return self.serial_template.format(
                **{key: "" if value is None else value for key, value in values.items()}
            )
        if part.part_id:
            return part.part_id
        if part.x_coord is not None and part.y_coord is not None:
            pieces = [lot, part.wafer_id, str(part.x_coord), str(part.y_coord)]
            return "-".join(piece for piece in pieces if piece)
        return f"{lot}-{part.sequence}"

    def _misc(self, uut: UUTReportBuilder, part: StdfPart, mir: Mir, lot: str) -> None:
        entries: list[tuple[str, str | int | None]] = [
            ("Lot", lot), ("Sublot", _clean(mir.sblot_id)), ("Wafer", part.wafer_id),
            ("Die X", part.x_coord), ("Die Y", part.y_coord), ("Hard bin", part.hard_bin),
            ("Soft bin", part.soft_bin), ("Site", part.site_num),
            ("Tester type", _clean(mir.tstr_typ)), ("Job name", _clean(mir.job_nam)),
            ("Part text", part.part_txt),
            ("Retest", "yes" if part.retest else None),
            ("Abnormal end", "yes" if part.abnormal_end else None),
        ]  # fmt: skip
        for description, value in entries:
            if value is not None and value != "":
                uut.misc_info(description, fit(value) if isinstance(value, str) else value)
