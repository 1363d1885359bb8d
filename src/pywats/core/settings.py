"""Where to connect and with which token: arguments, environment, then discovery.

Credential precedence for ``AsyncWATS()`` / ``pyWATS()``:

1. ``base_url`` / ``token`` passed by the caller;
2. ``PYWATS_SERVER_URL`` / ``PYWATS_API_TOKEN`` from the environment;
3. :func:`_discover_credentials` — asks a running pyWATS station service of the same user
   (instance ``PYWATS_INSTANCE_ID`` or ``default``) over its owner-only IPC channel. Only when
   ``pywats_client`` is installed: the API library never requires it. A discovered token is
   used only for the service's own server, never sent to a URL the caller gave;
4. otherwise :class:`~pywats.core.errors.ConfigurationError` naming what is missing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from pywats.core.errors import ConfigurationError
from pywats.core.request import normalise_base_url

__all__ = ["SERVER_URL_ENV_VAR", "TOKEN_ENV_VAR", "Credentials", "resolve_credentials"]

logger = logging.getLogger(__name__)

SERVER_URL_ENV_VAR = "PYWATS_SERVER_URL"
TOKEN_ENV_VAR = "PYWATS_API_TOKEN"  # noqa: S105 - a variable name, not a secret
DISCOVERY_CONNECT_TIMEOUT_S = 0.5  # a local socket answers at once or not at all
DISCOVERY_TIMEOUT_S = 3.0  # the service decrypts the token (PBKDF2, ~0.1-0.3 s) on first use


@dataclass(frozen=True)
class Credentials:
    """Where and as whom to connect. The token is left out of ``repr``."""

    base_url: str
    token: str = field(repr=False)


def _discover_credentials() -> Credentials | None:
    """Ask a running pyWATS station service of this user for its server URL and token.

    The instance is ``PYWATS_INSTANCE_ID`` (default ``default``) under ``PYWATS_HOME`` or the
    platform directories. Returns ``None`` — never raises — when ``pywats_client`` is not
    installed, no service runs, it does not answer within :data:`DISCOVERY_TIMEOUT_S`, or it
    has no server or token configured.
    """
    try:  # optional: pywats must work without the station service installed
        from pywats_client.config import resolve_instance_id
        from pywats_client.ipc import IpcError, discover, request_sync
        from pywats_client.paths import InstancePaths
    except ImportError:
        return None
    try:
        paths = InstancePaths(resolve_instance_id())
        endpoint = discover(paths.endpoint_file)
        if endpoint is None:
            return None
        answer = request_sync(
            endpoint,
            "get_credentials",
            connect_timeout_s=DISCOVERY_CONNECT_TIMEOUT_S,
            timeout_s=DISCOVERY_TIMEOUT_S,
        )
    except (IpcError, OSError, ValueError) as exc:
        logger.debug("no credentials from a pyWATS station service: %s", exc)
        return None
    if not isinstance(answer, dict):
        return None
    url, token = answer.get("base_url"), answer.get("token")
    if not isinstance(url, str) or not url or not isinstance(token, str) or not token:
        return None
    logger.debug("using server %s from the pyWATS station service %r", url, paths.instance_id)
    return Credentials(base_url=url, token=token)


def _same_server(a: str, b: str) -> bool:
    try:
        return normalise_base_url(a).lower() == normalise_base_url(b).lower()
    except ValueError:
        return False


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
        # The service's token belongs to the service's server: never send it elsewhere.
        if discovered is not None and (url is None or _same_server(url, discovered.base_url)):
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
            "running pyWATS station service provided them. Pass base_url= and token=, set "
            f"{SERVER_URL_ENV_VAR} and {TOKEN_ENV_VAR}, or run `pywats-client login` and start "
            "the station service (`pywats-client service`)"
        )
    assert url is not None
    assert secret is not None
    try:
        return Credentials(base_url=normalise_base_url(url), token=secret)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc
