"""Header defaults and status words shared by the tester-format converters (OpenHTF, TestStand
XML, ATML, STDF).

Why one module: the four converters take the same header arguments (a part number, revision and
process code used when the file lacks them, a mapping from the file's own operation names to
WATS process codes, the zone of naive times, a size limit) and must check them the same way,
with messages that name the argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, TypedDict

from pywats.domains.report.models import ReportResult, StepGroup, StepStatus

from ._inputs import (
    DEFAULT_MAX_SIZE_BYTES,
    MAX_NAME_LENGTH,
    check_max_size,
    fit,
    localize,
    resolve_timezone,
)

__all__ = [
    "HEADER_ARGUMENTS",
    "TESTSTAND_STATUS",
    "HeaderDefaults",
    "StepKeywords",
    "result_of",
    "text_argument",
    "unique_name",
]

DEFAULT_PROCESS_CODE = 10
"""WATS process code used when neither the file nor the arguments give one (a test operation)."""
DEFAULT_REVISION = "1"
HEADER_ARGUMENTS = (
    "part_number", "revision", "process_code", "process_codes", "timezone", "max_size_bytes",
)  # fmt: skip
"""The header arguments every tester-format converter takes (see :class:`HeaderDefaults`)."""

TESTSTAND_STATUS: dict[str, StepStatus] = {
    "passed": StepStatus.PASSED,
    "failed": StepStatus.FAILED,
    "done": StepStatus.DONE,
    "skipped": StepStatus.SKIPPED,
    "error": StepStatus.ERROR,
    "terminated": StepStatus.TERMINATED,
    "aborted": StepStatus.TERMINATED,
    "notstarted": StepStatus.SKIPPED,
    "informational": StepStatus.DONE,
}
"""TestStand / ATML status words (lower case, spaces removed) to WATS step statuses."""

_RESULT_OF = {
    StepStatus.PASSED: ReportResult.PASSED,
    StepStatus.DONE: ReportResult.PASSED,
    StepStatus.SKIPPED: ReportResult.PASSED,
    StepStatus.FAILED: ReportResult.FAILED,
    StepStatus.ERROR: ReportResult.ERROR,
    StepStatus.TERMINATED: ReportResult.TERMINATED,
}


def result_of(status: StepStatus) -> ReportResult:
    """The report result a UUT status word gives (Done/Skipped count as passed)."""
    return _RESULT_OF[status]


def text_argument(converter: str, key: str, value: object) -> str | None:
    """Validate an optional non-empty string argument."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"converter {converter!r}: {key} must be a non-empty string")
    return value.strip()


def _code(converter: str, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"converter {converter!r}: {key} must be a non-negative integer")
    return value


@dataclass(frozen=True)
class HeaderDefaults:
    """What a converter uses when the file does not say.

    Attributes:
        part_number: Part number for files without one (``None``: the converter's fallback).
        revision: Revision for files without one.
        process_code: WATS process code when the file's operation is not in ``process_codes``.
        process_codes: The file's operation name or code (as text, matched case-insensitively)
            → WATS process code.
        zone: Zone of the file's naive times (``None``: the station's local zone).
        max_size_bytes: Larger files are refused.
    """

    part_number: str | None = None
    revision: str = DEFAULT_REVISION
    process_code: int = DEFAULT_PROCESS_CODE
    process_codes: Mapping[str, int] = field(default_factory=dict)
    zone: tzinfo | None = None
    max_size_bytes: int = DEFAULT_MAX_SIZE_BYTES

    @classmethod
    def from_arguments(
        cls,
        converter: str,
        *,
        part_number: Any = None,
        revision: Any = DEFAULT_REVISION,
        process_code: Any = DEFAULT_PROCESS_CODE,
        process_codes: Any = None,
        timezone: Any = None,
        max_size_bytes: Any = DEFAULT_MAX_SIZE_BYTES,
    ) -> HeaderDefaults:
        """Check the header arguments; a bad one raises ``ValueError`` naming it."""
        mapping: dict[str, int] = {}
        if process_codes is not None:
            if not isinstance(process_codes, Mapping):
                raise ValueError(
                    f"converter {converter!r}: process_codes must be a mapping of the file's "
                    f"operation names to WATS process codes"
                )
            for name, code in process_codes.items():
                if not isinstance(name, str) or not name.strip():
                    raise ValueError(
                        f"converter {converter!r}: process_codes keys must be non-empty strings"
                    )
                mapping[name.strip().casefold()] = _code(
                    converter, f"process_codes[{name!r}]", code
                )
        if timezone is not None and not isinstance(timezone, str):
            raise ValueError(f"converter {converter!r}: timezone must be a string")
        return cls(
            part_number=text_argument(converter, "part_number", part_number),
            revision=text_argument(converter, "revision", revision) or DEFAULT_REVISION,
            process_code=_code(converter, "process_code", process_code),
            process_codes=mapping,
            zone=resolve_timezone(timezone, converter),
            max_size_bytes=check_max_size(converter, max_size_bytes),
        )

    def process_code_for(self, *names: object, file_code: int | None = None) -> int:
        """The WATS process code for the file's operation.

        The first of ``names`` found in :attr:`process_codes` wins; else ``file_code`` (a code
        the file gives in WATS terms, e.g. the TestStand WATS add-on's ``PCode``); else the
        ``process_code`` argument.
        """
        for name in names:
            if name is None:
                continue
            code = self.process_codes.get(str(name).strip().casefold())
            if code is not None:
                return code
        if file_code is not None:
            return self.process_codes.get(str(file_code), file_code)
        return self.process_code

    def localize(self, moment: datetime) -> datetime:
        """A naive file time in the configured zone (aware times stay as they are)."""
        return localize(moment, self.zone)


class StepKeywords(TypedDict):
    """The keywords every ReportBuilder step-adding call takes, as read from a file."""

    group: StepGroup
    status: StepStatus
    tot_time_s: float | None


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``... so multi-measurement names stay unique (WATS
    rejects duplicates) and within the 100-character limit; records the one returned."""
    candidate, number = fit(name), 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate = fit(name, MAX_NAME_LENGTH - len(suffix)) + suffix
        number += 1
    taken.add(candidate)
    return candidate
