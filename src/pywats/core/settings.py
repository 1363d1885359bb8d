"""Where to connect and with which token: arguments, environment, then discovery.

Credential precedence for ``AsyncWATS()`` / ``pyWATS()``:

1. ``base_url`` / ``token`` passed by the caller;
2. ``PYWATS_SERVER_URL`` / ``PYWATS_API_TOKEN`` from the environment;
3. :func:`_discover_credentials` — asks a running station service of the same user (the
   hook exists now; the IPC lookup arrives with the station service);
4. otherwise :class:`~pywats.core.errors.ConfigurationError` naming what is missing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from pywats.core.errors import ConfigurationError
from pywats.core.request import normalise_base_url

__all__ = ["SERVER_URL_ENV_VAR", "TOKEN_ENV_VAR", "Credentials", "resolve_credentials"]

SERVER_URL_ENV_VAR = "PYWATS_SERVER_URL"
TOKEN_ENV_VAR = "PYWATS_API_TOKEN"  # noqa: S105 - a variable name, not a secret


@dataclass(frozen=True)
class Credentials:
    """Where and as whom to connect. The token is left out of ``repr``."""

    base_url: str
    token: str = field(repr=False)


def _discover_credentials() -> Credentials | None:
    """Hook: ask a running pyWATS station service of this user for its server and token.

    Returns ``None`` until the station service's IPC lookup is wired in.
    """
    return None


def resolve_credentials(
    base_url: str | None = None,
    token: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> Credentials:
    """Find the server URL and token (arguments, then environment, then discovery)."""
    env = os.environ if environ is None else environ
    url = base_url or env.get(SERVER_URL_ENV_VAR) or None
    secret = token or env.get(TOKEN_ENV_VAR) or None
    if url is None or secret is None:
        discovered = _discover_credentials()
        if discovered is not None:
            url = url or discovered.base_url
            secret = secret or discovered.token
    missing = [
        what
        for what, value in (
            (f"server URL (base_url= or {SERVER_URL_ENV_VAR})", url),
            (f"API token (token= or {TOKEN_ENV_VAR})", secret),
        )
        if not value
    ]
    if missing:
        raise ConfigurationError(
            "cannot connect to WATS: no " + " and no ".join(missing) + " was given, and no "
            "running pyWATS station service provided them"
        )
    assert url is not None
    assert secret is not None
    try:
        return Credentials(base_url=normalise_base_url(url), token=secret)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc
