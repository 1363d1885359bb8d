"""HTTP calls of the Product domain: build the request, check the answer, parse models."""

from __future__ import annotations

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient

__all__ = ["AsyncProductRepository"]


class AsyncProductRepository:
    """Builds and parses the Product calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors
