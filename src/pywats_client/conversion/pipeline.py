"""From a converter's raw reports to reports ready for the queue (shared by service and CLI).

In order, for each report a converter returned:

1. :func:`~pywats_client.converters.identity.apply_identity` - deterministic id, provenance;
2. :func:`~pywats_client.converters.checks.fill_station` - the station identity;
3. :func:`~.attachments.apply_attachment_policy` - oversize attachments compressed or dropped;
4. :func:`~pywats_client.converters.checks.check_report_data` - the WSJF rules.

A source is all or nothing: if any of its reports breaks a rule, none is queued and the source
goes to the error folder with every problem listed (a fixed file dropped again yields the same
ids, so nothing is doubled).

Example:
    >>> prepared = prepare_reports([report], converter_name="csv", converter_version="1.0",
    ...     sha256=digest, source_name="run.csv", settings=PipelineSettings())  # doctest: +SKIP
    >>> prepared.ok, [r.report_id for r in prepared.reports]  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pywats.core.station import Station
from pywats.domains.analytics.models import ProcessInfo
from pywats_client.conversion.attachments import AttachmentPolicy, apply_attachment_policy
from pywats_client.converters.checks import (
    DEFAULT_FUTURE_TOLERANCE_S,
    check_report_data,
    fill_station,
)
from pywats_client.converters.identity import apply_identity, report_content_sha256

__all__ = ["PipelineSettings", "Preparation", "PreparedReport", "prepare_reports"]


@dataclass(frozen=True)
class PipelineSettings:
    """What the service knows that a converter does not."""

    station: Station | None = None
    processes: Mapping[int, str | ProcessInfo] = field(default_factory=dict)
    attachments: AttachmentPolicy = field(default_factory=AttachmentPolicy)
    server_clock_skew_s: float = 0.0
    future_tolerance_s: float = DEFAULT_FUTURE_TOLERANCE_S


@dataclass(frozen=True)
class PreparedReport:
    report_id: str
    data: dict[str, Any]

    def payload(self) -> bytes:
        """The WSJF JSON bytes that go into the queue."""
        return json.dumps(self.data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class Preparation:
    """Reports ready to queue, or the problems that keep them out."""

    reports: list[PreparedReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the attachment policy dropped

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.reports)

    def reason(self) -> str:
        """All problems as one message (for the error folder's reason file)."""
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the converted report(s):"
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems)])


def prepare_reports(
    reports: Sequence[Mapping[str, Any]],
    *,
    converter_name: str,
    converter_version: str,
    sha256: str | None,
    source_name: str,
    settings: PipelineSettings,
    converter_label: str | None = None,
    now: datetime | None = None,
) -> Preparation:
    """Identity, station, attachment policy and checks for each report of one source.

    Args:
        reports: WSJF dicts as the converter made them (copied, not modified).
        sha256: Hash of the source content; None for sources that are not files (a scheduled
            run), where each report's own content hash is used.
    """
    prepared = Preparation()
    total = len(reports)
    for index, original in enumerate(reports):
        data = json.loads(json.dumps(original))  # a deep, JSON-clean copy
        if not isinstance(data, dict):
            prepared.problems.append(f"report {index + 1}: not a JSON object")
            continue
        digest = sha256 if sha256 is not None else report_content_sha256(data)
        apply_identity(
            data,
            converter_name=converter_name,
            converter_version=converter_version,
            sha256=digest,
            index=index if sha256 is not None else 0,
            source_name=source_name,
            converter_label=converter_label,
        )
        fill_station(data, settings.station)
        prepared.notes += apply_attachment_policy(data, settings.attachments)
        check = check_report_data(
            data,
            processes=settings.processes,
            now=now,
            server_clock_skew_s=settings.server_clock_skew_s,
            future_tolerance_s=settings.future_tolerance_s,
            station_required=settings.station is not None,
        )
        where = f"report {index + 1} of {total}: " if total > 1 else ""
        prepared.problems += [where + problem for problem in check.problems]
        prepared.warnings += [where + warning for warning in check.warnings]
        prepared.reports.append(PreparedReport(str(data["id"]), data))
    if not reports:
        prepared.problems.append("the converter returned no reports")
    return prepared
