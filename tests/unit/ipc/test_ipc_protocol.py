"""Frame encoding/decoding and message validation, without sockets."""

from __future__ import annotations

import asyncio
import json
import struct
from typing import Any

import pytest

from pywats_client.ipc import FrameTooLarge, MalformedFrame, ProtocolError, Request, Response
from pywats_client.ipc.protocol import (
    DEFAULT_MAX_FRAME_BYTES,
    decode_frame,
    decode_length,
    decode_payload,
    encode_frame,
    read_message,
)


def frame_of(payload: bytes) -> bytes:
    return struct.pack("!I", len(payload)) + payload


# -- encode ---------------------------------------------------------------------------------


def test_encode_then_decode_round_trips_unicode() -> None:
    message = {"command": "get_status", "request_id": "r1", "args": {"name": "Prüfstand ¶ 1"}}
    frame = encode_frame(message)
    assert frame[:4] == struct.pack("!I", len(frame) - 4)
    assert decode_frame(frame) == message


def test_encode_uses_utf8_not_ascii_escapes() -> None:
    frame = encode_frame({"x": "é"})
    assert "é".encode() in frame


def test_encode_rejects_unserialisable_values() -> None:
    with pytest.raises(ProtocolError, match="not JSON-serialisable"):
        encode_frame({"data": object()})


def test_encode_rejects_nan() -> None:
    with pytest.raises(ProtocolError, match="not JSON-serialisable"):
        encode_frame({"data": float("nan")})


def test_encode_enforces_max_frame_bytes() -> None:
    with pytest.raises(FrameTooLarge) as info:
        encode_frame({"data": "x" * 100}, max_frame_bytes=50)
    assert info.value.max_frame_bytes == 50
    assert info.value.size > 50


# -- length header --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 2, 3])
def test_truncated_length_header_is_malformed(size: int) -> None:
    with pytest.raises(MalformedFrame, match=f"got {size} of 4 bytes"):
        decode_length(b"\x00" * size)


def test_oversized_length_header_is_rejected_before_reading_payload() -> None:
    with pytest.raises(FrameTooLarge, match="2147483648 bytes exceeds the maximum of 1048576"):
        decode_length(struct.pack("!I", 2**31))


def test_length_at_the_limit_is_accepted() -> None:
    assert decode_length(struct.pack("!I", 1024), max_frame_bytes=1024) == 1024
    with pytest.raises(FrameTooLarge):
        decode_length(struct.pack("!I", 1025), max_frame_bytes=1024)


def test_default_max_frame_is_one_mebibyte() -> None:
    assert DEFAULT_MAX_FRAME_BYTES == 1024 * 1024


# -- payload --------------------------------------------------------------------------------


def test_invalid_utf8_is_malformed() -> None:
    with pytest.raises(MalformedFrame, match="not valid UTF-8"):
        decode_payload(b'{"command": "\xff"}')


@pytest.mark.parametrize("payload", [b"", b"{", b"not json", b'{"a": 1} trailing'])
def test_invalid_json_is_malformed(payload: bytes) -> None:
    with pytest.raises(MalformedFrame, match="not valid JSON"):
        decode_payload(payload)


def test_nan_literal_is_malformed() -> None:
    with pytest.raises(MalformedFrame, match="not valid JSON"):
        decode_payload(b'{"value": NaN}')


@pytest.mark.parametrize(
    ("payload", "kind"),
    [(b"[1, 2]", "array"), (b'"text"', "string"), (b"42", "number"), (b"null", "null")],
)
def test_json_that_is_not_an_object_is_malformed(payload: bytes, kind: str) -> None:
    with pytest.raises(MalformedFrame, match=f"must be a JSON object, got {kind}"):
        decode_payload(payload)


def test_decode_frame_rejects_truncated_payload_and_trailing_bytes() -> None:
    frame = frame_of(b'{"a": 1}')
    with pytest.raises(MalformedFrame, match="truncated payload"):
        decode_frame(frame[:-1])
    with pytest.raises(MalformedFrame, match="unexpected bytes after the frame"):
        decode_frame(frame + b"x")


# -- request / response shape ---------------------------------------------------------------


def test_request_round_trip_with_secret() -> None:
    request = Request("ping", "r1", {"a": 1}, secret="s3cret")
    assert Request.from_message(request.to_message()) == request
    assert "s3cret" not in repr(request)


def test_request_without_secret_omits_the_key() -> None:
    assert "secret" not in Request("ping", "r1").to_message()


def test_request_args_default_to_empty() -> None:
    assert Request.from_message({"command": "ping", "request_id": "r"}).args == {}


@pytest.mark.parametrize(
    ("message", "match"),
    [
        ({"request_id": "r"}, "has no 'command'"),
        ({"command": "", "request_id": "r"}, "'command' must be a non-empty string"),
        ({"command": 5, "request_id": "r"}, "'command' must be a non-empty string, got number"),
        ({"command": "ping"}, "'request_id' must be a string, got null"),
        ({"command": "ping", "request_id": 7}, "'request_id' must be a string, got number"),
        ({"command": "ping", "request_id": "r", "args": [1]}, "'args' must be a JSON object"),
        ({"command": "ping", "request_id": "r", "secret": True}, "'secret' must be a string"),
    ],
)
def test_request_validation_names_the_field(message: dict[str, Any], match: str) -> None:
    with pytest.raises(MalformedFrame, match=match):
        Request.from_message(message)


def test_response_round_trip() -> None:
    ok = Response.ok("r1", {"n": 1})
    fail = Response.fail("r2", "boom", data={"known_commands": ["ping"]})
    assert Response.from_message(json.loads(json.dumps(ok.to_message()))) == ok
    assert Response.from_message(fail.to_message()) == fail
    assert ok.to_message() == {"success": True, "data": {"n": 1}, "error": None, "request_id": "r1"}


@pytest.mark.parametrize(
    ("message", "match"),
    [
        ({"request_id": "r"}, "'success' must be a boolean"),
        ({"success": "yes", "request_id": "r"}, "'success' must be a boolean, got string"),
        ({"success": True}, "'request_id' must be a string"),
        ({"success": False, "request_id": "r"}, "must carry an 'error'"),
        ({"success": False, "request_id": "r", "error": 3}, "'error' must be a string or null"),
    ],
)
def test_response_validation(message: dict[str, Any], match: str) -> None:
    with pytest.raises(MalformedFrame, match=match):
        Response.from_message(message)


# -- stream reader (fed in memory, no socket) -----------------------------------------------


def reader_with(data: bytes) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return reader


@pytest.mark.anyio
async def test_read_message_reads_consecutive_frames_then_clean_eof() -> None:
    reader = reader_with(encode_frame({"n": 1}) + encode_frame({"n": 2}))
    assert await read_message(reader) == {"n": 1}
    assert await read_message(reader) == {"n": 2}
    assert await read_message(reader) is None


@pytest.mark.anyio
async def test_read_message_eof_inside_header_is_malformed() -> None:
    with pytest.raises(MalformedFrame, match="inside the length header"):
        await read_message(reader_with(b"\x00\x00"))


@pytest.mark.anyio
async def test_read_message_eof_inside_payload_is_malformed() -> None:
    with pytest.raises(MalformedFrame, match=r"inside the payload \(3 of 10 bytes\)"):
        await read_message(reader_with(struct.pack("!I", 10) + b'{"a'))


@pytest.mark.anyio
async def test_read_message_rejects_oversized_header() -> None:
    with pytest.raises(FrameTooLarge):
        await read_message(reader_with(struct.pack("!I", 2**31)), max_frame_bytes=1024)
