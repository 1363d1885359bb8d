"""Error bodies shaped like the ones WATS clients read: ``{"message": "..."}``.

Every non-2xx answer of the emulator (WATS paths and ``/_emulator``) goes through here, so a
client sees one shape whatever failed: validation, auth, an unknown id or an injected fault.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

__all__ = ["ApiError", "error_response", "install_error_handlers"]


class ApiError(Exception):
    """Raised by route code to answer with ``status`` and a readable message."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = dict(headers or {})


def error_response(
    status: int,
    message: str,
    *,
    errors: list[str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A JSON error body ``{"message": ...}`` (plus ``errors`` when there is a list)."""
    body: dict[str, object] = {"message": message}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception type FastAPI can raise to the ``{"message"}`` shape."""

    async def on_api_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, errors=exc.errors, headers=exc.headers)

    async def on_http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers or {})
        return error_response(exc.status_code, str(exc.detail), headers=headers)

    async def on_request_validation(_request: Request, exc: Exception) -> Response:
        # FastAPI answers 422 by default; WATS answers 400 for any bad request.
        assert isinstance(exc, RequestValidationError)
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()))
            problems.append(f"{where}: {error.get('msg', 'invalid')}")
        return error_response(400, "; ".join(problems) or "invalid request", errors=problems)

    async def on_unexpected(_request: Request, _exc: Exception) -> Response:
        return error_response(500, "internal emulator error")

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(Exception, on_unexpected)
