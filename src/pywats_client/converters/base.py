"""The converter contract: what a converter gets, what it returns, and the three kinds.

A converter turns tester output into WATS reports. It is plain, synchronous Python: the
station service runs it in a worker with a timeout, so a converter that raises, hangs or
crashes fails only the file it was given. Converters never upload anything and never choose
report ids: the service derives each report's id from the converter's name and version and the
source's content hash (so re-scans, moved files and restarts never create duplicates) and
records the provenance in misc info.

* :class:`FileConverter` - one file in, one or more reports out (a CSV log, an STDF lot...).
* :class:`FolderConverter` - a folder that is "ready" (a marker file, or a minimum number of
  files) in, one report out.
* :class:`ScheduledConverter` - runs on an interval or a cron expression (e.g. polls a tester's
  database) and returns whatever reports it found.

Example:
    >>> from pywats.tools import ReportBuilder
    >>> class OneLine(FileConverter):
    ...     name = "one-line"
    ...     version = "1.0"
    ...     patterns = ("*.txt",)
    ...     def convert(self, source, context):
    ...         serial, value = source.read_text().split(",")
    ...         uut = ReportBuilder.uut(part_number="PN-1", serial_number=serial,
    ...                                 revision="A", process_code=50)
    ...         uut.root.numeric("Value", float(value), low=0, high=10)
    ...         return ConverterResult.success(uut.build())
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

from pywats.core.station import Station
from pywats.domains.report.models import Report

__all__ = [
    "Converter",
    "ConverterContext",
    "ConverterError",
    "ConverterResult",
    "ConverterSource",
    "ConverterStatus",
    "FileConverter",
    "FolderConverter",
    "ScheduledConverter",
]

_READ_CHUNK_BYTES = 1 << 20


class ConverterError(Exception):
    """A converter could not understand its input; the message says what and where.

    Raise it from ``convert`` for bad input (the service treats any other exception the same
    way, but this one's message is shown to the user as is, without a traceback).
    """


class ConverterStatus(str, Enum):
    """Outcome of one conversion."""

    SUCCESS = "success"
    FAILURE = "failure"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ConverterResult:
    """What a converter returns: reports on success, a reason otherwise."""

    status: ConverterStatus
    reports: tuple[Report, ...] = ()
    reason: str | None = None

    @classmethod
    def success(cls, *reports: Report) -> ConverterResult:
        """One or more converted reports (at least one)."""
        if not reports:
            raise ValueError("a successful conversion returns at least one report")
        return cls(ConverterStatus.SUCCESS, tuple(reports))

    @classmethod
    def failure(cls, reason: str) -> ConverterResult:
        """The input is bad; ``reason`` goes into the error folder's ``.error.txt``."""
        return cls(ConverterStatus.FAILURE, reason=reason)

    @classmethod
    def skip(cls, reason: str) -> ConverterResult:
        """Not for this converter, or nothing to report (e.g. a tester's index file)."""
        return cls(ConverterStatus.SKIPPED, reason=reason)


@dataclass(frozen=True)
class ConverterSource:
    """The input of one conversion: a file (``FileConverter``) or a folder (``FolderConverter``).

    Reading goes through these helpers so the service can hash exactly the bytes converted.
    """

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def is_folder(self) -> bool:
        return self.path.is_dir()

    def files(self) -> list[Path]:
        """The files of a folder source, sorted (a file source: itself)."""
        if not self.is_folder:
            return [self.path]
        return sorted(p for p in self.path.rglob("*") if p.is_file())

    @cached_property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.files())

    @cached_property
    def sha256(self) -> str:
        """Hash of the content (for a folder: of each relative name and content, in order)."""
        digest = hashlib.sha256()
        for file in self.files():
            if self.is_folder:
                digest.update(file.relative_to(self.path).as_posix().encode() + b"\0")
            with file.open("rb") as stream:
                while chunk := stream.read(_READ_CHUNK_BYTES):
                    digest.update(chunk)
        return digest.hexdigest()

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()

    def read_text(self, encoding: str = "utf-8-sig", errors: str = "strict") -> str:
        """The file as text; a wrong encoding raises :class:`ConverterError` naming it."""
        try:
            return self.path.read_bytes().decode(encoding, errors)
        except UnicodeDecodeError as exc:
            raise ConverterError(
                f"{self.name}: not valid {encoding} text at byte {exc.start} "
                f"(set the converter's 'encoding' argument if the tester writes another one)"
            ) from exc


@dataclass
class ConverterContext:
    """What the service tells a converter about where it runs.

    Attributes:
        converter_name: The configured name of this converter instance.
        station: The station identity reports will carry (the service fills it on upload).
        processes: Known process codes → names from the server (cached; works offline).
        arguments: The converter's arguments from config (also given to ``__init__``).
        logger: Log through this; the service routes it to the instance log.
    """

    converter_name: str
    station: Station | None = None
    processes: Mapping[int, str] = field(default_factory=dict)
    arguments: Mapping[str, Any] = field(default_factory=dict)
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("pywats.converter"))

    def now(self) -> datetime:
        """Current time with the local UTC offset (for reports without a start time)."""
        return datetime.now(timezone.utc).astimezone()


class Converter:
    """Common base: a name, a version (part of every report id it makes) and arguments.

    Subclasses take their configuration as keyword arguments of ``__init__`` (the config's
    ``arguments`` dict is passed as is) and should reject unknown or bad ones with a
    ``ValueError`` that names the argument.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = ""

    def __init__(self, **arguments: Any) -> None:
        if arguments:
            raise ValueError(
                f"converter {self.name or type(self).__name__!r} takes no arguments, "
                f"got {', '.join(sorted(arguments))}"
            )


class FileConverter(Converter, ABC):
    """One file in, one or more reports out."""

    patterns: ClassVar[Sequence[str]] = ("*",)
    """Glob patterns of the file names this converter takes (case-insensitive)."""

    def matches(self, path: Path) -> bool:
        """Whether the file name fits :attr:`patterns`."""
        name = path.name.lower()
        return any(fnmatch.fnmatchcase(name, pattern.lower()) for pattern in self.patterns)

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """Confidence 0..1 that ``source`` is this converter's format (default: 1).

        The service skips or alarms below the configured thresholds; override for formats
        that can be recognised cheaply (a header line, a magic number).
        """
        return 1.0

    @abstractmethod
    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        """Turn the file into reports."""


class FolderConverter(Converter, ABC):
    """A ready folder in, one report out (e.g. a tester writing one folder per unit)."""

    ready_marker: ClassVar[str | None] = None
    """A file whose presence says the folder is complete (e.g. ``"done.flag"``)."""
    min_files: ClassVar[int] = 1
    """Without a marker: the folder is ready once it holds this many stable files."""

    def is_ready(self, folder: Path) -> bool:
        """Whether ``folder`` is complete and can be converted."""
        if self.ready_marker is not None:
            return (folder / self.ready_marker).is_file()
        return sum(1 for p in folder.rglob("*") if p.is_file()) >= self.min_files

    @abstractmethod
    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        """Turn the folder into a report."""


class ScheduledConverter(Converter, ABC):
    """Runs on a schedule rather than on files (interval or cron from config)."""

    run_on_start: ClassVar[bool] = False

    @abstractmethod
    def run(self, context: ConverterContext) -> ConverterResult:
        """Produce whatever reports are due (``skip`` when there are none)."""
