"""Printing for the CLI: Rich for people (stdout), plain JSON for scripts, errors on stderr.

Rich markup is never applied to data (paths and report ids may contain ``[``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = [
    "console",
    "err_console",
    "format_epoch",
    "print_error",
    "print_json",
    "print_note",
    "progress_bar",
]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Machine-readable output: one JSON document on stdout, no colours, no wrapping."""
    console.file.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_error(message: str) -> None:
    err_console.print(f"error: {message}", markup=False, style="bold red", soft_wrap=True)


def print_note(message: str) -> None:
    """A hint for people, on stderr so that stdout stays parseable."""
    err_console.print(message, markup=False, style="yellow", soft_wrap=True)


def format_epoch(epoch_s: float | None) -> str:
    """Epoch seconds as local ISO time for tables ('-' for none)."""
    if epoch_s is None:
        return "-"
    moment = datetime.fromtimestamp(epoch_s, tz=timezone.utc).astimezone()
    return moment.isoformat(sep=" ", timespec="seconds")


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr (hidden when stderr is not a terminal).

    Yields ``update(description, done, total)``.
    """
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
        transient=True,
    )
    with progress:
        task = progress.add_task(description, total=None)

        def update(text: str, done: int, total: int) -> None:
            progress.update(task, description=text, completed=done, total=total)

        yield update
