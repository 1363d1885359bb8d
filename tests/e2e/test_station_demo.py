"""The README's main command, end to end: the station demo delivers every good file once.

Runs the real thing in-process: the WATS emulator on loopback, a station service with three
watch folders, converter worker processes, the SQLite queue and the uploader.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from pywats_client.demo.runner import run_demo

pytestmark = pytest.mark.slow


def test_station_demo_delivers_every_good_file(tmp_path: Path) -> None:
    out = io.StringIO()
    outcome = run_demo(
        files=6, interval_s=0.0, timeout_s=90.0, home=tmp_path, console=Console(file=out)
    )
    assert outcome.reports_expected == 6
    assert outcome.reports_on_server == 6
    assert outcome.errors_in_error_folder == ["csv/DEMO-BROKEN.csv.error.txt"]
    assert outcome.ok
    assert "OK" in out.getvalue()
    reason = (tmp_path / "testers" / "csv" / "Error" / "DEMO-BROKEN.csv.error.txt").read_text()
    assert "csv-line1" in reason
