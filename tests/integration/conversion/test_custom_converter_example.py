"""The custom converter example (``examples/custom_converter``) works end to end.

It is loaded the way the service loads it (the real loader, from its ``.py`` path), converts
the sample we ship, its report is accepted by the emulator, and the documented dry-run command
(``pywats-client converter test --class``) reports the same thing as JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from pywats.domains.report.models import Report
from pywats_client.converters.base import ConverterContext, ConverterError, ConverterSource
from pywats_client.converters.loader import (
    ConverterLoadError,
    create_converter,
    describe_converter,
)
from pywats_client.converters.testing import convert_file
from pywats_emulator.server import EmulatorServer

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "custom_converter"
CLASS_PATH = f"{EXAMPLE / 'burnin_converter.py'}:BurnInConverter"
SAMPLE = EXAMPLE / "sample_burnin.log"
READINGS = 5


def _convert() -> Report:
    converter = create_converter(CLASS_PATH, {"max_temp_c": 85})
    assert describe_converter(type(converter)).kind.value == "file"
    result = convert_file(converter, SAMPLE)  # type: ignore[arg-type]
    assert result.status.value == "success", result.reason
    (report,) = result.reports
    return report


def test_example_converts_the_sample() -> None:
    data = _convert().to_wsjf()
    assert data["sn"] == "PSU48-000123"
    assert data["pn"] == "PSU-48V"
    assert data["result"] == "P"
    (readings,) = data["root"]["steps"]
    names = [step["name"] for step in readings["steps"]]
    assert len(names) == 2 * READINGS
    assert names[:2] == ["Temp @ 0 min", "Vout @ 0 min"]
    assert all(step["status"] == "P" for step in readings["steps"])


def test_example_fails_readings_outside_the_configured_limits() -> None:
    converter = create_converter(CLASS_PATH, {"max_temp_c": 70})
    result = convert_file(converter, SAMPLE)  # type: ignore[arg-type]
    data = result.reports[0].to_wsjf()
    assert data["result"] == "F"


def test_example_rejects_bad_input_with_where(tmp_path: Path) -> None:
    converter = create_converter(CLASS_PATH)
    bad = tmp_path / "bad.log"
    bad.write_text(SAMPLE.read_text().replace("30,61.3,47.98", "30,hot,47.98"))
    with pytest.raises(ConverterError, match=r"bad.log: line 11: not a number"):
        convert_file(converter, bad)  # type: ignore[arg-type]
    other = tmp_path / "other.log"
    other.write_text("some other tester\n")
    context = ConverterContext(converter_name="burnin")
    assert converter.validate(ConverterSource(other), context) == 0.0  # type: ignore[attr-defined]
    with pytest.raises(ConverterLoadError, match="unknown argument"):
        create_converter(CLASS_PATH, {"max_temp": 70})


def test_example_report_is_accepted_by_the_server(wats_emulator: EmulatorServer) -> None:
    data = _convert().to_wsjf()
    data.update(machineName="BURNIN-01", location="Line 1", purpose="Production")
    response = httpx.post(
        f"{wats_emulator.url}/api/Report/WSJF",
        json=data,
        headers={"Authorization": f"Basic {wats_emulator.token}"},
    )
    assert response.status_code == 200, response.text


def test_cli_dry_run_of_the_example(tmp_path: Path) -> None:
    env = {**os.environ, "PYWATS_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "pywats_client.cli", "converter", "test", str(SAMPLE)]
    completed = subprocess.run(
        [*command, "--class", CLASS_PATH, "--json"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    assert output["ok"] is True
    assert output["confidence"] == 1.0
    assert output["converter"]["name"] == "burnin-rack"
    (report,) = output["reports"]
    assert report["sn"] == "PSU48-000123"
    assert report["result"] == "P"
