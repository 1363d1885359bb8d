"""Wire format of the IPC: 4-byte big-endian length + UTF-8 JSON object.

Encoding and decoding are pure functions (unit tested without sockets); the two small stream
helpers at the bottom are the only I/O, shared by server and client so both read frames the
same way.

Request:  ``{"command": str, "request_id": str, "args": {...}}`` (+ ``"secret"`` over TCP)
Response: ``{"success": bool, "data": any, "error": str | null, "request_id": str}``
"""

from __future__ import annotations

import asyncio
import json
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pywats_client.ipc.errors import FrameTooLarge, MalformedFrame, ProtocolError

__all__ = [
    "DEFAULT_MAX_FRAME_BYTES",
    "HEADER_SIZE",
    "Request",
    "Response",
    "decode_frame",
    "decode_length",
    "decode_payload",
    "encode_frame",
    "read_message",
    "write_message",
]

DEFAULT_MAX_FRAME_BYTES = 1024 * 1024
HEADER_SIZE = 4
_HEADER = struct.Struct("!I")


def encode_frame(
    message: Mapping[str, Any], *, max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES
) -> bytes:
    """Serialise one message to a frame.

    Raises:
        ProtocolError: the message is not JSON-serialisable (or holds NaN/Infinity).
        FrameTooLarge: the encoded payload exceeds ``max_frame_bytes``.
    """
    try:
        text = json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ProtocolError(f"message is not JSON-serialisable: {exc}") from exc
    payload = text.encode("utf-8")
    if len(payload) > max_frame_bytes:
        raise FrameTooLarge(len(payload), max_frame_bytes)
    return _HEADER.pack(len(payload)) + payload


def decode_length(header: bytes, *, max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES) -> int:
    """Payload length from a 4-byte header, checked against ``max_frame_bytes``."""
    if len(header) != HEADER_SIZE:
        raise MalformedFrame(f"truncated length header: got {len(header)} of {HEADER_SIZE} bytes")
    (length,) = _HEADER.unpack(header)
    if length > max_frame_bytes:
        raise FrameTooLarge(length, max_frame_bytes)
    return int(length)


def decode_payload(payload: bytes) -> dict[str, Any]:
    """Parse a frame payload: UTF-8 JSON whose top level is an object."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedFrame(f"payload is not valid UTF-8 (byte {exc.start})") from exc
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise MalformedFrame(f"payload is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise MalformedFrame(f"payload must be a JSON object, got {_json_type(value)}")
    return value


def decode_frame(frame: bytes, *, max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES) -> dict[str, Any]:
    """Decode exactly one whole frame (header + payload, nothing after it)."""
    length = decode_length(frame[:HEADER_SIZE], max_frame_bytes=max_frame_bytes)
    payload = frame[HEADER_SIZE:]
    if len(payload) < length:
        raise MalformedFrame(f"truncated payload: got {len(payload)} of {length} bytes")
    if len(payload) > length:
        raise MalformedFrame(f"{len(payload) - length} unexpected bytes after the frame")
    return decode_payload(payload)


@dataclass(frozen=True)
class Request:
    """A command sent to the service."""

    command: str
    request_id: str
    args: dict[str, Any] = field(default_factory=dict)
    secret: str | None = field(default=None, repr=False)

    def to_message(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "command": self.command,
            "request_id": self.request_id,
            "args": self.args,
        }
        if self.secret is not None:
            message["secret"] = self.secret
        return message

    @classmethod
    def from_message(cls, message: Mapping[str, Any]) -> Request:
        """Validate a decoded request object; ``args`` may be omitted (empty)."""
        command = message.get("command")
        if command is None:
            raise MalformedFrame("request has no 'command'")
        if not isinstance(command, str) or not command:
            raise MalformedFrame(f"'command' must be a non-empty string, got {_json_type(command)}")
        request_id = message.get("request_id")
        if not isinstance(request_id, str):
            raise MalformedFrame(f"'request_id' must be a string, got {_json_type(request_id)}")
        args = message.get("args", {})
        if not isinstance(args, dict):
            raise MalformedFrame(f"'args' must be a JSON object, got {_json_type(args)}")
        secret = message.get("secret")
        if secret is not None and not isinstance(secret, str):
            raise MalformedFrame(f"'secret' must be a string, got {_json_type(secret)}")
        return cls(command=command, request_id=request_id, args=args, secret=secret)


@dataclass(frozen=True)
class Response:
    """The service's answer to one request."""

    success: bool
    request_id: str
    data: Any = None
    error: str | None = None

    @classmethod
    def ok(cls, request_id: str, data: Any = None) -> Response:
        return cls(success=True, request_id=request_id, data=data)

    @classmethod
    def fail(cls, request_id: str, error: str, data: Any = None) -> Response:
        return cls(success=False, request_id=request_id, data=data, error=error)

    def to_message(self) -> dict[str, Any]:
        return {
            "success": self.success,
            "data": self.data,
            "error": self.error,
            "request_id": self.request_id,
        }

    @classmethod
    def from_message(cls, message: Mapping[str, Any]) -> Response:
        success = message.get("success")
        if not isinstance(success, bool):
            raise MalformedFrame(f"'success' must be a boolean, got {_json_type(success)}")
        request_id = message.get("request_id")
        if not isinstance(request_id, str):
            raise MalformedFrame(f"'request_id' must be a string, got {_json_type(request_id)}")
        error = message.get("error")
        if error is not None and not isinstance(error, str):
            raise MalformedFrame(f"'error' must be a string or null, got {_json_type(error)}")
        if not success and error is None:
            raise MalformedFrame("a failed response must carry an 'error' message")
        return cls(success=success, request_id=request_id, data=message.get("data"), error=error)


async def read_message(
    reader: asyncio.StreamReader, *, max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES
) -> dict[str, Any] | None:
    """Read one frame; ``None`` on a clean end of stream *between* frames.

    Raises:
        MalformedFrame: the stream ended inside a frame, or the payload is invalid.
        FrameTooLarge: the length header exceeds ``max_frame_bytes`` (payload not read).
    """
    try:
        header = await reader.readexactly(HEADER_SIZE)
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            return None
        raise MalformedFrame(
            f"connection closed inside the length header ({len(exc.partial)} bytes)"
        ) from exc
    length = decode_length(header, max_frame_bytes=max_frame_bytes)
    try:
        payload = await reader.readexactly(length)
    except asyncio.IncompleteReadError as exc:
        raise MalformedFrame(
            f"connection closed inside the payload ({len(exc.partial)} of {length} bytes)"
        ) from exc
    return decode_payload(payload)


async def write_message(
    writer: asyncio.StreamWriter,
    message: Mapping[str, Any],
    *,
    max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES,
) -> None:
    """Encode and send one frame, waiting for the transport buffer to drain."""
    writer.write(encode_frame(message, max_frame_bytes=max_frame_bytes))
    await writer.drain()


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN/Infinity, which are not JSON; other peers would choke on them.
    raise ValueError(f"{name} is not valid JSON")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
