"""Recent log records of the service, kept in memory for the GUI's live log page.

:class:`LogBuffer` is a ``logging.Handler`` holding the last ``capacity`` records in a ring
buffer. Each record gets a sequence number that only grows, so a reader tails the log by
asking for what came after the last number it saw (:meth:`LogBuffer.page`) — over IPC that is
the ``get_log`` command. Records are stored already formatted and scrubbed: the API token (and
any ``Basic``/``Bearer`` credential) is replaced by ``***`` before it is kept, so the buffer can
never hand a secret to a client.

Example:
    >>> buffer = LogBuffer(capacity=100)
    >>> with buffer.attached(("demo",), logging.INFO):
    ...     logging.getLogger("demo").info("hello")
    >>> [entry.message for entry in buffer.page().entries]
    ['hello']
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_LOG_CAPACITY",
    "DEFAULT_PAGE_LIMIT",
    "SERVICE_LOGGERS",
    "LogBuffer",
    "LogEntry",
    "LogPage",
    "parse_level",
]

DEFAULT_LOG_CAPACITY = 2000
DEFAULT_PAGE_LIMIT = 500
#: The loggers whose records the service keeps (library and service; not httpx's per-request
#: lines, which the CLI silences as noise anyway).
SERVICE_LOGGERS = ("pywats", "pywats_client")
_REDACTED = "***"
# "Authorization: Basic <credential>", "Bearer <credential>", "token=<credential>": a long
# credential-shaped word after those is masked (short words are prose: "token: run login").
_CREDENTIAL_RE = re.compile(
    r"(?i)\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{16,}"
    r"|\b((?:api_)?token[\"']?\s*[:=]\s*[\"']?)[A-Za-z0-9+/=._~-]{16,}"
)


def parse_level(level: str | int | None) -> int:
    """A logging level from ``"WARNING"``, ``"warning"``, ``30`` or None (everything).

    Raises:
        ValueError: not a level name or number.
    """
    if level is None or level == "":
        return logging.NOTSET
    if isinstance(level, int):
        return level
    number = logging.getLevelName(level.strip().upper())
    if not isinstance(number, int):
        raise ValueError(
            f"unknown log level {level!r}: use DEBUG, INFO, WARNING, ERROR or CRITICAL"
        )
    return number


def _scrub_credentials(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return f"{match.group(1)} {_REDACTED}"
        return f"{match.group(2)}{_REDACTED}"

    return _CREDENTIAL_RE.sub(replace, text)


@dataclass(frozen=True)
class LogEntry:
    """One kept record: what the log page shows in a row."""

    seq: int
    time: float  # epoch seconds
    level: str
    levelno: int
    logger: str
    message: str  # with the traceback appended when the record had one

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LogPage:
    """An answer to "what came after ``after_seq``".

    ``next_after`` is what to pass as ``after_seq`` next time (the last record looked at, also
    when the level filter hid it); ``more`` says the limit cut the answer short; ``first_seq``
    is the oldest record still kept (a reader that fell further behind lost records).
    """

    entries: list[LogEntry] = field(default_factory=list)
    next_after: int = 0
    first_seq: int = 0
    more: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "entries": [entry.to_json() for entry in self.entries],
            "next_after": self.next_after,
            "first_seq": self.first_seq,
            "more": self.more,
        }


class LogBuffer(logging.Handler):
    """A bounded, thread-safe ring buffer of scrubbed log records.

    Args:
        capacity: Records kept; the oldest are dropped first.
    """

    def __init__(self, capacity: int = DEFAULT_LOG_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        super().__init__(logging.NOTSET)
        self._entries: deque[LogEntry] = deque(maxlen=capacity)
        self._seq = 0
        self._secrets: set[str] = set()
        self._data_lock = threading.Lock()
        self._attached: list[tuple[logging.Logger, int]] = []
        self.setFormatter(logging.Formatter())

    @property
    def capacity(self) -> int:
        maxlen = self._entries.maxlen
        assert maxlen is not None
        return maxlen

    @property
    def last_seq(self) -> int:
        """Sequence number of the newest record (0 before the first)."""
        return self._seq

    def add_secret(self, secret: str | None) -> None:
        """Never keep ``secret`` (e.g. the API token) in a record: it becomes ``***``."""
        if secret and len(secret) >= 4:
            with self._data_lock:
                self._secrets.add(secret)

    def scrub(self, text: str) -> str:
        """``text`` without known secrets or anything that looks like a credential."""
        with self._data_lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, _REDACTED)
        return _scrub_credentials(text)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info and not record.exc_text:
                record.exc_text = self._format_exception(record)
            if record.exc_text:
                message = f"{message}\n{record.exc_text}"
            if record.stack_info:
                message = f"{message}\n{record.stack_info}"
            text = self.scrub(message)
            with self._data_lock:
                self._seq += 1
                self._entries.append(
                    LogEntry(
                        seq=self._seq,
                        time=record.created,
                        level=record.levelname,
                        levelno=record.levelno,
                        logger=record.name,
                        message=text,
                    )
                )
        except Exception:  # a broken record must not break the code that logged it
            self.handleError(record)

    def _format_exception(self, record: logging.LogRecord) -> str:
        formatter = self.formatter or logging.Formatter()
        assert record.exc_info is not None
        return formatter.formatException(record.exc_info)

    def page(
        self,
        after_seq: int | None = None,
        *,
        min_level: int = logging.NOTSET,
        limit: int = DEFAULT_PAGE_LIMIT,
    ) -> LogPage:
        """Records newer than ``after_seq`` at ``min_level`` or above, oldest first.

        ``after_seq=None`` (first call of a reader) answers with the newest ``limit`` records;
        later calls pass the previous page's ``next_after`` and get up to ``limit`` records
        that came since, with ``more`` set when there are further ones. An ``after_seq`` beyond
        the newest record (the reader saw an earlier service process) is treated like None.

        Raises:
            ValueError: ``limit`` is not positive or ``after_seq`` is negative.
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if after_seq is not None and after_seq < 0:
            raise ValueError("after_seq must be 0 or more")
        with self._data_lock:
            kept = list(self._entries)
            last = self._seq
        first = kept[0].seq if kept else last + 1
        # A reader ahead of the buffer saw another service process: start it afresh.
        if after_seq is None or after_seq > last:
            matching = [entry for entry in kept if entry.levelno >= min_level]
            return LogPage(matching[-limit:], next_after=last, first_seq=first)
        selected: list[LogEntry] = []
        for entry in kept:
            if entry.seq <= after_seq or entry.levelno < min_level:
                continue
            if len(selected) == limit:
                return LogPage(selected, next_after=selected[-1].seq, first_seq=first, more=True)
            selected.append(entry)
        return LogPage(selected, next_after=last, first_seq=first)

    # -- wiring ------------------------------------------------------------------------------

    @contextmanager
    def attached(
        self, logger_names: Sequence[str] = SERVICE_LOGGERS, level: int = logging.INFO
    ) -> Iterator[LogBuffer]:
        """Collect the records of ``logger_names`` at ``level`` and above while inside.

        The loggers are lowered to ``level`` when their own level would hide such records
        (the previous levels come back on exit), so the page shows INFO lines even when the
        process configured no logging at all.
        """
        self._attached = [(logging.getLogger(name), logging.getLogger(name).level)
                          for name in logger_names]  # fmt: skip
        for logger, _previous in self._attached:
            logger.addHandler(self)
        self.apply_level(level)
        try:
            yield self
        finally:
            for logger, previous in self._attached:
                logger.removeHandler(self)
                logger.setLevel(previous)
            self._attached = []

    def apply_level(self, level: int | str) -> None:
        """Keep records at ``level`` and above from now on (a config reload calls this)."""
        number = parse_level(level)
        self.setLevel(number)
        for logger, _previous in self._attached:
            if logger.level == logging.NOTSET or logger.level > number:
                logger.setLevel(number)
