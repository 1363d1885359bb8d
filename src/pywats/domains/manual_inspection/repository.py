"""HTTP calls of the manual inspection domain (internal API, ``Referer`` sent)."""

from __future__ import annotations

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient

__all__ = ["AsyncManualInspectionRepository"]


class AsyncManualInspectionRepository:
    """Builds and parses the manual inspection calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors
