"""WSXF converter and the shared WSXF codec: samples, golden output, emulator, bad input."""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

import httpx
import pytest

from pywats.domains.report import wsxf as codec
from pywats.domains.report.models import ReportResult, UUTReport
from pywats.domains.report.wsxf import WsxfError, dict_to_wsxf, wsxf_to_dict
from pywats_client.converters.base import ConverterContext, ConverterError, ConverterSource
from pywats_client.converters.builtin.wsxf import WsxfConverter
from pywats_client.converters.testing import assert_matches_golden, convert_file
from pywats_emulator import wsxf as emulator_wsxf
from pywats_emulator.testing import EmulatorServer

REPO = Path(__file__).resolve().parents[4]
SAMPLES = REPO / "examples" / "converters" / "wsxf"
SAMPLE = SAMPLES / "eol_SN-88231.xml"
GOLDEN = REPO / "tests" / "golden" / "converters" / "wsxf"
STATION = {"machineName": "STATION-07", "location": "Line 2", "purpose": "Production"}
NS = 'xmlns="http://wats.virinco.com/schemas/WATS/Report/wsxf"'
HEADER = 'type="T" pn="PCB-1" sn="SN-1" rev="A" processCode="50" result="P"'
START = 'start="2026-01-05T08:00:00+01:00"'


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "report.xml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _convert_error(path: Path, **arguments: Any) -> str:
    with pytest.raises(ConverterError) as info:
        convert_file(WsxfConverter(**arguments), path)
    return str(info.value)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.xml")))
def test_sample_matches_golden(sample: str) -> None:
    result = convert_file(WsxfConverter(), SAMPLES / sample)

    assert_matches_golden(result, GOLDEN / (Path(sample).stem + ".json"))


def test_sample_keeps_types_and_statuses_of_the_file() -> None:
    (report,) = convert_file(WsxfConverter(), SAMPLE).reports

    assert isinstance(report, UUTReport)
    assert report.result is ReportResult.FAILED
    assert report.process_code == 100
    assert report.uut is not None
    assert report.uut.exec_time_s == 31.2
    rails = next(step for step in report.iter_steps() if step.name == "Supply rails")
    assert [m.status.value for m in rails.numeric_meas or ()] == ["P", "F"]
    assert report.machine_name is None


def test_sample_is_accepted_by_the_emulator(wats_emulator: EmulatorServer) -> None:
    (report,) = convert_file(WsxfConverter(), SAMPLE).reports

    response = httpx.post(
        f"{wats_emulator.url}/api/Report/WSJF",
        json={**report.to_wsjf(), **STATION},
        headers=wats_emulator.auth_headers,
        timeout=10.0,
    )

    assert response.status_code == 200, response.text


def test_the_emulator_uses_the_same_codec() -> None:
    assert emulator_wsxf.wsxf_to_dict is wsxf_to_dict
    assert emulator_wsxf.dict_to_wsxf is dict_to_wsxf


def test_codec_round_trip_of_a_converted_report() -> None:
    (report,) = convert_file(WsxfConverter(), SAMPLE).reports
    data = report.to_wsjf()

    assert wsxf_to_dict(dict_to_wsxf(data)) == data


def test_bad_value_is_named_by_element_path(tmp_path: Path) -> None:
    xml = (
        f'<Report {NS} {HEADER} {START}><root name="Main" status="P"><steps>'
        '<Step name="A" status="P"/><Step name="B" status="P" totTime="fast"/>'
        "</steps></root></Report>"
    )

    message = _convert_error(_write(tmp_path, xml))

    assert "/Report/root/steps/Step[2]@totTime: expected a number, got 'fast'" in message


def test_missing_report_field_is_named(tmp_path: Path) -> None:
    xml = f'<Report {NS} type="T" pn="PCB-1" rev="A" processCode="50" result="P" {START}/>'

    message = _convert_error(_write(tmp_path, xml))

    assert "not a valid WSJF report: sn: Field required" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            f"<Report {NS} {HEADER} {START}><uut user='a'>",
            "malformed XML at line 1, column 180: no element found",
        ),
        ("<Other/>", "root element must be <Report>"),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<Report sn='&x;'/>",
            "DOCTYPE",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Report sn="&b;"/>',
            "DOCTYPE",
        ),
        ("<Report" + "<x>" * 3 + ">", "malformed XML"),
    ],
    ids=["truncated", "wrong-root", "external-entity", "entity-expansion", "garbage"],
)
def test_bad_xml_is_refused(tmp_path: Path, content: str, expected: str) -> None:
    assert expected in _convert_error(_write(tmp_path, content))


def test_deeply_nested_xml_is_refused(tmp_path: Path) -> None:
    depth = 5000
    xml = f"<Report {NS} {HEADER} {START}>" + "<uut>" * depth + "</uut>" * depth + "</Report>"

    assert "nested too deeply" in _convert_error(_write(tmp_path, xml))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, bytes(range(256)) * 4)

    assert "malformed XML" in _convert_error(path)


def test_wrong_encoding_is_refused_with_position(tmp_path: Path) -> None:
    xml = f'<?xml version="1.0" encoding="utf-8"?><Report {NS} {HEADER} {START} sn="Sæter"/>'
    path = _write(tmp_path, xml.encode("latin-1"))

    message = _convert_error(path)

    assert "malformed XML" in message
    assert "line 1, column" in message


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, SAMPLE.read_bytes())

    assert "over the limit of 100" in _convert_error(path, max_size_bytes=100)


def test_codec_error_type_is_a_value_error() -> None:
    with pytest.raises(WsxfError, match="root element"):
        wsxf_to_dict(b"<Other/>")


def test_unknown_argument_is_named() -> None:
    with pytest.raises(ValueError, match="unknown argument.*encoding"):
        WsxfConverter(encoding="latin-1")


@pytest.mark.parametrize(
    ("content", "expected"),
    [(SAMPLE.read_text(encoding="utf-8"), 0.95), ("<Report/>", 0.5), ("<testsuites/>", 0.0)],
)
def test_validate_sniffs_the_root(tmp_path: Path, content: str, expected: float) -> None:
    source = ConverterSource(_write(tmp_path, content))

    assert WsxfConverter().validate(source, ConverterContext("wsxf")) == expected


def test_codec_docstring_example_runs() -> None:
    outcome = doctest.testmod(codec)

    assert outcome.attempted > 0
    assert outcome.failed == 0
