"""``pywats-client converter list|test`` through Typer's CliRunner: a dry run uploads nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Protocol

import pytest
from sample_converters import sample_text
from typer.testing import CliRunner, Result

from fixture_paths import shared_fixture
from pywats_client.cli import app
from pywats_client.converters.identity import report_id_for
from pywats_client.converters.loader import builtin_converters
from pywats_client.paths import HomePaths


class Invoke(Protocol):
    def __call__(self, *args: str) -> Result: ...


@pytest.fixture
def home(tmp_path: Path) -> HomePaths:
    return HomePaths.resolve(tmp_path / "home")


@pytest.fixture
def run(home: HomePaths) -> Invoke:
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PYWATS_")}
    env["PYWATS_HOME"] = str(home.config_dir.parent)
    env["COLUMNS"] = "200"
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args), env=env)

    return invoke


def _write_config(home: HomePaths, samples: Path, watch: Path) -> None:
    config = {
        "converters": [
            {"name": "bench", "class_path": f"{samples}:SampleConverter",
             "watch_folder": str(watch), "arguments": {"process_code": 90}},
            {"name": "broken", "class_path": f"{samples}:Missing", "watch_folder": str(watch)},
        ]
    }  # fmt: skip
    path = home.instance("default").config_file
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(config))


def test_dry_run_prints_the_tree_and_touches_nothing(
    run: Invoke, home: HomePaths, samples_path: Path, tmp_path: Path
) -> None:
    sample = tmp_path / "unit.txt"
    sample.write_text(sample_text("SN-CLI", 3.3, 120.0))
    result = run("converter", "test", str(sample), "--class", f"{samples_path}:SampleConverter")
    assert result.exit_code == 0, result.output  # a failed unit is still a valid report
    out = result.stdout
    for expected in (
        "converter sample 1.0",
        "report 1/1  UUT",
        "pn PN-TEST  sn SN-CLI  rev A  process 50",
        "Value 0 [P]",
        "3.3 V  GELE [0, 100]  P",
        "Value 1 [F]",
        "120.0 V  GELE [0, 100]  F",
        "pyWATS source = unit.txt",
        "result F",
        "checks passed",
    ):
        assert expected in out, expected
    assert sample.read_text().startswith("PYWATS-TEST")  # not moved
    assert not home.instance("default").queue_db.exists()  # nothing queued
    assert not home.instance("default").data_dir.joinpath("conversions.db").exists()


def test_dry_run_json_has_the_final_reports_and_ids(
    run: Invoke, samples_path: Path, tmp_path: Path
) -> None:
    sample = tmp_path / "unit.txt"
    sample.write_text(sample_text("SN-JSON", 1.0))
    result = run(
        "converter", "test", str(sample), "--class", f"{samples_path}:SampleConverter",
        "--arg", "process_code=90", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [report] = data["reports"]
    sha = hashlib.sha256(sample.read_bytes()).hexdigest()
    assert report["id"] == report_id_for("sample", "1.0", sha, 0)
    assert (report["processCode"], data["ok"], data["problems"]) == (90, True, [])
    assert data["converter"]["arguments"] == {"process_code": 90}


def test_dry_run_of_a_bad_file_explains_and_fails(
    run: Invoke, samples_path: Path, tmp_path: Path
) -> None:
    sample = tmp_path / "bad.txt"
    sample.write_text("PYWATS-TEST\nRAISE\n")
    result = run("converter", "test", str(sample), "--class", f"{samples_path}:SampleConverter")
    assert result.exit_code == 1
    assert "failure: RuntimeError: unexpected trouble inside the converter" in result.stdout
    assert "Traceback" in result.stdout


def test_configured_converter_by_name_and_by_detection(
    run: Invoke, home: HomePaths, samples_path: Path, tmp_path: Path
) -> None:
    _write_config(home, samples_path, tmp_path / "in")
    sample = tmp_path / "unit.txt"
    sample.write_text(sample_text("SN-CONF", 1.0))
    named = run("converter", "test", str(sample), "--converter", "bench", "--json")
    assert named.exit_code == 0, named.output
    assert json.loads(named.stdout)["reports"][0]["processCode"] == 90
    detected = run("converter", "test", str(sample), "--json")
    assert json.loads(detected.stdout)["converter"]["name"] == "bench"
    unknown = run("converter", "test", str(sample), "--converter", "nope")
    assert unknown.exit_code == 4 and "no converter named 'nope'" in unknown.stderr


def test_list_shows_configured_converters_and_load_errors(
    run: Invoke, home: HomePaths, samples_path: Path, tmp_path: Path
) -> None:
    _write_config(home, samples_path, tmp_path / "in")
    result = run("converter", "list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    bench, broken = data["configured"]
    assert (bench["name"], bench["kind"], bench["version"], bench["error"]) == (
        "bench", "file", "1.0", None,
    )  # fmt: skip
    assert "has no attribute 'Missing'" in broken["error"]
    assert isinstance(data["builtin"], list)
    table = run("converter", "list")
    assert "bench" in table.stdout and "has no attribute" in table.stdout


def test_a_real_wsjf_export_through_the_builtin_converter(run: Invoke, tmp_path: Path) -> None:
    export = shared_fixture("wats-exports", "uut-wsjf-export.json")
    if "wsjf" not in {info.name for _, info in builtin_converters()}:
        pytest.skip("the built-in WSJF converter is not available")
    sample = tmp_path / export.name
    shutil.copyfile(export, sample)
    result = run("converter", "test", str(sample), "--converter", "wsjf")
    assert "report 1/1  UUT" in result.stdout
    assert "MainSequence Callback" in result.stdout
    assert sample.exists()
