"""Status-to-error mapping, messages, error modes and the Response body helpers."""

from __future__ import annotations

import builtins
import json
from typing import Any

import httpx
import pytest

from pywats.core import errors
from pywats.core.errors import (
    ApiError,
    AuthenticationError,
    AuthorizationError,
    ConflictError,
    EmptyResponseError,
    ErrorHandler,
    ErrorMode,
    NotFoundError,
    PyWATSError,
    RateLimitError,
    ServerError,
    ValidationError,
    error_from_response,
    is_empty_body,
)
from pywats.core.http import Response

URL = "https://wats.example/api/Report/WSJF"


def make_response(
    status: int,
    body: Any = None,
    *,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
    method: str = "POST",
) -> Response:
    if body is None:
        content = b""
    elif isinstance(body, bytes):
        content = body
    elif content_type.endswith("json"):
        content = json.dumps(body).encode()
    else:
        content = str(body).encode()
    raw = httpx.Response(
        status,
        content=content,
        headers={"Content-Type": content_type, **(headers or {})},
        request=httpx.Request(method, URL),
    )
    return Response.from_httpx(raw)


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, ValidationError),
        (401, AuthenticationError),
        (403, AuthorizationError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (599, ServerError),
        (405, ApiError),
        (422, ApiError),
    ],
)
def test_status_maps_to_error_type(status: int, error_type: type[ApiError]) -> None:
    error = error_from_response(make_response(status, {"message": "nope"}), "submit_report")
    assert type(error) is error_type
    assert isinstance(error, PyWATSError)
    assert error.status_code == status
    assert error.method == "POST"
    assert error.url == URL
    assert error.operation == "submit_report"
    assert error.server_message == "nope"


def test_message_names_operation_method_url_status_and_server_reason() -> None:
    response = make_response(400, {"Message": "processCode 77 is not a known test operation"})
    message = str(error_from_response(response, "submit_report"))
    assert message == (
        f"submit_report: POST {URL} failed with 400: processCode 77 is not a known test operation"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"message": "a"}, "a"),
        ({"Message": "b"}, "b"),
        ({"error": "c"}, "c"),
        ({"errors": ["d1", "d2"]}, "d1; d2"),
        ({"errors": {"pn": ["required"], "sn": ["too long"]}}, "pn: required; sn: too long"),
        ({"detail": "e"}, "e"),
        ({"title": "f", "status": 400}, "f"),
        ({"title": "g", "detail": "h"}, "h"),  # detail before title, as documented
        ({"other": "x"}, None),
        ("plain text reason", "plain text reason"),
    ],
)
def test_server_message_extraction(body: Any, expected: str | None) -> None:
    assert make_response(400, body).error_message == expected


def test_raw_text_body_is_the_message() -> None:
    response = make_response(400, "Report rejected: sn too long", content_type="text/plain")
    assert response.error_message == "Report rejected: sn too long"
    assert "Report rejected: sn too long" in str(error_from_response(response, "submit_report"))


def test_message_without_server_reason() -> None:
    message = str(error_from_response(make_response(502), "get_report"))
    assert message == f"get_report: POST {URL} failed with 502"


def test_rate_limit_error_carries_retry_after() -> None:
    response = make_response(429, headers={"retry-after": "7"})
    error = error_from_response(response, "get_version")
    assert isinstance(error, RateLimitError)
    assert error.retry_after_s == 7.0


def test_transport_errors_are_also_builtins() -> None:
    conn = errors.ConnectionError(method="GET", url=URL, detail="refused", attempts=3)
    timeout = errors.TimeoutError(method="GET", url=URL, detail="ReadTimeout")
    assert isinstance(conn, builtins.ConnectionError)
    assert isinstance(timeout, builtins.TimeoutError)
    assert isinstance(conn, PyWATSError)
    assert type(conn).__name__ == "PyWATSConnectionError"
    assert str(conn) == f"GET {URL}: connection failed after 3 attempts: refused"
    assert str(timeout) == f"GET {URL}: timed out: ReadTimeout"


def test_configuration_error_is_a_value_error() -> None:
    assert issubclass(errors.ConfigurationError, ValueError)


# -- ErrorHandler ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(ErrorMode))
def test_success_returns_parsed_body(mode: ErrorMode) -> None:
    assert ErrorHandler(mode).handle(make_response(200, {"id": 1}), "op") == {"id": 1}


@pytest.mark.parametrize("body", [None, "", [], {}])
def test_strict_empty_body_raises(body: Any) -> None:
    response = make_response(200, body)
    with pytest.raises(EmptyResponseError, match=r"op: POST .* returned 200 with an empty body"):
        ErrorHandler(ErrorMode.STRICT).handle(response, "op")


@pytest.mark.parametrize("body", [None, "", [], {}])
def test_empty_body_allowed_when_the_call_says_so(body: Any) -> None:
    response = make_response(200, body)
    assert ErrorHandler(ErrorMode.STRICT).handle(response, "op", allow_empty=True) == body


def test_lenient_empty_body_is_none() -> None:
    assert ErrorHandler(ErrorMode.LENIENT).handle(make_response(200, []), "op") is None


def test_not_found_strict_raises_lenient_returns_none() -> None:
    response = make_response(404, {"message": "no such report"})
    with pytest.raises(NotFoundError, match="no such report"):
        ErrorHandler(ErrorMode.STRICT).handle(response, "get_report")
    assert ErrorHandler(ErrorMode.LENIENT).handle(response, "get_report") is None


@pytest.mark.parametrize("status", [400, 401, 403, 409, 429, 500])
def test_lenient_still_raises_other_errors(status: int) -> None:
    with pytest.raises(ApiError):
        ErrorHandler(ErrorMode.LENIENT).handle(make_response(status), "op")


def test_raw_mode_returns_bytes() -> None:
    payload = b"PK\x03\x04\xff\xfe binary zip"
    response = make_response(200, payload, content_type="application/zip")
    assert response.data is None  # not text, not JSON
    assert ErrorHandler().handle(response, "get_all_attachments", raw=True) == payload
    with pytest.raises(EmptyResponseError):
        ErrorHandler().handle(
            make_response(200, b"", content_type="application/zip"), "x", raw=True
        )


def test_is_empty_body() -> None:
    assert all(is_empty_body(v) for v in (None, "", [], {}))
    assert not any(is_empty_body(v) for v in (0, False, "0", [0], {"a": None}))


def test_response_flags_and_parsing() -> None:
    ok = make_response(204)
    assert ok.is_success
    assert ok.data is None
    assert make_response(404).is_not_found
    assert make_response(404).is_client_error
    assert make_response(503).is_server_error
    assert make_response(200, '"24.1.0"', content_type="application/json; charset=utf-8").data == (
        "24.1.0"
    )
    broken = make_response(200, b"{not json", content_type="application/json")
    assert broken.data == "{not json"
