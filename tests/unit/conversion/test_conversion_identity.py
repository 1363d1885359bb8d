"""Deterministic report ids and provenance misc infos."""

from __future__ import annotations

import uuid

import pytest

from pywats_client.converters.identity import (
    MISC_CONVERTER,
    MISC_SOURCE,
    MISC_SOURCE_SHA256,
    NAMESPACE_PYWATS,
    apply_identity,
    clip_text,
    report_content_sha256,
    report_id_for,
)

SHA = "9f" * 32


def test_report_id_is_uuid5_of_name_version_hash_and_index() -> None:
    expected = uuid.uuid5(NAMESPACE_PYWATS, f"csv|1.0|{SHA}|2")
    assert report_id_for("csv", "1.0", SHA, 2) == str(expected)
    ids = {
        report_id_for("csv", "1.0", SHA, 0),
        report_id_for("csv", "1.0", SHA, 1),
        report_id_for("csv", "1.1", SHA, 0),
        report_id_for("csv2", "1.0", SHA, 0),
        report_id_for("csv", "1.0", "00" * 32, 0),
    }
    assert len(ids) == 5
    with pytest.raises(ValueError, match="index"):
        report_id_for("csv", "1.0", SHA, -1)


def test_provenance_is_appended_without_clobbering_own_misc_infos() -> None:
    data = {
        "type": "T",
        "id": "kept-by-nobody",
        "miscInfos": [
            {"description": "Firmware", "text": "1.4"},
            {"description": MISC_SOURCE, "text": "forged by the converter"},
        ],
    }
    apply_identity(
        data, converter_name="line", converter_version="2.0", sha256=SHA, index=0,
        source_name="run.csv", converter_label="line/sample",
    )  # fmt: skip
    assert data["id"] == report_id_for("line", "2.0", SHA, 0)
    assert data["miscInfos"] == [
        {"description": "Firmware", "text": "1.4"},
        {"description": MISC_SOURCE, "text": "run.csv"},
        {"description": MISC_SOURCE_SHA256, "text": SHA},
        {"description": MISC_CONVERTER, "text": "line/sample 2.0"},
    ]


def test_long_names_are_clipped_to_the_misc_text_limit() -> None:
    name = "A" * 80 + "_run_0042.csv" + "B" * 40
    data = apply_identity(
        {"type": "T"}, converter_name="c", converter_version="1", sha256=SHA, index=0,
        source_name=name,
    )  # fmt: skip
    text = data["miscInfos"][0]["text"]
    assert len(text) == 100
    assert text.startswith("AAAA") and text.endswith("BBBB") and "…" in text
    assert clip_text("short") == "short"
    assert clip_text("abcdef", 3) == "a…f"


def test_uur_reports_get_an_id_but_no_misc_infos() -> None:
    data = apply_identity(
        {"type": "R", "miscInfos": []}, converter_name="c", converter_version="1",
        sha256=SHA, index=0, source_name="x",
    )  # fmt: skip
    assert data["miscInfos"] == []
    assert uuid.UUID(data["id"]).version == 5


def test_content_hash_ignores_the_id_and_key_order() -> None:
    one = report_content_sha256({"id": "a", "sn": "1", "pn": "2"})
    two = report_content_sha256({"pn": "2", "sn": "1", "id": "b"})
    assert one == two
    assert one != report_content_sha256({"pn": "2", "sn": "3"})
