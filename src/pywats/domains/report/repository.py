"""HTTP calls of the Report API (``/api/Report/...``), wats-api.md §2.1.

The repository knows paths, query-parameter names and response shapes; it holds no policy.
Method names follow the reference client's repository (``post_wsjf``, ``get_wsjf``...); the
service gives them their user-facing names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows, path_segment
from pywats.domains.report.models import Report, ReportHeader, parse_report

__all__ = ["AsyncReportRepository", "report_id_from_body"]

WSJF_SUBMIT_PATH = "/api/Report/WSJF"
WSJF_GET_PATH = "/api/Report/Wsjf/{id}"
WSXF_SUBMIT_PATH = "/api/Report/WSXF"
WSXF_GET_PATH = "/api/Report/Wsxf/{id}"
HEADER_QUERY_PATH = "/api/Report/Query/Header"
HEADER_BY_MISC_INFO_PATH = "/api/Report/Query/HeaderByMiscInfo"
ATTACHMENT_PATH = "/api/Report/Attachment"
ATTACHMENTS_ZIP_PATH = "/api/Report/Attachments/{id}"
CERTIFICATE_PATH = "/api/Report/Certificate/{id}"

_XML_HEADERS = {"Content-Type": "application/xml", "Accept": "application/xml, text/xml, */*"}
_BINARY_HEADERS = {"Accept": "*/*"}
_ID_KEYS = ("ID", "id", "Id", "uuid")


def report_id_from_body(body: Any) -> str | None:
    """The report id in a submit answer: a one-element list, an object with ``ID``/``id``/
    ``uuid``, or a bare string (all seen from WATS servers); ``None`` when there is none.

    Example:
        >>> report_id_from_body([{"ID": "2b6c...", "status": "ok"}])
        '2b6c...'
    """
    if isinstance(body, list):
        return report_id_from_body(body[0]) if body else None
    if isinstance(body, Mapping):
        for key in _ID_KEYS:
            value = body.get(key)
            if value:
                return str(value)
        return None
    if isinstance(body, str):
        return body.strip().strip('"') or None
    return None


def _odata_list(value: str | Sequence[str] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return ",".join(value)


class AsyncReportRepository:
    """Builds and parses the Report API calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    async def post_wsjf(self, report: Mapping[str, Any] | bytes) -> str | None:
        """``POST /api/Report/WSJF``; returns the id the server echoes, if any.

        ``report`` is WSJF data, or WSJF JSON already encoded (sent as is: a model's own JSON
        dump, which saves a second serialisation of a large report).
        Sent as idempotent: the report carries its own id and the server upserts on it, so a
        retry after a lost answer cannot create a duplicate.
        """
        if isinstance(report, bytes):
            response = await self._http.post(WSJF_SUBMIT_PATH, content=report, idempotent=True)
        else:
            response = await self._http.post(WSJF_SUBMIT_PATH, json=report, idempotent=True)
        body = self._errors.handle(response, "submit_report", allow_empty=True)
        return report_id_from_body(body)

    async def get_wsjf(
        self,
        report_id: str | UUID,
        *,
        detail_level: int | None = None,
        include_chartdata: bool | None = None,
        include_attachments: bool | None = None,
    ) -> Report | None:
        """``GET /api/Report/Wsjf/{id}``; ``None`` for not-found in LENIENT mode."""
        response = await self._http.get(
            WSJF_GET_PATH.format(id=path_segment(report_id)),
            params={
                "detailLevel": detail_level,
                "includeChartdata": include_chartdata,
                "includeAttachments": include_attachments,
            },
        )
        body = self._errors.handle(response, "get_report")
        return None if body is None else parse_report(body)

    async def post_wsxf(self, xml: str | bytes) -> str | None:
        """``POST /api/Report/WSXF`` (WATS XML format); returns the echoed id, if any."""
        response = await self._http.post(WSXF_SUBMIT_PATH, content=xml, headers=_XML_HEADERS)
        body = self._errors.handle(response, "submit_report_xml", allow_empty=True)
        return report_id_from_body(body)

    async def get_wsxf(
        self,
        report_id: str | UUID,
        *,
        include_attachments: bool | None = None,
        include_chartdata: bool | None = None,
        include_indexes: bool | None = None,
    ) -> bytes | None:
        """``GET /api/Report/Wsxf/{id}``: the report as raw XML bytes."""
        response = await self._http.get(
            WSXF_GET_PATH.format(id=path_segment(report_id)),
            params={
                "includeAttachments": include_attachments,
                "includeChartdata": include_chartdata,
                "includeIndexes": include_indexes,
            },
            headers=_XML_HEADERS,
        )
        result: bytes | None = self._errors.handle(response, "get_report_xml", raw=True)
        return result

    async def query_headers(
        self,
        report_type: str,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        orderby: str | None = None,
        expand: str | Sequence[str] | None = None,
    ) -> list[ReportHeader]:
        """``GET /api/Report/Query/Header`` with OData options; a bare JSON array back."""
        response = await self._http.get(
            HEADER_QUERY_PATH,
            params={
                "reportType": report_type,
                "$filter": filter,
                "$top": top,
                "$skip": skip,
                "$orderby": orderby,
                "$expand": _odata_list(expand),
            },
        )
        body = self._errors.handle(response, "query_headers", allow_empty=True)
        return parse_rows(body, ReportHeader, "query_headers")

    async def query_headers_by_misc_info(
        self, description: str, string_value: str, *, top: int | None = None
    ) -> list[ReportHeader]:
        """``GET /api/Report/Query/HeaderByMiscInfo``."""
        response = await self._http.get(
            HEADER_BY_MISC_INFO_PATH,
            params={"description": description, "stringValue": string_value, "$top": top},
        )
        body = self._errors.handle(response, "query_headers_by_misc_info", allow_empty=True)
        return parse_rows(body, ReportHeader, "query_headers_by_misc_info")

    async def _get_bytes(self, path: str, operation: str, **params: Any) -> bytes | None:
        response = await self._http.get(path, params=params, headers=_BINARY_HEADERS)
        result: bytes | None = self._errors.handle(response, operation, raw=True)
        return result

    async def get_attachment(
        self, *, attachment_id: str | UUID | None = None, step_id: int | None = None
    ) -> bytes | None:
        """``GET /api/Report/Attachment?attachmentId=&stepId=``: raw bytes."""
        if attachment_id is None and step_id is None:
            raise ValueError("give attachment_id, step_id or both")
        return await self._get_bytes(
            ATTACHMENT_PATH, "get_attachment", attachmentId=attachment_id, stepId=step_id
        )

    async def get_attachments_as_zip(self, report_id: str | UUID) -> bytes | None:
        """``GET /api/Report/Attachments/{reportId}``: every attachment as one zip."""
        return await self._get_bytes(
            ATTACHMENTS_ZIP_PATH.format(id=path_segment(report_id)), "get_all_attachments"
        )

    async def get_certificate(self, report_id: str | UUID) -> bytes | None:
        """``GET /api/Report/Certificate/{reportId}``: raw bytes."""
        return await self._get_bytes(
            CERTIFICATE_PATH.format(id=path_segment(report_id)), "get_certificate"
        )
