"""Token authentication the way WATS does it: ``Authorization: Basic <token>``.

The token is an opaque secret pasted after ``Basic `` (it is *not* decoded as
``user:password``). It is compared in constant time and never logged. ``Referer``, which the
reference client adds to internal calls, is accepted and ignored.
"""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from pywats_emulator.errors import error_response

__all__ = ["AuthMiddleware", "token_matches"]

_SCHEME = "basic"


def token_matches(authorization: str | None, token: str) -> bool:
    """True when the ``Authorization`` header carries exactly ``Basic <token>``.

    The scheme name is case-insensitive (RFC 9110); the token must match byte for byte.
    """
    if not authorization:
        return False
    scheme, _, credentials = authorization.strip().partition(" ")
    if scheme.lower() != _SCHEME:
        return False
    return hmac.compare_digest(credentials.strip().encode("utf-8"), token.encode("utf-8"))


class AuthMiddleware:
    """Answer 401 with ``{"message"}`` to every HTTP request without the configured token."""

    def __init__(self, app: ASGIApp, *, token: str) -> None:
        self.app = app
        self._token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = None
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                header = value.decode("latin-1")
                break
        if token_matches(header, self._token):
            await self.app(scope, receive, send)
            return
        message = (
            "missing Authorization header (expected 'Basic <token>')"
            if header is None
            else "invalid token"
        )
        response = error_response(401, message, headers={"WWW-Authenticate": 'Basic realm="WATS"'})
        await response(scope, receive, send)
