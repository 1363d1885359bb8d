"""HTTP calls of the RootCause domain: build the request, check the answer, parse models."""

from __future__ import annotations

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient

__all__ = ["AsyncRootCauseRepository"]


class AsyncRootCauseRepository:
    """Builds and parses the RootCause calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors
