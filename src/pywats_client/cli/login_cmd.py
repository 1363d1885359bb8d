"""``pywats-client login``: test a server URL and token, then store them (token encrypted).

Nothing is saved unless ``GET /api/App/Version`` succeeds with the token. The token is read
from a hidden prompt, from stdin (``--token-stdin``) or, discouraged, from ``--token``; it is
encrypted with the machine's :class:`~pywats_client.security.TokenVault` before it reaches the
config file and never appears in output or logs. A running service of the instance is told to
restart its connection, so the new server and token apply at once (a plain config reload keeps
the open client).
"""

from __future__ import annotations

import os
import ssl
import sys
from pathlib import Path
from typing import Annotated, Any

import anyio
import typer
from pydantic import ValidationError

from pywats import (
    AsyncWATS,
    AuthenticationError,
    AuthorizationError,
    NotFoundError,
    PyWATSError,
    RetryConfig,
)
from pywats.core.settings import SERVER_URL_ENV_VAR, TOKEN_ENV_VAR
from pywats_client.cli.exit_codes import CliError, ExitCode
from pywats_client.cli.output import console, print_json, print_note
from pywats_client.cli.state import CliState, get_state
from pywats_client.config import ClientConfig, ConfigError, ServerConfig
from pywats_client.ipc import IpcError, discover, request_sync

__all__ = ["register"]

RELOAD_TIMEOUT_S = 5.0
_NOTHING_SAVED = "nothing was saved"


def _is_terminal() -> bool:
    return sys.stdin.isatty()


def _read_token(token: str | None, token_stdin: bool) -> str:
    if token is not None and token_stdin:
        raise CliError("give the token with --token or --token-stdin, not both", ExitCode.USAGE)
    if token is not None:
        print_note(
            "note: a token on the command line can be seen by other users (process list, "
            "shell history); prefer the prompt or --token-stdin"
        )
        text = token
    elif token_stdin:
        text = typer.get_text_stream("stdin").read()
    elif _is_terminal():
        text = typer.prompt("API token (input hidden)", hide_input=True)
    else:
        raise CliError(
            "no token given and stdin is not a terminal: pipe it in with --token-stdin",
            ExitCode.USAGE,
        )
    text = text.strip()
    if not text or any(char.isspace() for char in text):
        raise CliError(
            "the token is empty or contains spaces: copy it from WATS Control Panel → Tokens",
            ExitCode.USAGE,
        )
    return text


def _server_url(given: str | None, stored: str) -> str:
    if given:
        return given
    if stored:
        return stored
    if _is_terminal():
        return str(typer.prompt("WATS server URL (e.g. https://acme.wats.com)"))
    raise CliError("no server URL: give --server-url URL", ExitCode.USAGE)


def _new_server(
    base: ClientConfig, url: str, username: str | None, ca_bundle: Path | None
) -> ServerConfig:
    """The file's server section with the new values, validated with key names in errors."""
    data = base.model_dump(mode="json")
    data["server"]["url"] = url
    if username is not None:
        data["server"]["username"] = username
    if ca_bundle is not None:
        data["server"]["ca_bundle"] = str(ca_bundle.expanduser().absolute())
    try:
        return ClientConfig.from_data(data).server
    except ValidationError as exc:
        raise ConfigError.from_validation(exc, where="the command line") from None


async def _server_version(server: ServerConfig, token: str) -> str | None:
    async with AsyncWATS(
        server.url,
        token,
        timeout_s=server.timeout_s,
        verify=server.tls_verify,
        retry=RetryConfig.disabled(),  # an answer now beats an answer after backoff
    ) as wats:
        return await wats.analytics.get_version()


def _test_connection(server: ServerConfig, token: str) -> str | None:
    """The server's version; raises a :class:`CliError` that says what to check."""
    url = server.url
    try:
        return anyio.run(_server_version, server, token)
    except (AuthenticationError, AuthorizationError) as exc:
        raise CliError(
            f"the server at {url} refused the token ({exc.status_code}): check that it is "
            f"current and allowed to use the API (WATS Control Panel → Tokens); {_NOTHING_SAVED}",
            ExitCode.AUTH_FAILED,
        ) from exc
    except NotFoundError as exc:
        raise CliError(
            f"{url} answered 404 for /api/App/Version: is it the WATS server's root URL "
            f"(e.g. https://acme.wats.com)? {_NOTHING_SAVED}",
            ExitCode.SERVER_UNREACHABLE,
        ) from exc
    except PyWATSError as exc:
        raise CliError(
            f"cannot reach a WATS server at {url}: {exc}. Check the URL, the network and any "
            f"proxy (HTTPS_PROXY); for certificate errors give the private CA with "
            f"--ca-bundle PATH; {_NOTHING_SAVED}",
            ExitCode.SERVER_UNREACHABLE,
        ) from exc
    except (OSError, ssl.SSLError) as exc:  # an unreadable or invalid CA bundle
        raise CliError(
            f"cannot use the CA bundle {server.ca_bundle}: {exc}; {_NOTHING_SAVED}",
            ExitCode.CONFIG,
        ) from exc


def _tell_service(state: CliState) -> bool | None:
    """Ask a running service of the instance to restart (new server/token); None when none
    is running."""
    endpoint = discover(state.paths.endpoint_file)
    if endpoint is None:
        return None
    try:
        request_sync(endpoint, "restart", timeout_s=RELOAD_TIMEOUT_S)
    except IpcError:
        return False
    return True


def login(
    ctx: typer.Context,
    server_url: Annotated[
        str | None,
        typer.Option(
            "--server-url",
            help="WATS server, e.g. https://acme.wats.com (default: the stored one).",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option("--token", help="API token (visible to other users: prefer the prompt)."),
    ] = None,
    token_stdin: Annotated[
        bool, typer.Option("--token-stdin", help="Read the API token from stdin.")
    ] = False,
    username: Annotated[
        str | None, typer.Option("--username", help="User name to record with the token.")
    ] = None,
    ca_bundle: Annotated[
        Path | None,
        typer.Option(
            "--ca-bundle",
            help="CA certificates (PEM file or directory) for a server with a private CA.",
            exists=True,
            readable=True,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Test a WATS server URL and API token, then store them (the token encrypted).

    Without --token or --token-stdin the token is asked for with a hidden prompt. Nothing is
    saved when the server cannot be reached (exit 6) or refuses the token (exit 7).
    """
    state = get_state(ctx)
    store = state.config_store()
    base = store.load_file()
    url = _server_url(server_url, base.server.url)
    server = _new_server(base, url, username, ca_bundle)
    secret = _read_token(token, token_stdin)
    version = _test_connection(server, secret)
    store.save(base.model_copy(update={"server": server.with_token(secret, state.vault())}))
    reloaded = _tell_service(state)
    overridden = [name for name in (SERVER_URL_ENV_VAR, TOKEN_ENV_VAR) if os.environ.get(name)]
    if as_json:
        result: dict[str, Any] = {
            "instance_id": state.instance_id,
            "server_url": server.url,
            "server_version": version,
            "username": server.username,
            "ca_bundle": str(server.ca_bundle) if server.ca_bundle else None,
            "config_file": str(store.path),
            "token_stored": True,
            "service_reloaded": reloaded,
            "overridden_by_env": overridden,
        }
        print_json(result)
    else:
        console.print(f"Connected to {server.url} (WATS {version or 'version unknown'}).")
        console.print(
            f"Saved the server URL and the encrypted token for instance '{state.instance_id}' "
            f"in {store.path} (owner-only).",
            soft_wrap=True,
        )
        if reloaded is True:
            console.print(
                f"The running service of '{state.instance_id}' restarted with the new login."
            )
        elif reloaded is False:
            print_note(
                "the running service did not answer the restart request; restart it to use "
                "the new login (`pywats-client service`, or your service manager)"
            )
    for name in overridden:
        print_note(f"note: {name} is set in this environment and overrides the stored value")


def register(app: typer.Typer) -> None:
    app.command("login")(login)
