"""The sliver of HTTP/1.1 the health endpoint needs: parse a request head, build a response.

Pure functions; strict on purpose (anything odd is a 4xx) because the only legitimate clients
are probes and Prometheus. One request per connection (``Connection: close``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from http import HTTPStatus

__all__ = [
    "MAX_HEADERS",
    "MAX_REQUEST_LINE_BYTES",
    "HttpError",
    "HttpRequest",
    "parse_request_head",
    "render_response",
]

MAX_REQUEST_LINE_BYTES = 8 * 1024
MAX_HEADERS = 100
_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_TARGET = re.compile(rb"^/[\x21-\x7e]*$")
_VERSION = re.compile(rb"^HTTP/1\.[01]$")


class HttpError(Exception):
    """The request cannot be served; ``status`` is the response to send."""

    def __init__(self, status: HTTPStatus, detail: str) -> None:
        super().__init__(f"{status.value} {status.phrase}: {detail}")
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class HttpRequest:
    """A parsed request head."""

    method: str
    target: str
    version: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The target without its query string."""
        return self.target.split("?", 1)[0]


def parse_request_head(head: bytes, *, max_headers: int = MAX_HEADERS) -> HttpRequest:
    """Parse everything up to (and including) the blank line that ends the head.

    Raises:
        HttpError: 400 for malformed input, 414 for a long request line, 431 for too many
            headers.
    """
    text = head.removesuffix(b"\r\n\r\n")
    if not text:
        raise HttpError(HTTPStatus.BAD_REQUEST, "empty request")
    request_line, *header_lines = text.split(b"\r\n")
    if len(request_line) > MAX_REQUEST_LINE_BYTES:
        raise HttpError(HTTPStatus.REQUEST_URI_TOO_LONG, "request line too long")
    parts = request_line.split(b" ")
    if len(parts) != 3:
        raise HttpError(HTTPStatus.BAD_REQUEST, "malformed request line")
    method, target, version = parts
    if not _TOKEN.match(method):
        raise HttpError(HTTPStatus.BAD_REQUEST, "malformed method")
    if not _TARGET.match(target):
        raise HttpError(HTTPStatus.BAD_REQUEST, "malformed request target")
    if not _VERSION.match(version):
        raise HttpError(HTTPStatus.BAD_REQUEST, "unsupported HTTP version")
    if len(header_lines) > max_headers:
        raise HttpError(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too many headers")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, sep, value = line.partition(b":")
        if not sep or not _TOKEN.match(name):
            raise HttpError(HTTPStatus.BAD_REQUEST, "malformed header line")
        try:
            decoded = value.strip(b" \t").decode("ascii")
        except UnicodeDecodeError:
            raise HttpError(HTTPStatus.BAD_REQUEST, "non-ASCII header value") from None
        headers[name.decode("ascii").lower()] = decoded
    return HttpRequest(
        method=method.decode("ascii"),
        target=target.decode("ascii"),
        version=version.decode("ascii"),
        headers=headers,
    )


def render_response(
    status: HTTPStatus,
    body: bytes,
    content_type: str,
    *,
    extra_headers: dict[str, str] | None = None,
    include_body: bool = True,
) -> bytes:
    """A complete HTTP/1.1 response; ``include_body=False`` for HEAD (same headers)."""
    headers = {
        "Content-Type": content_type,
        "Content-Length": str(len(body)),
        "Cache-Control": "no-store",
        "Connection": "close",
        **(extra_headers or {}),
    }
    head = f"HTTP/1.1 {status.value} {status.phrase}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return (head + "\r\n").encode("ascii") + (body if include_body else b"")
