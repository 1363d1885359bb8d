"""One conversion in-process: confidence thresholds, failures with and without traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sample_converters import sample_text

from pywats.core.station import Station
from pywats_client.conversion.worker import (
    ConversionReply,
    ConversionRequest,
    ReplyStatus,
    decode_frame_length,
    encode_frame,
    run_request,
)


def _request(
    samples_path: Path, path: Path | None, cls: str = "SampleConverter"
) -> ConversionRequest:
    return ConversionRequest(
        class_path=f"{samples_path}:{cls}",
        converter_name="bench",
        path=str(path) if path else None,
    )


def test_success_returns_wsjf_dicts(samples_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(sample_text("SN-1", 1.5, 2.5))
    reply = run_request(_request(samples_path, source))
    assert reply.status is ReplyStatus.SUCCESS and reply.confidence == 1.0
    [report] = reply.reports
    assert (report["sn"], report["type"], reply.converter_version) == ("SN-1", "T", "1.0")
    assert [s["name"] for s in report["root"]["steps"]] == ["Value 0", "Value 1"]
    assert (logging.INFO, "pywats.converter.bench: converted SN-1") in reply.logs


def test_confidence_below_reject_fails_and_below_alarm_warns(
    samples_path: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "foreign.txt"
    foreign.write_text("hello world")
    rejected = run_request(_request(samples_path, foreign))
    assert rejected.status is ReplyStatus.FAILURE
    assert rejected.reason == (
        "not this converter's format (confidence 0.05, reject threshold 0.20)"
    )
    doubtful = tmp_path / "doubtful.txt"
    doubtful.write_text("PYWATS-OLD\nsn: SN-2\nvalues: 1\n")
    warned = run_request(_request(samples_path, doubtful))
    assert warned.status is ReplyStatus.SUCCESS and warned.confidence == 0.3
    assert any(
        level == logging.WARNING and "low confidence 0.30" in text for level, text in warned.logs
    )


def test_converter_error_has_no_traceback_other_exceptions_do(
    samples_path: Path, tmp_path: Path
) -> None:
    truncated = tmp_path / "t.txt"
    truncated.write_text("PYWATS-TEST\nsn: SN-3\n")
    reply = run_request(_request(samples_path, truncated))
    assert (reply.status, reply.reason, reply.traceback) == (
        ReplyStatus.FAILURE, "t.txt: no values", None,
    )  # fmt: skip
    raising = tmp_path / "r.txt"
    raising.write_text("PYWATS-TEST\nRAISE\n")
    reply = run_request(_request(samples_path, raising))
    assert reply.reason == "RuntimeError: unexpected trouble inside the converter"
    assert reply.traceback is not None and "sample_converters.py" in reply.traceback


def test_wrong_encoding_and_skip(samples_path: Path, tmp_path: Path) -> None:
    latin = tmp_path / "l.txt"
    latin.write_bytes(b"PYWATS-TEST\nsn: SN-\xe6\xf8\xe5\nvalues: 1\n")
    reply = run_request(_request(samples_path, latin))
    assert reply.status is ReplyStatus.FAILURE
    assert reply.reason is not None and "not valid utf-8-sig text at byte" in reply.reason
    skip = tmp_path / "s.txt"
    skip.write_text("PYWATS-TEST\nSKIP\n")
    assert run_request(_request(samples_path, skip)).status is ReplyStatus.SKIPPED


def test_load_errors_become_failures(samples_path: Path, tmp_path: Path) -> None:
    reply = run_request(
        ConversionRequest(class_path=f"{samples_path}:Nope", converter_name="x", path="/x")
    )
    assert reply.status is ReplyStatus.FAILURE and "has no attribute 'Nope'" in (reply.reason or "")


def test_folder_and_scheduled_converters(samples_path: Path, tmp_path: Path) -> None:
    unit = tmp_path / "unit1"
    unit.mkdir()
    (unit / "a.val").write_text("1.5")
    waiting = run_request(_request(samples_path, unit, "FolderSample"))
    assert waiting.status is ReplyStatus.NOT_READY
    (unit / "done.flag").write_text("")
    done = run_request(_request(samples_path, unit, "FolderSample"))
    assert done.status is ReplyStatus.SUCCESS and done.reports[0]["sn"] == "unit1"
    tick = run_request(_request(samples_path, None, "TickConverter"))
    assert tick.status is ReplyStatus.SUCCESS and tick.reports[0]["sn"] == "SN-TICK"


@pytest.mark.parametrize("station", [None, Station("ST-9", "Lab", "Debug")])
def test_request_and_reply_round_trip_through_json(station: Station | None) -> None:
    request = ConversionRequest(
        class_path="a.b:C", converter_name="n", arguments={"k": [1, 2]}, path="/p",
        station=station, processes={50: "PCBA test"}, reject_threshold=0.1, alarm_threshold=0.4,
    )  # fmt: skip
    assert ConversionRequest.from_json(request.to_json()) == request
    reply = ConversionReply(
        ReplyStatus.FAILURE, reason="r", traceback="t", confidence=0.5, converter_version="2",
        logs=[(30, "w")],
    )  # fmt: skip
    assert ConversionReply.from_json(reply.to_json()) == reply


def test_frames_carry_their_length() -> None:
    frame = encode_frame({"a": "æ"})
    assert decode_frame_length(frame[:4]) == len(frame) - 4
    with pytest.raises(ValueError, match="over the"):
        decode_frame_length(b"\xff\xff\xff\xff")
