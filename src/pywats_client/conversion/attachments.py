"""Attachment size policy: an oversize attachment never sinks its report.

A tester log of 200 MB attached to a step would make the upload fail or time out forever, and
the measurements with it. Each attachment (a step's ``attachment`` and the report's
``binaryData``) larger than :attr:`AttachmentPolicy.max_bytes` once decoded is gzip-compressed
(``name.gz``, ``application/gzip``) when that brings it under the limit; otherwise it is
dropped and the report says so: the step's ``reportText`` for a step attachment, a
``pyWATS note`` misc info (UUT) or the repair comment (UUR) for report-level data.

The default limit is 10 MiB per attachment, well above anything a test step normally carries
and low enough that one report stays a few tens of MB at most.
"""

from __future__ import annotations

import base64
import binascii
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pywats_client.converters.identity import clip_text

__all__ = [
    "DEFAULT_MAX_ATTACHMENT_BYTES",
    "MISC_NOTE",
    "AttachmentPolicy",
    "apply_attachment_policy",
]

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MISC_NOTE = "pyWATS note"
GZIP_CONTENT_TYPE = "application/gzip"
_MAX_NAME = 256
_MAX_COMMENT = 5000


@dataclass(frozen=True)
class AttachmentPolicy:
    """Largest decoded attachment kept as is (bytes)."""

    max_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES

    def __post_init__(self) -> None:
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be >= 1, got {self.max_bytes}")


def _size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size} bytes"


def _walk_steps(root: Any) -> Iterator[dict[str, Any]]:
    stack = [root]
    while stack:
        step = stack.pop()
        if not isinstance(step, dict):
            continue
        yield step
        children = step.get("steps")
        if isinstance(children, list):
            stack.extend(reversed(children))


def _shrink(blob: dict[str, Any], policy: AttachmentPolicy) -> str | None:
    """Compress ``blob`` in place when needed; the reason it must be dropped, else None."""
    data = blob.get("data")
    if not isinstance(data, str):
        return None
    if len(data) * 3 // 4 <= policy.max_bytes:  # base64 never decodes to more than this
        return None
    name = str(blob.get("name") or "attachment")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return f"attachment {name!r} dropped: its data is not valid base64"
    if len(raw) <= policy.max_bytes:
        return None
    packed = gzip.compress(raw, compresslevel=6, mtime=0)  # mtime=0: same input, same bytes
    if len(packed) <= policy.max_bytes:
        blob["data"] = base64.b64encode(packed).decode("ascii")
        blob["name"] = clip_text(name + ".gz", _MAX_NAME)
        blob["contentType"] = GZIP_CONTENT_TYPE
        return None
    return (
        f"attachment {name!r} ({_size_text(len(raw))}) dropped: larger than the "
        f"{_size_text(policy.max_bytes)} limit even compressed ({_size_text(len(packed))})"
    )


def apply_attachment_policy(data: dict[str, Any], policy: AttachmentPolicy) -> list[str]:
    """Compress or drop oversize attachments of ``data`` in place; returns what was dropped.

    Example:
        >>> report = {"type": "T", "root": {"name": "Main", "status": "P",
        ...     "attachment": {"name": "log.txt", "contentType": "text/plain",
        ...                    "data": base64.b64encode(b"a" * 5000).decode()}}}
        >>> apply_attachment_policy(report, AttachmentPolicy(max_bytes=1000))
        []
        >>> report["root"]["attachment"]["name"]
        'log.txt.gz'
    """
    notes: list[str] = []
    for step in _walk_steps(data.get("root")):
        attachment = step.get("attachment")
        if not isinstance(attachment, dict):
            continue
        reason = _shrink(attachment, policy)
        if reason is not None:
            del step["attachment"]
            text = step.get("reportText")
            note = f"pyWATS: {reason}"
            step["reportText"] = f"{text}\n{note}" if isinstance(text, str) and text else note
            notes.append(f"step {step.get('name')!r}: {reason}")
    blobs = data.get("binaryData")
    if isinstance(blobs, list):
        kept: list[Any] = []
        for blob in blobs:
            reason = _shrink(blob, policy) if isinstance(blob, dict) else None
            if reason is None:
                kept.append(blob)
            else:
                notes.append(reason)
                _note_on_report(data, reason)
        data["binaryData"] = kept
    return notes


def _note_on_report(data: dict[str, Any], reason: str) -> None:
    uur = data.get("uur")
    if data.get("type") == "R" and isinstance(uur, dict):
        comment = uur.get("comment")
        text = f"{comment}\n{reason}" if isinstance(comment, str) and comment else reason
        uur["comment"] = clip_text(text, _MAX_COMMENT)
        return
    infos = data.get("miscInfos")
    if not isinstance(infos, list):
        infos = data["miscInfos"] = []
    infos.append({"description": MISC_NOTE, "text": clip_text(reason)})
