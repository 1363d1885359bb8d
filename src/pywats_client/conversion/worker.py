"""One conversion, run in-process (``converter test``) or in a worker process (the service).

:func:`run_request` loads the converter, checks its confidence, converts, and returns a
:class:`ConversionReply` whose reports are plain WSJF dicts. It never raises for anything the
converter does: exceptions become a failure with the message (``ConverterError``) or the message
and traceback (anything else).

In a worker process (``python -m pywats_client.conversion._worker_main``), :func:`main`
serves requests from its parent (:mod:`.pool`): length-prefixed JSON frames on the original
stdin/stdout. Before serving, fd 1 is pointed at stderr and fd 0 at the null device, so a
converter that prints or reads stdin cannot corrupt the protocol. The worker ignores SIGINT
(the service decides when to stop it) and exits when its parent is gone.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import IO, Any

from pywats.core.station import Station
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    ConverterStatus,
    FileConverter,
    FolderConverter,
    ScheduledConverter,
)
from pywats_client.converters.loader import (
    ConverterInfo,
    ConverterLoadError,
    create_converter,
    describe_converter,
    load_converter_class,
)

__all__ = [
    "MAX_FRAME_BYTES",
    "ConversionReply",
    "ConversionRequest",
    "ReplyStatus",
    "decode_frame_length",
    "describe_request",
    "encode_frame",
    "main",
    "run_request",
]

MAX_FRAME_BYTES = 1 << 30
_HEADER = struct.Struct(">I")
_MAX_LOG_RECORDS = 200
_PARENT_CHECK_S = 1.0


class ReplyStatus(str, Enum):
    SUCCESS = "success"
    FAILURE = "failure"
    SKIPPED = "skipped"
    NOT_READY = "not_ready"  # a folder converter's is_ready() said no: look again later


@dataclass(frozen=True)
class ConversionRequest:
    """What a worker needs to convert one source (JSON-serialisable)."""

    class_path: str
    converter_name: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None  # None for a scheduled converter
    station: Station | None = None
    processes: Mapping[int, str] = field(default_factory=dict)
    reject_threshold: float = 0.2
    alarm_threshold: float = 0.5

    def to_json(self) -> dict[str, Any]:
        station = self.station
        return {
            "op": "convert",
            "class_path": self.class_path,
            "converter_name": self.converter_name,
            "arguments": dict(self.arguments),
            "path": self.path,
            "station": None
            if station is None
            else [station.name, station.location, station.purpose],
            "processes": {str(code): name for code, name in self.processes.items()},
            "reject_threshold": self.reject_threshold,
            "alarm_threshold": self.alarm_threshold,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConversionRequest:
        station = data.get("station")
        return cls(
            class_path=str(data["class_path"]),
            converter_name=str(data["converter_name"]),
            arguments=dict(data.get("arguments") or {}),
            path=data.get("path"),
            station=None if not station else Station(*station),
            processes={
                int(code): str(name) for code, name in (data.get("processes") or {}).items()
            },
            reject_threshold=float(data.get("reject_threshold", 0.2)),
            alarm_threshold=float(data.get("alarm_threshold", 0.5)),
        )


@dataclass(frozen=True)
class ConversionReply:
    """The outcome of one request; ``reports`` are WSJF dicts in the converter's order."""

    status: ReplyStatus
    reports: list[dict[str, Any]] = field(default_factory=list)
    reason: str | None = None
    traceback: str | None = None
    confidence: float | None = None
    converter_version: str = ""
    logs: list[tuple[int, str]] = field(default_factory=list)

    @property
    def unexpected(self) -> bool:
        """Whether the failure came from an unexpected exception (has a traceback)."""
        return self.traceback is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "reports": self.reports,
            "reason": self.reason,
            "traceback": self.traceback,
            "confidence": self.confidence,
            "converter_version": self.converter_version,
            "logs": [list(item) for item in self.logs],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConversionReply:
        return cls(
            status=ReplyStatus(data["status"]),
            reports=list(data.get("reports") or []),
            reason=data.get("reason"),
            traceback=data.get("traceback"),
            confidence=data.get("confidence"),
            converter_version=str(data.get("converter_version") or ""),
            logs=[(int(level), str(text)) for level, text in data.get("logs") or []],
        )

    @classmethod
    def failure(cls, reason: str, **extra: Any) -> ConversionReply:
        return cls(ReplyStatus.FAILURE, reason=reason, **extra)


class _Capture(logging.Handler):
    """Collects the converter's log records for the parent to re-log."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < _MAX_LOG_RECORDS:
            try:
                self.records.append((record.levelno, f"{record.name}: {record.getMessage()}"))
            except Exception:  # a bad format string must not fail the conversion
                self.records.append((record.levelno, f"{record.name}: {record.msg!r}"))


def _wsjf(report: Any, index: int) -> dict[str, Any]:
    if isinstance(report, dict):
        return dict(report)
    to_wsjf = getattr(report, "to_wsjf", None)
    if to_wsjf is None:
        raise TypeError(f"report {index} is a {type(report).__name__}, not a WSJF report")
    data: dict[str, Any] = to_wsjf()
    return data


def _convert(request: ConversionRequest) -> ConversionReply:
    converter = create_converter(request.class_path, request.arguments)
    version = str(type(converter).version)
    converter_logger = logging.getLogger(f"pywats.converter.{request.converter_name}")
    if converter_logger.getEffectiveLevel() > logging.INFO:
        converter_logger.setLevel(logging.INFO)  # its info lines are part of the reply
    context = ConverterContext(
        converter_name=request.converter_name,
        station=request.station,
        processes=dict(request.processes),
        arguments=dict(request.arguments),
        logger=converter_logger,
    )
    confidence: float | None = None
    if isinstance(converter, ScheduledConverter):
        result = converter.run(context)
    else:
        if request.path is None:
            return ConversionReply.failure("no source path given", converter_version=version)
        source = ConverterSource(Path(request.path))
        if isinstance(converter, FolderConverter):
            if not converter.is_ready(source.path):
                return ConversionReply(ReplyStatus.NOT_READY, converter_version=version)
            result = converter.convert(source, context)
        else:
            assert isinstance(converter, FileConverter)
            try:
                confidence = float(converter.validate(source, context))
            except ConverterError as exc:
                return ConversionReply.failure(str(exc), converter_version=version)
            if confidence < request.reject_threshold:
                return ConversionReply.failure(
                    f"not this converter's format (confidence {confidence:.2f}, "
                    f"reject threshold {request.reject_threshold:.2f})",
                    confidence=confidence,
                    converter_version=version,
                )
            if confidence < request.alarm_threshold:
                context.logger.warning(
                    "%s: low confidence %.2f (alarm threshold %.2f); converting anyway",
                    source.name,
                    confidence,
                    request.alarm_threshold,
                )
            result = converter.convert(source, context)
    if not isinstance(result, ConverterResult):
        return ConversionReply.failure(
            f"the converter returned {type(result).__name__}, expected a ConverterResult",
            converter_version=version,
        )
    if result.status is ConverterStatus.SKIPPED:
        return ConversionReply(
            ReplyStatus.SKIPPED, reason=result.reason, confidence=confidence,
            converter_version=version,
        )  # fmt: skip
    if result.status is ConverterStatus.FAILURE or not result.reports:
        return ConversionReply.failure(
            result.reason or "the converter returned no reports",
            confidence=confidence,
            converter_version=version,
        )
    reports = [_wsjf(report, index) for index, report in enumerate(result.reports)]
    return ConversionReply(
        ReplyStatus.SUCCESS, reports=reports, confidence=confidence, converter_version=version
    )


def run_request(request: ConversionRequest) -> ConversionReply:
    """Run one conversion in this process; converter errors become failure replies."""
    capture = _Capture()
    root = logging.getLogger()
    root.addHandler(capture)
    try:
        reply = _convert(request)
    except ConverterLoadError as exc:
        reply = ConversionReply.failure(str(exc))
    except ConverterError as exc:
        reply = ConversionReply.failure(str(exc))
    except Exception as exc:
        reply = ConversionReply.failure(
            f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc()
        )
    finally:
        root.removeHandler(capture)
    if capture.records:
        reply = replace(reply, logs=capture.records)
    return reply


def describe_request(class_path: str, arguments: Mapping[str, Any]) -> ConverterInfo:
    """Load and instantiate the converter once (arguments checked) and describe its class.

    Raises:
        ConverterLoadError: the class cannot be loaded or refuses the arguments.
    """
    create_converter(class_path, arguments)
    return describe_converter(load_converter_class(class_path))


# -- the worker process --------------------------------------------------------------------


def encode_frame(message: Mapping[str, Any]) -> bytes:
    """A JSON message with its 4-byte big-endian length in front."""
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_FRAME_BYTES:
        raise ValueError(f"message of {len(body)} bytes is over the {MAX_FRAME_BYTES} limit")
    return _HEADER.pack(len(body)) + body


def decode_frame_length(header: bytes) -> int:
    (length,) = _HEADER.unpack(header)
    if length > MAX_FRAME_BYTES:
        raise ValueError(f"frame of {length} bytes is over the {MAX_FRAME_BYTES} limit")
    return int(length)


def _read_exactly(stream: IO[bytes], count: int) -> bytes | None:
    chunks: list[bytes] = []
    while count:
        chunk = stream.read(count)
        if not chunk:
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _handle(message: Mapping[str, Any]) -> dict[str, Any]:
    op = message.get("op")
    if op == "init":
        for entry in reversed(message.get("sys_path") or []):
            if entry not in sys.path:
                sys.path.insert(0, entry)
        return {"ok": True, "pid": os.getpid()}
    if op == "describe":
        try:
            info = describe_request(str(message["class_path"]), message.get("arguments") or {})
        except ConverterLoadError as exc:
            return {"ok": False, "error": str(exc)}
        except Exception as exc:
            return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        return {"ok": True, "info": info.to_json()}
    if op == "convert":
        return run_request(ConversionRequest.from_json(message)).to_json()
    return {"ok": False, "error": f"unknown operation {op!r}"}


def _exit_with_parent(parent_pid: int) -> None:
    while True:
        time.sleep(_PARENT_CHECK_S)
        if os.getppid() != parent_pid:
            os._exit(0)


def main() -> None:
    """Serve requests on stdin/stdout until the parent closes the pipe or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    protocol_in = os.fdopen(os.dup(0), "rb")
    protocol_out = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    logging.captureWarnings(True)
    logging.getLogger().setLevel(logging.INFO)
    if os.name == "posix":
        threading.Thread(
            target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True
        ).start()
    while True:
        header = _read_exactly(protocol_in, _HEADER.size)
        if header is None:
            return
        body = _read_exactly(protocol_in, decode_frame_length(header))
        if body is None:
            return
        reply = _handle(json.loads(body))
        protocol_out.write(encode_frame(reply))
        protocol_out.flush()
