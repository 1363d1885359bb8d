"""Errors raised by pyWATS, and the one place that turns HTTP responses into them.

The HTTP client never raises on a status code; repositories hand every response to
:class:`ErrorHandler`, which either returns the parsed body or raises one of these::

    PyWATSError                      root: catch this to catch everything pyWATS raises
    ├── ConfigurationError           no server URL / token could be found (also a ValueError)
    ├── ApiError                     the server answered with an error status
    │   ├── ValidationError          400 (e.g. a WSJF report the server rejected)
    │   ├── AuthenticationError      401 (bad or missing token)
    │   ├── AuthorizationError       403
    │   ├── NotFoundError            404 (returned as ``None`` in ErrorMode.LENIENT)
    │   ├── ConflictError            409
    │   ├── RateLimitError           429 (after retries, if any, were used up)
    │   └── ServerError              5xx
    ├── EmptyResponseError           2xx with an empty body where data was expected
    ├── CircuitOpenError             not sent: the circuit breaker is open
    └── TransportError               no response at all
        ├── ConnectionError          (class PyWATSConnectionError; also a builtins.ConnectionError)
        └── TimeoutError             (class PyWATSTimeoutError; also a builtins.TimeoutError)

``ConnectionError`` and ``TimeoutError`` are exported under those names (as the design
promises) but the classes are called ``PyWATSConnectionError`` / ``PyWATSTimeoutError`` so a
traceback never looks like a builtin. They also derive from the builtins, so existing
``except TimeoutError`` code keeps working.

Every message says what was asked (operation), how (method + URL), what came back (status)
and why (the server's own message).
"""

from __future__ import annotations

import builtins
import enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pywats.core.http import Response

__all__ = [
    "ApiError",
    "AuthenticationError",
    "AuthorizationError",
    "CircuitOpenError",
    "ConfigurationError",
    "ConflictError",
    "ConnectionError",
    "EmptyResponseError",
    "ErrorHandler",
    "ErrorMode",
    "NotFoundError",
    "PyWATSConnectionError",
    "PyWATSError",
    "PyWATSTimeoutError",
    "RateLimitError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "ValidationError",
    "error_from_response",
    "is_empty_body",
]


class ErrorMode(enum.Enum):
    """How repositories treat "not found" and empty answers."""

    STRICT = "strict"
    """Raise for every error status and for empty bodies where data was expected."""
    LENIENT = "lenient"
    """Return ``None`` for 404 and for empty bodies; other errors still raise."""


class PyWATSError(Exception):
    """Root of every exception raised by pyWATS."""


class ConfigurationError(PyWATSError, ValueError):
    """The client cannot be built as asked (e.g. no server URL or token anywhere)."""


def _describe(operation: str | None, method: str, url: str) -> str:
    prefix = f"{operation}: " if operation else ""
    return f"{prefix}{method} {url}"


class ApiError(PyWATSError):
    """The server answered with an error status.

    Attributes:
        status_code: HTTP status of the answer.
        method: HTTP method of the request.
        url: Full request URL (never contains the token: that travels in a header).
        operation: The client operation, e.g. ``"submit_report"``.
        server_message: The server's own explanation, if it sent one.
    """

    def __init__(
        self,
        *,
        status_code: int,
        method: str,
        url: str,
        operation: str | None = None,
        server_message: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.method = method
        self.url = url
        self.operation = operation
        self.server_message = server_message
        reason = f": {server_message}" if server_message else ""
        super().__init__(f"{_describe(operation, method, url)} failed with {status_code}{reason}")


class ValidationError(ApiError):
    """400: the server rejected the request content (e.g. an invalid report)."""


class AuthenticationError(ApiError):
    """401: the token is missing, wrong or expired."""


class AuthorizationError(ApiError):
    """403: the token is valid but may not do this."""


class NotFoundError(ApiError):
    """404: the resource does not exist."""


class ConflictError(ApiError):
    """409: the request conflicts with the server's current state."""


class RateLimitError(ApiError):
    """429: too many requests; ``retry_after_s`` tells how long the server asked to wait."""

    def __init__(self, *, retry_after_s: float | None = None, **kwargs: Any) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(**kwargs)


class ServerError(ApiError):
    """5xx: the server failed."""


class EmptyResponseError(PyWATSError):
    """The server answered 2xx with no data where data was expected (STRICT mode)."""

    def __init__(
        self, *, status_code: int, method: str, url: str, operation: str | None = None
    ) -> None:
        self.status_code = status_code
        self.method = method
        self.url = url
        self.operation = operation
        super().__init__(
            f"{_describe(operation, method, url)} returned {status_code} with an empty body"
        )


class CircuitOpenError(PyWATSError):
    """The request was not sent because recent calls failed; it retries after a pause."""

    def __init__(self, *, method: str, url: str, retry_in_s: float) -> None:
        self.method = method
        self.url = url
        self.retry_in_s = retry_in_s
        super().__init__(
            f"{method} {url} not sent: circuit breaker is open after repeated failures "
            f"(next probe allowed in {retry_in_s:.1f} s)"
        )


class TransportError(PyWATSError):
    """No response was received (connection failed or timed out), after any retries."""

    def __init__(self, *, method: str, url: str, detail: str, attempts: int = 1) -> None:
        self.method = method
        self.url = url
        self.detail = detail
        self.attempts = attempts
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"{method} {url}: {self._what}{tries}: {detail}")

    _what = "no response"


class PyWATSConnectionError(TransportError, builtins.ConnectionError):
    """The server could not be reached (DNS, refused, reset, TLS...). Exported as
    ``ConnectionError``."""

    _what = "connection failed"

    def __str__(self) -> str:  # OSError.__str__ would format errno fields
        return str(self.args[0]) if self.args else ""


class PyWATSTimeoutError(TransportError, builtins.TimeoutError):
    """The server did not answer in time. Exported as ``TimeoutError``."""

    _what = "timed out"

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# Public names promised by the design; the classes keep unambiguous names for tracebacks.
ConnectionError = PyWATSConnectionError
TimeoutError = PyWATSTimeoutError

_STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: AuthorizationError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_from_response(response: Response, operation: str | None = None) -> ApiError:
    """Build the typed error for an error response (pure: no I/O, no raising)."""
    fields: dict[str, Any] = {
        "status_code": response.status_code,
        "method": response.method,
        "url": response.url,
        "operation": operation,
        "server_message": response.error_message,
    }
    status = response.status_code
    if status == 429:
        from pywats.core.retry import parse_retry_after

        return RateLimitError(
            retry_after_s=parse_retry_after(response.headers.get("retry-after")), **fields
        )
    error_type = _STATUS_ERRORS.get(status)
    if error_type is None:
        error_type = ServerError if status >= 500 else ApiError
    return error_type(**fields)


def is_empty_body(data: Any) -> bool:
    """True for the bodies WATS uses to mean "nothing": none, ``""``, ``[]``, ``{}``."""
    return data is None or (isinstance(data, (str, list, dict)) and len(data) == 0)


class ErrorHandler:
    """Turns a :class:`Response` into data or a typed error, according to the error mode.

    Every repository calls :meth:`handle` once per response, so the status-to-error rules
    live in one place.
    """

    def __init__(self, mode: ErrorMode = ErrorMode.STRICT) -> None:
        self.mode = mode

    def __repr__(self) -> str:
        return f"ErrorHandler(mode={self.mode.name})"

    def handle(
        self, response: Response, operation: str, *, allow_empty: bool = False, raw: bool = False
    ) -> Any:
        """Return the response body or raise the matching :class:`PyWATSError`.

        Args:
            response: The response to judge.
            operation: Client operation name used in error messages (e.g. ``"get_report"``).
            allow_empty: An empty 2xx body is a valid answer (e.g. an empty query result).
            raw: Return the body as ``bytes`` instead of the parsed JSON/text.

        Returns:
            The parsed body (or bytes when ``raw``); ``None`` for 404 in LENIENT mode and for
            empty bodies that are allowed or tolerated.
        """
        if response.is_success:
            body: Any = response.content if raw else response.data
            empty = len(response.content) == 0 if raw else is_empty_body(response.data)
            if empty and not allow_empty:
                if self.mode is ErrorMode.STRICT:
                    raise EmptyResponseError(
                        status_code=response.status_code,
                        method=response.method,
                        url=response.url,
                        operation=operation,
                    )
                return None
            return body
        if response.is_not_found and self.mode is ErrorMode.LENIENT:
            return None
        raise error_from_response(response, operation)

    def handle_write(self, response: Response, operation: str, *, allow_empty: bool = False) -> Any:
        """Like :meth:`handle` for a write: 404 raises even in LENIENT mode.

        LENIENT turns "not found" into ``None`` for reads; a count, state or file silently not
        stored would be worse than an error, so writes always raise.
        """
        if response.is_not_found:
            raise error_from_response(response, operation)
        return self.handle(response, operation, allow_empty=allow_empty)
