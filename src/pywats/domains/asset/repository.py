"""HTTP calls of the Asset domain: build the request, check the answer, parse models."""

from __future__ import annotations

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient

__all__ = ["AsyncAssetRepository"]


class AsyncAssetRepository:
    """Builds and parses the Asset calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors
