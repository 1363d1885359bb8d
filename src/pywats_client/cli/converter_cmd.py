"""``pywats-client converter list|test``: see the converters, dry-run one on a file.

``converter test FILE`` runs the whole conversion pipeline the service would run - converter,
confidence thresholds, deterministic ids, station fields, attachment policy, WSJF checks - in
this process, prints the report tree and the check results, and stops there: nothing is
queued, uploaded or moved. Exit code 0 when the file converts into valid reports, 1 otherwise.
The dry run itself is :mod:`pywats_client.conversion.dry_run` (the GUI's "Test a file" runs the
same one through the service); this module only prints it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from pywats_client.cli.exit_codes import EXCEPTION_EXIT_CODES, CliError, ExitCode
from pywats_client.cli.output import console, print_json, print_note
from pywats_client.cli.state import get_state
from pywats_client.config import ClientConfig
from pywats_client.conversion.dry_run import ConverterNotFound
from pywats_client.conversion.dry_run import dry_run as run_dry_run
from pywats_client.conversion.pipeline import Preparation
from pywats_client.conversion.worker import ConversionReply
from pywats_client.converters.loader import (
    ConverterLoadError,
    builtin_converters,
    describe_converter,
    load_converter_class,
)

__all__ = ["converter_app", "register", "report_tree"]

EXCEPTION_EXIT_CODES.insert(0, (ConverterLoadError, ExitCode.CONFIG))

converter_app = typer.Typer(
    help=(
        "List the configured and built-in converters, and dry-run one on a file "
        "(`converter test FILE`: prints the report tree and the checks; uploads nothing)."
    ),
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
_STATUS_STYLE = {"P": "green", "F": "bold red", "E": "red", "T": "red"}
_ONE_LIMIT = {"EQ", "NE", "GT", "GE", "LT", "LE", "EQT"}


def register(app: typer.Typer) -> None:
    app.add_typer(converter_app, name="converter")


def _config(ctx: typer.Context) -> ClientConfig | None:
    state = get_state(ctx)
    store = state.config_store()
    return store.load() if store.exists() else None


# -- list ----------------------------------------------------------------------------------


def _configured_rows(config: ClientConfig | None) -> Iterator[dict[str, Any]]:
    for converter in config.converters if config else []:
        row: dict[str, Any] = {
            "name": converter.name,
            "enabled": converter.enabled,
            "class_path": converter.class_path,
            "watch_folder": str(converter.watch_folder) if converter.watch_folder else None,
            "schedule": converter.schedule,
            "post_action": converter.post_action.value,
        }
        try:
            info = describe_converter(load_converter_class(converter.class_path))
            row.update(kind=info.kind.value, version=info.version, error=None)
        except ConverterLoadError as exc:
            row.update(kind=None, version=None, error=str(exc))
        yield row


@converter_app.command("list")
def list_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Configured converters (with load status) and the built-in ones available."""
    configured = list(_configured_rows(_config(ctx)))
    builtins = [
        {"class_path": path, **info.to_json()} for path, info in builtin_converters()
    ]  # fmt: skip
    if as_json:
        print_json({"configured": configured, "builtin": builtins})
        return
    table = Table(title="configured converters", title_justify="left")
    for column in ("Name", "On", "Kind", "Version", "Watch folder / schedule", "After", "Status"):
        table.add_column(column, overflow="fold")
    for row in configured:
        table.add_row(
            row["name"], "yes" if row["enabled"] else "no", row["kind"] or "-",
            row["version"] or "-", row["watch_folder"] or row["schedule"] or "-",
            row["post_action"], Text(row["error"] or "ok", style="red" if row["error"] else ""),
        )  # fmt: skip
    if configured:
        console.print(table)
    else:
        console.print("no converters configured (add one with `pywats-client config set`)")
    shipped = Table(title="built-in converters", title_justify="left")
    for column in ("Name", "Version", "Patterns", "Class path", "Description"):
        shipped.add_column(column, overflow="fold")
    for row in builtins:
        shipped.add_row(
            row["name"], row["version"], " ".join(row["patterns"]), row["class_path"],
            row["description"],
        )  # fmt: skip
    console.print(shipped)


# -- test ----------------------------------------------------------------------------------


def _parse_args(pairs: list[str]) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--arg {pair!r}: expected KEY=VALUE", ExitCode.USAGE)
        try:
            arguments[key.strip()] = json.loads(value)
        except ValueError:
            arguments[key.strip()] = value
    return arguments


def _style(status: Any) -> str:
    return _STATUS_STYLE.get(str(status), "yellow")


def _measurement(meas: Mapping[str, Any], kind: str) -> Text:
    text = Text()
    if meas.get("name"):
        text.append(f"{meas['name']}: ")
    if kind == "numericMeas":
        text.append(f"{meas.get('value')}")
        if meas.get("unit"):
            text.append(f" {meas['unit']}")
        op = str(meas.get("compOp") or "")
        if op and op != "LOG":
            low, high = meas.get("lowLimit"), meas.get("highLimit")
            limits = f"{low}" if op in _ONE_LIMIT else f"[{low}, {high}]"
            text.append(f"  {op} {limits}")
    elif kind == "stringMeas":
        text.append(repr(meas.get("value")))
        if meas.get("limit") is not None:
            text.append(f"  {meas.get('compOp') or ''} {meas.get('limit')!r}")
    text.append(f"  {meas.get('status')}", style=_style(meas.get("status")))
    return text


def _add_step(tree: Tree, step: Mapping[str, Any]) -> None:
    label = Text(f"{step.get('name')} ")
    label.append(f"[{step.get('status')}]", style=_style(step.get("status")))
    if step.get("stepType"):
        label.append(f"  {step['stepType']}", style="dim")
    node = tree.add(label)
    for kind in ("numericMeas", "booleanMeas", "stringMeas"):
        for meas in step.get(kind) or ():
            node.add(_measurement(meas, kind))
    if isinstance(step.get("attachment"), dict):
        node.add(Text(f"attachment {step['attachment'].get('name')}", style="dim"))
    if step.get("reportText"):
        node.add(Text(str(step["reportText"]), style="dim"))
    for child in step.get("steps") or ():
        _add_step(node, child)


def report_tree(data: Mapping[str, Any], number: int, total: int) -> Tree:
    """A Rich tree of one WSJF report: header, misc infos, sub units, steps."""
    kind = "UUR" if data.get("type") == "R" else "UUT"
    title = Text(f"report {number}/{total}  {kind}  {data.get('id')}  result ")
    title.append(str(data.get("result")), style=_style(data.get("result")))
    tree = Tree(title)
    process = f"{data.get('processCode')}" + (
        f" ({data['processName']})" if data.get("processName") else ""
    )
    tree.add(Text(f"pn {data.get('pn')}  sn {data.get('sn')}  rev {data.get('rev')}  "
                  f"process {process}  start {data.get('start')}"))  # fmt: skip
    tree.add(Text(f"station {data.get('machineName')} / {data.get('location')} / "
                  f"{data.get('purpose')}"))  # fmt: skip
    infos = data.get("miscInfos") or []
    if infos:
        misc = tree.add(Text("misc info"))
        for info in infos:
            value = info.get("text") if info.get("text") is not None else info.get("numeric")
            misc.add(Text(f"{info.get('description')} = {value}"))
    for unit in data.get("subUnits") or []:
        sub = tree.add(Text(f"sub unit {unit.get('partType') or ''} pn {unit.get('pn')} "
                            f"sn {unit.get('sn')} rev {unit.get('rev')}"))  # fmt: skip
        for failure in unit.get("failures") or ():
            sub.add(Text(f"failure {failure.get('category')}/{failure.get('code')} "
                         f"{failure.get('comRef') or ''}", style="red"))  # fmt: skip
    if isinstance(data.get("root"), dict):
        _add_step(tree, data["root"])
    return tree


def _print_result(
    name: str, class_path: str, reply: ConversionReply, prepared: Preparation | None
) -> None:
    console.print(Text(f"converter {name} {reply.converter_version} ({class_path})"))
    if reply.confidence is not None:
        console.print(Text(f"confidence {reply.confidence:.2f}"))
    for level, line in reply.logs:
        console.print(Text(f"log {level}: {line}", style="dim"))
    if prepared is None:
        console.print(Text(f"{reply.status.value}: {reply.reason}", style="bold red"))
        if reply.traceback:
            console.print(Text(reply.traceback, style="dim"))
        return
    for number, report in enumerate(prepared.reports, 1):
        console.print(report_tree(report.data, number, len(prepared.reports)))
    for note in prepared.notes + prepared.warnings:
        console.print(Text(f"warning: {note}", style="yellow"))
    if prepared.problems:
        console.print(Text(prepared.reason(), style="bold red"))
    else:
        console.print(Text("checks passed: the report(s) would be queued", style="green"))


@converter_app.command("test")
def dry_run(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The tester file (or folder) to convert.")],
    converter: Annotated[
        str | None, typer.Option("--converter", help="A configured or built-in converter name.")
    ] = None,
    class_path: Annotated[
        str | None,
        typer.Option("--class", help="'package.module:Class' or a path to a .py file."),
    ] = None,
    args: Annotated[
        list[str] | None,
        typer.Option("--arg", help="Converter argument KEY=VALUE (JSON or text); repeatable."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Dry-run a converter on FILE: print the reports and the checks; nothing is uploaded."""
    if converter is not None and class_path is not None:
        raise CliError("give --converter or --class, not both", ExitCode.USAGE)
    try:
        result = run_dry_run(
            file, _config(ctx), name=converter, class_path=class_path,
            arguments=_parse_args(args or []),
        )  # fmt: skip
    except (FileNotFoundError, ConverterNotFound) as exc:
        raise CliError(str(exc), ExitCode.NOT_FOUND) from exc
    name, resolved, reply, prepared = (
        result.target.name, result.target.class_path, result.reply, result.prepared
    )  # fmt: skip
    if as_json:
        print_json(result.to_json())
    else:
        _print_result(name, resolved, reply, prepared)
        print_note("dry run: nothing was queued, uploaded or moved (process codes not checked)")
    if not result.ok:
        raise typer.Exit(int(ExitCode.ERROR))
