"""``pywats-client config show|init|get|set|validate``."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.table import Table

from pywats_client.cli.exit_codes import CliError, ExitCode
from pywats_client.cli.output import console, print_json, print_note
from pywats_client.cli.state import CliState, get_state
from pywats_client.config import ClientConfig, ConfigError, ConfigStore
from pywats_client.config.errors import is_secret_key
from pywats_client.config.keys import flatten
from pywats_client.config.models import redact
from pywats_client.security import TokenVault, VaultError

__all__ = ["config_app", "register"]

config_app = typer.Typer(
    help=(
        "Show, create, change and check the instance's configuration file "
        "(JSON, one per instance, owner-only). Values from PYWATS_* environment variables "
        "override the file; the server token is always shown as ***."
    ),
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


@config_app.command("show")
def show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Print the effective configuration (env > file > defaults), secrets as ***.

    The table's Source column says where each value comes from: env VAR, file or default.
    """
    state = get_state(ctx)
    store = state.config_store()
    data = store.load().redacted_dict()
    if as_json:
        print_json(data)
        return
    origins = store.origins()
    table = Table(
        title=f"instance '{state.instance_id}' — {store.path}"
        + ("" if store.exists() else " (not created yet: defaults)"),
        title_justify="left",
    )
    table.add_column("Key", overflow="fold")
    table.add_column("Value", overflow="fold")
    table.add_column("Source", overflow="fold")
    for key, value in flatten(data).items():
        table.add_row(key, _text(value), origins.get(key, "default"))
    console.print(table)


@config_app.command("init")
def init(
    ctx: typer.Context,
    server_url: Annotated[
        str | None, typer.Option("--server-url", help="WATS server, e.g. https://acme.wats.com")
    ] = None,
    station: Annotated[
        str | None,
        typer.Option("--station", help="Station name on reports (default: the host name)."),
    ] = None,
    location: Annotated[str | None, typer.Option("--location", help="Station location.")] = None,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help="Station purpose, e.g. Production, Debug.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Display name of this instance.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing configuration file.")
    ] = False,
) -> None:
    """Write a new configuration file with defaults, a comment per section and these flags.

    Non-interactive: everything comes from the flags. The server token is not set here;
    run `pywats-client login` afterwards (it is stored encrypted).
    """
    state = get_state(ctx)
    store = state.config_store()
    if store.exists() and not force:
        raise CliError(
            f"configuration file {store.path} already exists; use --force to overwrite it",
            ExitCode.USAGE,
        )
    data: dict[str, Any] = {"instance_id": state.instance_id}
    if name is not None:
        data["instance_name"] = name
    if server_url is not None:
        data["server"] = {"url": server_url}
    station_data = {
        key: value
        for key, value in (("name", station), ("location", location), ("purpose", purpose))
        if value is not None
    }
    if station is not None:
        station_data["name_source"] = "config"
    if station_data:
        data["station"] = station_data
    config = _validated(store, data)
    store.save(config)
    console.print(f"wrote configuration to {store.path} (mode 0600)", markup=False)


def _validated(store: ConfigStore, data: dict[str, Any]) -> ClientConfig:
    try:
        return ClientConfig.from_data(data, use_env=False)
    except ValidationError as exc:
        raise ConfigError.from_validation(
            exc, where=f"{store.path}", origin_of=lambda _loc: "from the command line"
        ) from None


@config_app.command("get")
def get(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Dotted key, e.g. queue.max_attempts")],
    as_json: JsonFlag = False,
) -> None:
    """Print one effective value (secrets as ***). Lists and objects print as JSON."""
    value = get_state(ctx).config_store().get(key)
    # A secret leaf prints as ***; a section is redacted inside.
    value = "***" if is_secret_key(key) and value else redact(value, f"{key.strip()}.")
    if as_json or isinstance(value, (dict, list)):
        print_json(value)
    else:
        console.file.write(_text(value) + "\n")


@config_app.command("set", context_settings={"ignore_unknown_options": True})
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Dotted key, e.g. queue.max_attempts")],
    value: Annotated[
        str,
        typer.Argument(help="New value; JSON for numbers, booleans, lists, objects; null clears"),
    ],
) -> None:
    """Change one value in the configuration file: validated, then written atomically.

    A running service picks the change up within 5 seconds. Tokens cannot be set here (use
    `pywats-client login`).
    """
    store = get_state(ctx).config_store()
    store.set_text(key, value)
    canonical = key.strip()
    shown = "***" if is_secret_key(canonical) else _text(store.get(canonical, effective=False))
    console.print(f"{canonical} = {shown}  ({store.path})", markup=False)
    overriding = store.origins().get(canonical, "")
    if overriding.startswith("env "):
        print_note(f"note: {overriding[4:]} is set and overrides this value")


@config_app.command("validate")
def validate(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Check the configuration (file + environment) and report every problem.

    Exit code 3 when it is invalid. Warnings (missing watch folders, no server, a token that
    does not decrypt here, a file readable by others) do not fail the check.
    """
    state = get_state(ctx)
    store = state.config_store()
    problems: list[str] = []
    warnings: list[str] = []
    try:
        config = store.load()
    except ConfigError as exc:
        problems = [str(p) for p in exc.problems] or [exc.header]
    else:
        warnings = _warnings(state, store, config)
    valid = not problems
    if as_json:
        print_json(
            {"valid": valid, "path": str(store.path), "problems": problems, "warnings": warnings}
        )
    else:
        verdict = "valid" if valid else "INVALID"
        console.print(f"{store.path}: {verdict}", markup=False)
        for line in problems:
            console.print(f"  error: {line}", markup=False)
        for line in warnings:
            console.print(f"  warning: {line}", markup=False)
    if not valid:
        raise typer.Exit(int(ExitCode.CONFIG))


def _warnings(state: CliState, store: ConfigStore, config: ClientConfig) -> list[str]:
    found: list[str] = []
    if not store.exists():
        found.append(f"no configuration file at {store.path}; defaults are used")
    elif os.name == "posix" and store.path.stat().st_mode & 0o077:
        found.append(f"{store.path} is readable by other users; run chmod 600")
    if not config.server.url:
        found.append("server.url is not set")
    if not config.server.has_token:
        found.append("no server token: run `pywats-client login` or set PYWATS_API_TOKEN")
    elif config.server.api_token is None:
        salt = state.home.salt_file
        if not salt.is_file():
            found.append(f"salt file {salt} is missing: the stored token cannot be decrypted")
        else:
            try:
                TokenVault(salt).decrypt(config.server.token_encrypted)
            except VaultError as exc:
                found.append(f"server.token_encrypted: {exc}")
    for index, converter in enumerate(config.converters):
        folder = converter.watch_folder
        if converter.enabled and folder is not None and not folder.is_dir():
            found.append(f"converters.{index}.watch_folder {folder} does not exist")
    return found
