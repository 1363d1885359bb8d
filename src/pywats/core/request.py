"""Request building as plain functions: base URL, default headers, TLS settings.

No I/O here, so every rule of wats-api.md §1.1 is unit-tested directly; the HTTP client only
applies them.
"""

from __future__ import annotations

import os
import ssl

__all__ = [
    "INTERNAL_API_PREFIX",
    "build_default_headers",
    "is_internal_path",
    "normalise_base_url",
    "tls_verification",
]

INTERNAL_API_PREFIX = "/api/internal/"


def normalise_base_url(base_url: str) -> str:
    """Server root as WATS clients use it (wats-api.md §1.1).

    Adds ``https://`` when no scheme is given, strips trailing ``/`` and a trailing ``/api``
    so that endpoint paths (which all start with ``/api/``) can be appended.

    Example:
        >>> normalise_base_url("acme.wats.com/api/")
        'https://acme.wats.com'
    """
    url = base_url.strip()
    if not url:
        raise ValueError("the WATS server URL is empty")
    if "://" not in url:
        url = f"https://{url}"
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"the WATS server URL must use http or https, not {scheme!r}")
    url = url.rstrip("/")
    if url.lower().endswith("/api"):
        url = url[: -len("/api")].rstrip("/")
    return url


def is_internal_path(path: str) -> bool:
    """Whether ``path`` is on the internal API (which wants a ``Referer`` header)."""
    return path.lower().startswith(INTERNAL_API_PREFIX)


def tls_verification(verify: bool | str | ssl.SSLContext) -> bool | ssl.SSLContext:
    """httpx's ``verify`` from ours: ``True``/``False``, an SSL context, or a CA bundle path
    (file or directory), turned into a context here because httpx deprecates paths."""
    if isinstance(verify, (bool, ssl.SSLContext)):
        return verify
    if os.path.isdir(verify):
        return ssl.create_default_context(capath=verify)
    return ssl.create_default_context(cafile=verify)


def build_default_headers(token: str) -> dict[str, str]:
    """Headers sent on every request (wats-api.md §1.1)."""
    return {
        "Authorization": f"Basic {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }
