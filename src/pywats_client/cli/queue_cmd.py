"""``pywats-client queue list|show|stats|retry|purge|export|import``.

These commands open the instance's queue database directly (SQLite allows it while the service
runs); the service picks up retried reports on its next claim.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pywats_client.cli.exit_codes import CliError, ExitCode
from pywats_client.cli.output import console, format_epoch, print_json, print_note, progress_bar
from pywats_client.cli.state import CliState, get_state
from pywats_client.queue import QueueItemNotFound, QueueState, QueueStore

__all__ = ["queue_app", "register"]

queue_app = typer.Typer(
    help=(
        "Inspect and repair the persistent upload queue of reports waiting for the server: "
        "list, show, retry failed reports, purge, and move reports between machines with "
        "export/import bundles."
    ),
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
StateOption = Annotated[
    QueueState | None,
    typer.Option("--state", "-s", help="Only reports in this state.", case_sensitive=False),
]


def register(app: typer.Typer) -> None:
    app.add_typer(queue_app, name="queue")


def _queue(state: CliState, *, create: bool = False) -> QueueStore:
    queue = state.open_queue(create=create)
    if queue is None:
        raise CliError(
            f"instance '{state.instance_id}' has no queue yet ({state.paths.queue_db})",
            ExitCode.NOT_FOUND,
        )
    return queue


@queue_app.command("list")
def list_(
    ctx: typer.Context,
    state_filter: StateOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """List queued reports, oldest first (payloads are not shown)."""
    state = get_state(ctx)
    queue = state.open_queue()
    items = [] if queue is None else queue.list(state_filter, limit=limit, offset=offset)
    if queue is not None:
        queue.close()
    if as_json:
        print_json([item.to_json() for item in items])
        return
    if not items:
        console.print(
            "no reports in the queue"
            + (f" with state {state_filter.value}" if state_filter else "")
        )
        return
    table = Table(title=f"queue of instance '{state.instance_id}'", title_justify="left")
    for column in ("Report id", "State", "Attempts", "Next attempt", "Size", "Last error"):
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(
            item.report_id,
            item.state.value,
            str(item.attempts),
            format_epoch(item.next_attempt_at) if item.state is QueueState.PENDING else "-",
            str(item.payload_size),
            item.last_error or "",
        )
    console.print(table)


@queue_app.command("show")
def show(
    ctx: typer.Context,
    report_id: Annotated[str, typer.Argument(help="The report id (GUID).")],
    as_json: JsonFlag = False,
    payload: Annotated[
        bool, typer.Option("--payload", help="Print the report's WSJF payload instead.")
    ] = False,
) -> None:
    """Show one queued report: state, attempts, times, last error, source file."""
    with _queue(get_state(ctx)) as queue:
        item = queue.get(report_id)
    if item is None:
        raise QueueItemNotFound(f"report {report_id} is not in the queue {queue.path}")
    if payload:
        data = item.payload or b""
        binary = getattr(sys.stdout, "buffer", None)
        if binary is not None:
            binary.write(data)
            binary.flush()
        else:
            sys.stdout.write(data.decode("utf-8", "replace"))
        return
    if as_json:
        print_json(item.to_json())
        return
    table = Table(show_header=False, title=f"report {item.report_id}", title_justify="left")
    table.add_column("Field")
    table.add_column("Value", overflow="fold")
    rows = {
        "state": item.state.value,
        "attempts": str(item.attempts),
        "next attempt": format_epoch(item.next_attempt_at),
        "last error": item.last_error or "-",
        "source": item.source or "-",
        "payload size": f"{item.payload_size} bytes",
        "created": format_epoch(item.created_at),
        "updated": format_epoch(item.updated_at),
        "claimed": format_epoch(item.claimed_at),
        "completed": format_epoch(item.completed_at),
    }
    for name, value in rows.items():
        table.add_row(name, value)
    console.print(table)


@queue_app.command("stats")
def stats(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Counts by state and the age of the oldest pending report."""
    queue = get_state(ctx).open_queue()
    if queue is None:
        data: dict[str, object] = {s.value: 0 for s in QueueState}
        data |= {"total": 0, "oldest_pending_age_s": None, "next_attempt_at": None}
    else:
        with queue:
            data = queue.stats().to_json()
    if as_json:
        print_json(data)
        return
    for key, value in data.items():
        console.print(f"{key}: {'-' if value is None else value}", markup=False)


@queue_app.command("retry")
def retry(
    ctx: typer.Context,
    report_ids: Annotated[
        list[str] | None, typer.Argument(help="Failed reports to retry.", show_default=False)
    ] = None,
    all_failed: Annotated[
        bool, typer.Option("--all-failed", help="Retry every failed report.")
    ] = False,
) -> None:
    """Give failed reports a fresh set of attempts (they become pending, due now)."""
    if bool(report_ids) == all_failed:
        raise CliError("give report ids or --all-failed (not both)", ExitCode.USAGE)
    with _queue(get_state(ctx)) as queue:
        if all_failed:
            count = queue.retry_failed()
        else:
            ids = list(dict.fromkeys(report_ids or []))
            missing = [i for i in ids if queue.get(i) is None]
            if missing:
                raise QueueItemNotFound(f"not in the queue {queue.path}: {', '.join(missing)}")
            count = queue.retry_failed(ids)
            if count < len(ids):
                print_note(f"{len(ids) - count} of the given reports were not in state failed")
    console.print(f"{count} report(s) will be retried")


@queue_app.command("purge")
def purge(
    ctx: typer.Context,
    report_ids: Annotated[
        list[str] | None, typer.Argument(help="Reports to delete.", show_default=False)
    ] = None,
    state_filter: StateOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete reports from the queue for good, by state or by id. Undelivered reports that
    are purged are never sent: export them first if in doubt."""
    if bool(report_ids) == (state_filter is not None):
        raise CliError("give report ids or --state (not both)", ExitCode.USAGE)
    with _queue(get_state(ctx)) as queue:
        what = (
            f"all {state_filter.value} reports"
            if state_filter
            else f"{len(report_ids or [])} report(s)"
        )
        if not yes:
            if not sys.stdin.isatty():
                raise CliError(
                    f"refusing to delete {what} without --yes (no terminal to confirm)",
                    ExitCode.USAGE,
                )
            if not typer.confirm(f"Delete {what} from {queue.path}?", default=False):
                raise CliError("nothing deleted", ExitCode.ERROR)
        if state_filter is not None:
            count = queue.purge(state=state_filter)
        else:
            count = queue.purge(ids=list(dict.fromkeys(report_ids or [])))
    console.print(f"deleted {count} report(s)")


@queue_app.command("export")
def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Bundle file to write (.zip).", dir_okay=False)],
    report_ids: Annotated[
        list[str] | None,
        typer.Argument(help="Only these reports (default: all undelivered).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Write undelivered reports to a bundle (zip with SHA-256 checksums) for a station with
    no network; import it on a connected machine with `queue import`. The queue here is not
    changed."""
    if file.exists() and not force:
        raise CliError(f"{file} already exists; use --force to overwrite it", ExitCode.USAGE)
    with _queue(get_state(ctx)) as queue, progress_bar("exporting") as update:
        count = queue.export_bundle(
            file, report_ids or None, progress=lambda done, total: update("exporting", done, total)
        )
    console.print(f"exported {count} report(s) to {file}", markup=False)
    if count == 0:
        print_note("the bundle is empty: there are no undelivered reports")


@queue_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Bundle written by `queue export`.", dir_okay=False)],
) -> None:
    """Verify a bundle's checksums, then queue its reports for upload. Reports already in the
    queue are skipped, so importing twice is harmless; a damaged bundle imports nothing."""
    with _queue(get_state(ctx), create=True) as queue, progress_bar("verifying") as update:
        result = queue.import_bundle(
            file, progress=lambda stage, done, total: update(f"{stage}ing", done, total)
        )
    console.print(
        f"imported {result.imported} report(s), {result.duplicates} already queued", markup=False
    )
