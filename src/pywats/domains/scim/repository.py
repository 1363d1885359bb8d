"""HTTP calls of the Scim domain: build the request, check the answer, parse models."""

from __future__ import annotations

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient

__all__ = ["AsyncScimRepository"]


class AsyncScimRepository:
    """Builds and parses the Scim calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors
