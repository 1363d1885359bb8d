"""``pywats-client queue ...`` through Typer's CliRunner against a real queue database."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Protocol

import pytest
from typer.testing import CliRunner, Result

from pywats_client.cli import app
from pywats_client.paths import HomePaths
from pywats_client.queue import QueueState, QueueStore


class Invoke(Protocol):
    def __call__(self, *args: str, stdin: str | None = None) -> Result: ...


@pytest.fixture
def home(tmp_path: Path) -> HomePaths:
    return HomePaths.resolve(tmp_path / "home")


@pytest.fixture
def run(home: HomePaths) -> Invoke:
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PYWATS_")}
    env["PYWATS_HOME"] = str(home.config_dir.parent)
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=stdin)

    return invoke


@pytest.fixture
def queue(home: HomePaths) -> QueueStore:
    store = QueueStore(home.instance("default").queue_db)
    for n in range(4):
        store.enqueue(f"r{n}", json.dumps({"id": f"r{n}"}).encode(), source=f"/in/{n}.xml")
    store.claim(3)
    store.mark_completed("r0")
    store.mark_failed("r1", "HTTP 400: invalid report")
    store.close()
    return store


def _states(home: HomePaths, instance: str = "default") -> dict[str, str]:
    with QueueStore(home.instance(instance).queue_db) as store:
        return {item.report_id: item.state.value for item in store.list(limit=1000)}


def test_list_on_a_fresh_instance(run: Invoke) -> None:
    result = run("queue", "list")
    assert result.exit_code == 0 and "no reports in the queue" in result.stdout
    assert json.loads(run("queue", "list", "--json").stdout) == []
    assert json.loads(run("queue", "stats", "--json").stdout)["total"] == 0


def test_list_filters_and_json(run: Invoke, queue: QueueStore) -> None:
    everything = json.loads(run("queue", "list", "--json").stdout)
    assert [item["report_id"] for item in everything] == ["r0", "r1", "r2", "r3"]
    failed = json.loads(run("queue", "list", "--state", "failed", "--json").stdout)
    assert [(i["report_id"], i["last_error"]) for i in failed] == [
        ("r1", "HTTP 400: invalid report")
    ]
    table = run("queue", "list")
    assert table.exit_code == 0 and "r3" in table.stdout and "pending" in table.stdout
    bad = run("queue", "list", "--state", "lost")
    assert bad.exit_code == 2


def test_show(run: Invoke, queue: QueueStore) -> None:
    data = json.loads(run("queue", "show", "r1", "--json").stdout)
    assert data["state"] == "failed" and data["source"] == "/in/1.xml"
    assert "payload" not in data
    assert "HTTP 400" in run("queue", "show", "r1").stdout
    assert run("queue", "show", "r3", "--payload").stdout == '{"id": "r3"}'
    missing = run("queue", "show", "nope")
    assert missing.exit_code == 4 and "report nope is not in the queue" in missing.output


def test_stats(run: Invoke, queue: QueueStore) -> None:
    stats = json.loads(run("queue", "stats", "--json").stdout)
    assert (stats["pending"], stats["processing"], stats["completed"], stats["failed"]) == (
        1,
        1,
        1,
        1,
    )
    assert "failed: 1" in run("queue", "stats").stdout


def test_retry(run: Invoke, queue: QueueStore, home: HomePaths) -> None:
    assert run("queue", "retry").exit_code == 2
    assert run("queue", "retry", "r1", "--all-failed").exit_code == 2
    missing = run("queue", "retry", "nope")
    assert missing.exit_code == 4 and "nope" in missing.output
    not_failed = run("queue", "retry", "r3")
    assert not_failed.exit_code == 0 and "1 of the given reports were not in state failed" in (
        not_failed.stderr
    )
    result = run("queue", "retry", "--all-failed")
    assert result.exit_code == 0 and "1 report(s) will be retried" in result.stdout
    assert _states(home)["r1"] == "pending"


def test_purge_needs_confirmation(run: Invoke, queue: QueueStore, home: HomePaths) -> None:
    refused = run("queue", "purge", "--state", "completed")
    assert refused.exit_code == 2 and "without --yes" in refused.output
    assert "r0" in _states(home)
    assert run("queue", "purge", "r2", "--state", "failed", "--yes").exit_code == 2
    done = run("queue", "purge", "--state", "completed", "--yes")
    assert done.exit_code == 0 and "deleted 1 report(s)" in done.stdout
    assert run("queue", "purge", "r3", "r1", "--yes").exit_code == 0
    assert _states(home) == {"r2": QueueState.PROCESSING.value}


def test_export_then_import_on_another_instance(
    run: Invoke, queue: QueueStore, home: HomePaths, tmp_path: Path
) -> None:
    bundle = tmp_path / "usb" / "reports.zip"
    bundle.parent.mkdir()
    exported = run("queue", "export", str(bundle))
    assert exported.exit_code == 0 and "exported 3 report(s)" in exported.stdout
    assert run("queue", "export", str(bundle)).exit_code == 2  # no silent overwrite
    assert run("queue", "export", str(bundle), "--force").exit_code == 0
    imported = run("-i", "office", "queue", "import", str(bundle))
    assert imported.exit_code == 0, imported.output
    assert "imported 3 report(s), 0 already queued" in imported.stdout
    again = run("-i", "office", "queue", "import", str(bundle))
    assert "imported 0 report(s), 3 already queued" in again.stdout
    assert set(_states(home, "office").values()) == {"pending"}


def test_import_of_tampered_bundle_fails_with_integrity_code(
    run: Invoke, queue: QueueStore, home: HomePaths, tmp_path: Path
) -> None:
    bundle = tmp_path / "reports.zip"
    assert run("queue", "export", str(bundle), "r3").exit_code == 0
    with zipfile.ZipFile(bundle) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["reports/000001.json"] = b'{"id": "XX"}'  # same length, other content
    with zipfile.ZipFile(bundle, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    result = run("-i", "office", "queue", "import", str(bundle))
    assert result.exit_code == 9
    assert "checksum mismatch for report r3" in result.output and str(bundle) in result.output
    missing = run("queue", "import", str(tmp_path / "nothing.zip"))
    assert missing.exit_code == 9 and "does not exist" in missing.output


@pytest.mark.parametrize("command", ["list", "show", "stats", "retry", "purge", "export", "import"])
def test_help_explains_each_queue_command(run: Invoke, command: str) -> None:
    result = run("queue", command, "--help")
    assert result.exit_code == 0
    assert len(result.stdout.split("Options")[0].split()) > 8
