"""Report service: submit, read and query WATS test (UUT) and repair (UUR) reports.

Policy lives here, HTTP in the repository:

- every submitted report carries the station identity: ``machineName``, ``location`` and
  ``purpose`` come from the active :class:`~pywats.core.station.Station` unless the caller
  set them;
- every submitted report has its id fixed before it is sent, so the submit is idempotent and
  safely retried (the server upserts on the id);
- header queries take OData options; helpers build the common filters with
  :mod:`pywats.domains.report.filters` and page with ``top``/``skip``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from pywats.core.station import StationSource, resolve_station
from pywats.domains.report.filters import F, Filter
from pywats.domains.report.models import Report, ReportBase, ReportHeader
from pywats.domains.report.repository import AsyncReportRepository

__all__ = ["AsyncReportService", "normalise_report_type"]

_REPORT_TYPES = {"U": "U", "T": "U", "UUT": "U", "R": "R", "UUR": "R"}
DEFAULT_ORDER = "start desc"  # newest first, as WATS helpers query (wats-api.md §2.1)


def normalise_report_type(report_type: str) -> str:
    """The header query's ``reportType``: ``"U"`` (UUT) or ``"R"`` (UUR).

    WSJF itself says ``"T"`` for a test report, so ``"T"`` and ``"UUT"`` mean ``"U"`` too.
    """
    try:
        return _REPORT_TYPES[str(report_type).upper()]
    except KeyError:
        raise ValueError(
            f"report_type must be 'U' (UUT) or 'R' (UUR), not {report_type!r}"
        ) from None


class AsyncReportService:
    """Submit, read and query reports.

    Args:
        repository: The Report API calls.
        station: The station (or station registry) that fills the identity fields.
    """

    def __init__(self, repository: AsyncReportRepository, station: StationSource) -> None:
        self._repository = repository
        self._station = station

    def _prepare(self, report: Report | Mapping[str, Any]) -> tuple[str, bytes | dict[str, Any]]:
        """The id and the WSJF body to send: the caller's object untouched, station filled.

        A model is sent as its own JSON dump (one serialisation); a dict is copied.
        """
        if isinstance(report, ReportBase):
            current = {
                "machineName": report.machine_name,
                "location": report.location,
                "purpose": report.purpose,
            }
            fill = resolve_station(self._station).missing_fields(current)
            if fill:
                names = {"machineName": "machine_name", "location": "location"}
                report = report.model_copy(
                    update={names.get(key, key): value for key, value in fill.items()}
                )
            return str(report.id), report.to_wsjf_json().encode()
        if not isinstance(report, Mapping):
            kind = type(report).__name__
            raise TypeError(f"submit_report takes a UUTReport, a UURReport or a dict, not {kind}")
        data = dict(report)
        if not data.get("id"):
            data["id"] = str(uuid.uuid4())
        data.update(resolve_station(self._station).missing_fields(data))
        return str(data["id"]), data

    async def submit_report(self, report: Report | Mapping[str, Any]) -> str:
        """Send a WSJF report to the server and return its id.

        Missing ``machineName``/``location``/``purpose`` are filled from the station; a
        report without an ``id`` gets one. The caller's object is not modified. Re-sending
        the same report overwrites it on the server, so this call is safely retried.

        Args:
            report: A :class:`UUTReport`, a :class:`UURReport` or WSJF data as a dict.

        Returns:
            The report id (the server's echo, else the id that was sent).

        Raises:
            ValidationError: The server rejected the report (its message says why).
        """
        report_id, body = self._prepare(report)
        echoed = await self._repository.post_wsjf(body)
        return echoed or report_id

    submit = submit_report

    async def get_report(
        self,
        report_id: str | UUID,
        *,
        detail_level: int | None = None,
        include_chartdata: bool | None = None,
        include_attachments: bool | None = None,
    ) -> Report | None:
        """Read a report back as a :class:`UUTReport` or :class:`UURReport`.

        Args:
            report_id: The report's id (GUID).
            detail_level: Amount of step detail, 0–7 (server default when ``None``).
            include_chartdata: Include chart series.
            include_attachments: Include attachment data.

        Returns:
            The report; ``None`` when it does not exist and the client is LENIENT.
        """
        return await self._repository.get_wsjf(
            report_id,
            detail_level=detail_level,
            include_chartdata=include_chartdata,
            include_attachments=include_attachments,
        )

    async def submit_report_xml(self, xml: str | bytes) -> str | None:
        """Send a report in WATS XML format (WSXF); returns the id when the server echoes one."""
        return await self._repository.post_wsxf(xml)

    async def get_report_xml(
        self,
        report_id: str | UUID,
        *,
        include_attachments: bool | None = None,
        include_chartdata: bool | None = None,
        include_indexes: bool | None = None,
    ) -> bytes | None:
        """Read a report as WSXF XML bytes (``None`` if absent and LENIENT)."""
        return await self._repository.get_wsxf(
            report_id,
            include_attachments=include_attachments,
            include_chartdata=include_chartdata,
            include_indexes=include_indexes,
        )

    async def query_headers(
        self,
        report_type: str = "U",
        *,
        filter: str | Filter | None = None,
        top: int | None = None,
        skip: int | None = None,
        orderby: str | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """Report headers matching an OData query.

        Args:
            report_type: ``"U"`` for test reports, ``"R"`` for repair reports.
            filter: OData ``$filter`` text, e.g. ``"serialNumber eq 'SN-1'"``, or a
                :class:`~pywats.domains.report.filters.Filter` such as
                ``F.serial_number.eq("SN-1")``.
            top: Page size (``$top``).
            skip: Rows to skip (``$skip``), for paging.
            orderby: ``$orderby``, e.g. ``"start desc"``.
            expand: ``$expand`` names, e.g. ``["subUnits", "miscInfo"]``.
        """
        return await self._repository.query_headers(
            normalise_report_type(report_type),
            filter=None if filter is None else str(filter),
            top=top,
            skip=skip,
            orderby=orderby,
            expand=expand,
        )

    async def query_uut_headers(
        self,
        *,
        filter: str | Filter | None = None,
        top: int | None = None,
        skip: int | None = None,
        orderby: str | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """Test (UUT) report headers; see :meth:`query_headers`."""
        return await self.query_headers(
            "U", filter=filter, top=top, skip=skip, orderby=orderby, expand=expand
        )

    async def query_uur_headers(
        self,
        *,
        filter: str | Filter | None = None,
        top: int | None = None,
        skip: int | None = None,
        orderby: str | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """Repair (UUR) report headers; see :meth:`query_headers`."""
        return await self.query_headers(
            "R", filter=filter, top=top, skip=skip, orderby=orderby, expand=expand
        )

    async def _query_newest(
        self,
        report_type: str,
        where: Filter,
        top: int | None,
        skip: int | None,
        expand: str | Sequence[str] | None,
    ) -> list[ReportHeader]:
        return await self.query_headers(
            report_type, filter=where, top=top, skip=skip, orderby=DEFAULT_ORDER, expand=expand
        )

    async def get_headers_by_serial(
        self,
        serial_number: str,
        *,
        report_type: str = "U",
        top: int | None = 100,
        skip: int | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """Headers of the reports of one unit, newest first.

        Args:
            serial_number: The unit's serial number (exact match).
            report_type: ``"U"`` (test) or ``"R"`` (repair).
            top: Page size; ``None`` leaves it to the server.
            skip: Rows to skip, for paging.
            expand: ``$expand`` names, e.g. ``"miscInfo"``.
        """
        where = F.serial_number.eq(serial_number)
        return await self._query_newest(report_type, where, top, skip, expand)

    async def get_headers_by_part_number(
        self,
        part_number: str,
        *,
        revision: str | None = None,
        report_type: str = "U",
        top: int | None = 100,
        skip: int | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """Headers of the reports of one product (and revision, if given), newest first."""
        where = F.part_number.eq(part_number)
        if revision is not None:
            where = where & F.revision.eq(revision)
        return await self._query_newest(report_type, where, top, skip, expand)

    async def get_headers_by_date_range(
        self,
        start: datetime,
        end: datetime,
        *,
        report_type: str = "U",
        top: int | None = 100,
        skip: int | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """Headers of reports that started in ``[start, end]``, newest first.

        Args:
            start: Inclusive lower bound; must be timezone-aware (sent as UTC).
            end: Inclusive upper bound; must be timezone-aware.
        """
        where = F.start.between(start, end)
        return await self._query_newest(report_type, where, top, skip, expand)

    async def get_headers_by_subunit_part_number(
        self,
        part_number: str,
        *,
        report_type: str = "U",
        top: int | None = 100,
        skip: int | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """Headers of reports with a sub-unit of this part number, newest first."""
        units = F.sub_units if normalise_report_type(report_type) == "U" else F.uur_sub_units
        where = units.any(lambda s: s.part_number.eq(part_number))
        return await self._query_newest(report_type, where, top, skip, expand)

    async def get_headers_by_subunit_serial(
        self,
        serial_number: str,
        *,
        report_type: str = "U",
        top: int | None = 100,
        skip: int | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """Headers of reports with a sub-unit of this serial number, newest first."""
        units = F.sub_units if normalise_report_type(report_type) == "U" else F.uur_sub_units
        where = units.any(lambda s: s.serial_number.eq(serial_number))
        return await self._query_newest(report_type, where, top, skip, expand)

    async def query_headers_by_misc_info(
        self, description: str, string_value: str, *, top: int | None = None
    ) -> list[ReportHeader]:
        """Headers of reports carrying a misc-info entry with this description and text."""
        return await self._repository.query_headers_by_misc_info(description, string_value, top=top)

    async def get_attachment(
        self, *, attachment_id: str | UUID | None = None, step_id: int | None = None
    ) -> bytes | None:
        """One attachment's bytes, by attachment id and/or step id."""
        return await self._repository.get_attachment(attachment_id=attachment_id, step_id=step_id)

    async def get_all_attachments(self, report_id: str | UUID) -> bytes | None:
        """All attachments of a report as one zip archive (bytes)."""
        return await self._repository.get_attachments_as_zip(report_id)

    async def get_certificate(self, report_id: str | UUID) -> bytes | None:
        """The report's certificate document (bytes)."""
        return await self._repository.get_certificate(report_id)
