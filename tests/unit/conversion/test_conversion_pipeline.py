"""From raw converter reports to queue-ready ones: ids, provenance, station, checks."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pywats.core.station import Station
from pywats_client.conversion.pipeline import PipelineSettings, prepare_reports
from pywats_client.converters.identity import report_id_for

SHA = "cd" * 32
NOW = datetime(2026, 2, 1, tzinfo=timezone.utc)


def _raw(serial: str, **changes: Any) -> dict[str, Any]:
    report = {
        "type": "T", "pn": "P", "sn": serial, "rev": "A", "processCode": 50, "result": "P",
        "start": "2026-01-30T10:00:00+00:00", "uut": {},
        "root": {"name": "Main", "status": "P"},
    }  # fmt: skip
    report.update(changes)
    return report


SETTINGS = PipelineSettings(station=Station("ST-1", "Lab"), processes={50: "PCBA test"})


def test_each_report_gets_its_index_id_provenance_and_station() -> None:
    raw = [_raw("SN-1"), _raw("SN-2")]
    prepared = prepare_reports(
        raw, converter_name="multi", converter_version="1.0", sha256=SHA,
        source_name="batch.multi", settings=SETTINGS, now=NOW,
    )  # fmt: skip
    assert prepared.ok, prepared.problems
    assert [r.report_id for r in prepared.reports] == [
        report_id_for("multi", "1.0", SHA, 0),
        report_id_for("multi", "1.0", SHA, 1),
    ]
    first = prepared.reports[0].data
    assert first["machineName"] == "ST-1" and first["miscInfos"][0]["text"] == "batch.multi"
    assert "id" not in raw[0]  # the converter's dicts are not modified
    assert b'"sn":"SN-1"' in prepared.reports[0].payload()


def test_one_bad_report_keeps_the_whole_source_out() -> None:
    prepared = prepare_reports(
        [_raw("SN-1"), _raw("x" * 101, processCode=7)], converter_name="multi",
        converter_version="1.0", sha256=SHA, source_name="b", settings=SETTINGS, now=NOW,
    )  # fmt: skip
    assert not prepared.ok
    assert prepared.problems == [
        "report 2 of 2: sn: longer than 100 characters (101)",
        "report 2 of 2: processCode: unknown process code 7 (known: 50)",
    ]
    assert prepared.reason().splitlines() == [
        "2 problems in the converted report(s):",
        "  - report 2 of 2: sn: longer than 100 characters (101)",
        "  - report 2 of 2: processCode: unknown process code 7 (known: 50)",
    ]


def test_sources_without_a_hash_use_the_report_content() -> None:
    one = prepare_reports(
        [_raw("SN-T")], converter_name="tick", converter_version="1", sha256=None,
        source_name="schedule 5m", settings=SETTINGS, now=NOW,
    )  # fmt: skip
    two = prepare_reports(
        [_raw("SN-T")], converter_name="tick", converter_version="1", sha256=None,
        source_name="schedule 5m", settings=SETTINGS, now=NOW,
    )  # fmt: skip
    assert one.reports[0].report_id == two.reports[0].report_id


def test_no_reports_is_a_problem() -> None:
    prepared = prepare_reports(
        [], converter_name="c", converter_version="1", sha256=SHA, source_name="s",
        settings=SETTINGS,
    )  # fmt: skip
    assert prepared.problems == ["the converter returned no reports"] and not prepared.ok
