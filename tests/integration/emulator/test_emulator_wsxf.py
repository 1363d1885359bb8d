"""WSXF (XML) submit and read-back, interchangeable with WSJF."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest
from emulator_support import json_differences, make_uut

XML = {"Content-Type": "application/xml"}
NS = "http://wats.virinco.com/schemas/WATS/Report/wsxf"

HANDWRITTEN = f"""<?xml version="1.0" encoding="utf-8"?>
<Report xmlns="{NS}" xmlns:t="urn:pywats-emulator:wsxf-types"
        type="T" id="1f0c2a8e-3b1d-4c7e-9a55-0d2b6c9e1f01" pn="PCB-100" sn="XML-1" rev="B"
        processCode="50" result="P" machineName="STATION-07" location="Line 2"
        purpose="Production" start="2026-02-10T09:15:00.000+01:00">
  <uut user="operator1" execTime="12.5" comment="line one&#10;line two &lt;ok&gt;"/>
  <root id="1" group="M" stepType="SequenceCall" name="MainSequence Callback" status="P">
    <steps>
      <Step id="2" group="M" stepType="ET_NLT" name="VCC" status="P" causedUUTFailure="false">
        <numericMeas>
          <NumericMeas compOp="GELE" status="P" unit="V" value="3.31" lowLimit="3.2"
                       highLimit="3.4"/>
        </numericMeas>
      </Step>
      <Step id="3" group="M" stepType="ET_SVT" name="FW" status="P">
        <stringMeas>
          <StringMeas compOp="CASESENSIT" status="P" value="007" limit="007"/>
        </stringMeas>
      </Step>
    </steps>
  </root>
  <miscInfos><MiscInfo description="Firmware" text="1.4.2" t:nil="numeric"/></miscInfos>
</Report>
"""


def test_handwritten_wsxf_reads_back_as_wsjf(client: httpx.Client) -> None:
    posted = client.post("/api/Report/WSXF", content=HANDWRITTEN.encode(), headers=XML)
    report = client.get("/api/Report/Wsjf/1f0c2a8e-3b1d-4c7e-9a55-0d2b6c9e1f01").json()

    assert posted.status_code == 200, posted.text
    assert posted.json()["id"] == "1f0c2a8e-3b1d-4c7e-9a55-0d2b6c9e1f01"
    assert report["processCode"] == 50
    assert report["uut"]["execTime"] == 12.5
    assert report["uut"]["comment"] == "line one\nline two <ok>"
    vcc, fw = report["root"]["steps"]
    assert vcc["causedUUTFailure"] is False
    assert vcc["numericMeas"] == [
        {"compOp": "GELE", "status": "P", "unit": "V", "value": 3.31, "lowLimit": 3.2,
         "highLimit": 3.4}
    ]  # fmt: skip
    assert fw["stringMeas"][0]["value"] == "007"  # strings stay strings
    assert report["miscInfos"] == [{"description": "Firmware", "text": "1.4.2", "numeric": None}]


@pytest.mark.parametrize("name", ["uut-wsjf-export.json", "uur-wsjf-export.json"])
def test_wsjf_to_wsxf_and_back_is_lossless(
    client: httpx.Client, load_export: Any, name: str
) -> None:
    export = load_export(name)
    client.post("/api/Report/WSJF", json=export)
    as_json = client.get(f"/api/Report/Wsjf/{export['id']}").json()

    as_xml = client.get(f"/api/Report/Wsxf/{export['id']}")
    client.post("/api/Report/WSXF", content=as_xml.content, headers=XML)
    again = client.get(f"/api/Report/Wsjf/{export['id']}").json()

    assert as_xml.headers["content-type"].startswith("application/xml")
    assert ET.fromstring(as_xml.content).tag == f"{{{NS}}}Report"
    assert json_differences(as_json, again) == []


def test_wsxf_get_honours_include_flags(client: httpx.Client) -> None:
    report = make_uut()
    report["root"]["steps"][0]["chart"] = {"chartType": "Line", "series": []}
    client.post("/api/Report/WSJF", json=report)

    full = client.get(f"/api/Report/Wsxf/{report['id']}").content
    stripped = client.get(
        f"/api/Report/Wsxf/{report['id']}", params={"includeChartdata": "false"}
    ).content

    assert b"<chart" in full
    assert b"<chart" not in stripped


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<Report", "malformed XML"),
        (b"<Other/>", "root element must be <Report>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<Report sn='&x;'/>",
            "DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Report sn="&b;"/>',
            "DOCTYPE",
        ),
        (f'<Report xmlns="{NS}" processCode="fifty"/>'.encode(), "expected a number"),
    ],
    ids=["truncated", "wrong-root", "external-entity", "entity-expansion", "bad-number"],
)
def test_bad_xml_is_rejected_with_400(client: httpx.Client, body: bytes, expected: str) -> None:
    response = client.post("/api/Report/WSXF", content=body, headers=XML)

    assert response.status_code == 400
    assert expected in response.json()["message"]


def test_invalid_report_in_xml_gets_the_same_validation(client: httpx.Client) -> None:
    body = HANDWRITTEN.replace('sn="XML-1"', f'sn="{"S" * 101}"').encode()

    response = client.post("/api/Report/WSXF", content=body, headers=XML)

    assert response.status_code == 400
    assert "sn: longer than 100 characters (101)" in response.json()["message"]
