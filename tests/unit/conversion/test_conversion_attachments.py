"""Oversize attachments are compressed or dropped with a note, never sinking the report."""

from __future__ import annotations

import base64
import gzip
import os
from typing import Any

import pytest

from pywats_client.conversion.attachments import (
    MISC_NOTE,
    AttachmentPolicy,
    apply_attachment_policy,
)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _report(
    attachment_raw: bytes, blob_raw: bytes | None = None, kind: str = "T"
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "type": kind,
        "root": {
            "name": "Main",
            "status": "P",
            "steps": [
                {
                    "name": "Log",
                    "status": "P",
                    "reportText": "ran",
                    "attachment": {
                        "name": "log.txt",
                        "contentType": "text/plain",
                        "data": _b64(attachment_raw),
                    },
                }
            ],
        },
    }  # fmt: skip
    if blob_raw is not None:
        report["binaryData"] = [
            {"name": "scope.bin", "contentType": "application/octet-stream", "data": _b64(blob_raw)}
        ]
    return report


def test_small_attachments_are_untouched() -> None:
    report = _report(b"tiny")
    assert apply_attachment_policy(report, AttachmentPolicy(max_bytes=100)) == []
    assert report["root"]["steps"][0]["attachment"]["name"] == "log.txt"


def test_compressible_attachment_is_gzipped_under_a_new_name() -> None:
    raw = b"line of log text\n" * 1000
    report = _report(raw)
    assert apply_attachment_policy(report, AttachmentPolicy(max_bytes=2000)) == []
    attachment = report["root"]["steps"][0]["attachment"]
    assert (attachment["name"], attachment["contentType"]) == ("log.txt.gz", "application/gzip")
    assert gzip.decompress(base64.b64decode(attachment["data"])) == raw


def test_incompressible_attachment_is_dropped_with_a_note_in_the_step() -> None:
    report = _report(os.urandom(5000))
    notes = apply_attachment_policy(report, AttachmentPolicy(max_bytes=1000))
    step = report["root"]["steps"][0]
    assert "attachment" not in step
    assert step["reportText"].startswith("ran\npyWATS: attachment 'log.txt' (5000 bytes) dropped")
    assert notes == [f"step 'Log': {step['reportText'].split('pyWATS: ')[1]}"]


@pytest.mark.parametrize("kind", ["T", "R"])
def test_report_level_blob_dropped_with_a_note_on_the_report(kind: str) -> None:
    report = _report(b"ok", os.urandom(3000), kind=kind)
    if kind == "R":
        report["uur"] = {"comment": "replaced U7"}
    notes = apply_attachment_policy(report, AttachmentPolicy(max_bytes=1000))
    assert report["binaryData"] == []
    assert len(notes) == 1 and "scope.bin" in notes[0]
    if kind == "T":
        assert report["miscInfos"][0]["description"] == MISC_NOTE
        assert len(report["miscInfos"][0]["text"]) <= 100
    else:
        assert report["uur"]["comment"].startswith("replaced U7\nattachment 'scope.bin'")


def test_invalid_base64_is_dropped() -> None:
    report = _report(b"")
    report["root"]["steps"][0]["attachment"]["data"] = "!!!!" * 500
    notes = apply_attachment_policy(report, AttachmentPolicy(max_bytes=100))
    assert notes == ["step 'Log': attachment 'log.txt' dropped: its data is not valid base64"]


def test_policy_rejects_a_nonsense_limit() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        AttachmentPolicy(max_bytes=0)
