"""Reading request bodies: size-capped, JSON parsed strictly with readable errors.

Endpoints parse bodies themselves (instead of FastAPI models) because the emulator validates the
raw JSON the way the server does and must answer 400 with a message, not FastAPI's 422.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from pywats_emulator.errors import ApiError
from pywats_emulator.state import get_state

__all__ = ["json_body", "parse_json", "raw_body"]


async def raw_body(request: Request) -> bytes:
    """FastAPI dependency: the request body, refused with 413 above ``max_body_bytes``."""
    limit = get_state(request).config.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"request body larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _reject_constant(name: str) -> Any:
    raise ValueError(f'{name} is not valid JSON (send it as a string, e.g. "{name}")')


def parse_json(data: bytes) -> Any:
    """Parse strict JSON (no ``NaN``/``Infinity`` literals) or raise a 400 ``ApiError``."""
    if not data.strip():
        raise ApiError(400, "request body is empty (expected a JSON document)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400, f"request body is not UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ApiError(
            400, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except ValueError as exc:
        raise ApiError(400, f"malformed JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "malformed JSON: nested too deeply") from None


async def json_body(request: Request) -> Any:
    """FastAPI dependency: the parsed JSON body."""
    return parse_json(await raw_body(request))
