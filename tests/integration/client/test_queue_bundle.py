"""Offline transfer: export undelivered reports to a bundle, verify and import elsewhere."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pywats_client.queue import BundleError, QueueItemNotFound, QueueState, QueueStore


@pytest.fixture
def source(tmp_path: Path) -> Iterator[QueueStore]:
    with QueueStore(tmp_path / "station" / "queue.db") as queue:
        for n in range(6):
            queue.enqueue(f"r{n}", json.dumps({"id": f"r{n}", "n": n}).encode(), source=f"/in/{n}")
        queue.claim(3)  # r0..r2 processing
        queue.mark_completed("r0")
        queue.mark_failed("r1", "HTTP 400")
        yield queue


@pytest.fixture
def target(tmp_path: Path) -> Iterator[QueueStore]:
    with QueueStore(tmp_path / "office" / "queue.db") as queue:
        yield queue


def _rewrite(bundle: Path, change: dict[str, bytes]) -> None:
    """Copy the zip with some members replaced (an attacker or a bad USB stick)."""
    with zipfile.ZipFile(bundle) as old:
        members = {info.filename: old.read(info) for info in old.infolist()}
    members.update(change)
    with zipfile.ZipFile(bundle, "w") as new:
        for name, data in members.items():
            new.writestr(name, data)


def _manifest(bundle: Path) -> dict[str, object]:
    with zipfile.ZipFile(bundle) as archive:
        data: dict[str, object] = json.loads(archive.read("manifest.json"))
    return data


def test_export_import_round_trip(source: QueueStore, target: QueueStore, tmp_path: Path) -> None:
    bundle = tmp_path / "out.zip"
    calls: list[tuple[int, int]] = []
    assert source.export_bundle(bundle, progress=lambda d, t: calls.append((d, t))) == 5
    assert calls[-1] == (5, 5)
    assert source.stats().total == 6  # exporting changes nothing here
    stages: list[str] = []
    result = target.import_bundle(bundle, progress=lambda stage, d, t: stages.append(stage))
    assert (result.imported, result.duplicates) == (5, 0)
    assert stages[0] == "verify" and stages[-1] == "import"
    for n in range(1, 6):
        item = target.get(f"r{n}")
        assert item is not None and item.state is QueueState.PENDING
        assert item.payload == json.dumps({"id": f"r{n}", "n": n}).encode()
        assert item.source == f"/in/{n}"
    assert target.get("r0") is None  # delivered reports are not exported


def test_import_is_idempotent(source: QueueStore, target: QueueStore, tmp_path: Path) -> None:
    bundle = tmp_path / "out.zip"
    source.export_bundle(bundle)
    target.import_bundle(bundle)
    again = target.import_bundle(bundle)
    assert (again.imported, again.duplicates, again.total) == (0, 5, 5)
    assert target.stats().total == 5


def test_tampered_payload_refused_and_nothing_imported(
    source: QueueStore, target: QueueStore, tmp_path: Path
) -> None:
    bundle = tmp_path / "out.zip"
    source.export_bundle(bundle)
    with zipfile.ZipFile(bundle) as archive:
        original = archive.read("reports/000003.json")
    forged = original.replace(b'"n": 3', b'"n": 9')  # same size, other content
    assert len(forged) == len(original) and forged != original
    _rewrite(bundle, {"reports/000003.json": forged})
    with pytest.raises(BundleError, match="checksum mismatch for report .*nothing was imported"):
        target.import_bundle(bundle)
    assert target.stats().total == 0


def test_tampered_manifest_checksum_refused(
    source: QueueStore, target: QueueStore, tmp_path: Path
) -> None:
    bundle = tmp_path / "out.zip"
    source.export_bundle(bundle)
    manifest = _manifest(bundle)
    reports = manifest["reports"]
    assert isinstance(reports, list)
    reports[-1]["sha256"] = "0" * 64
    _rewrite(bundle, {"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(BundleError, match="checksum mismatch"):
        target.import_bundle(bundle)
    assert target.stats().total == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m["reports"][0].update(size=1), "size mismatch"),
        (lambda m: m["reports"][0].update(file="reports/nope.json"), "is missing"),
        (lambda m: m["reports"].append(dict(m["reports"][0])), "is listed twice"),
        (lambda m: m["reports"][0].update(sha256="xyz"), "not a SHA-256"),
        (lambda m: m["reports"][0].update(report_id=""), "report id"),
        (lambda m: m.update(format="other"), "not a pyWATS queue bundle"),
        (lambda m: m.update(version=99), "version 99 is not supported"),
        (lambda m: m.pop("reports"), "no 'reports' list"),
    ],
)
def test_bad_manifests_refused(
    source: QueueStore, target: QueueStore, tmp_path: Path, edit: object, message: str
) -> None:
    bundle = tmp_path / "out.zip"
    source.export_bundle(bundle)
    manifest = _manifest(bundle)
    edit(manifest)  # type: ignore[operator]
    _rewrite(bundle, {"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(BundleError, match=message):
        target.import_bundle(bundle)
    assert target.stats().total == 0


def test_not_a_bundle(target: QueueStore, tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(BundleError, match="not a readable zip"):
        target.import_bundle(junk)
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    with pytest.raises(BundleError, match="no manifest.json"):
        target.import_bundle(empty)
    with pytest.raises(BundleError, match="does not exist"):
        target.import_bundle(tmp_path / "missing.zip")


def test_export_selected_ids(source: QueueStore, tmp_path: Path) -> None:
    bundle = tmp_path / "some.zip"
    assert source.export_bundle(bundle, ["r4", "r1", "r4"]) == 2
    reports = _manifest(bundle)["reports"]
    assert isinstance(reports, list) and [r["report_id"] for r in reports] == ["r4", "r1"]
    with pytest.raises(QueueItemNotFound, match="nope"):
        source.export_bundle(tmp_path / "x.zip", ["r4", "nope"])
    with pytest.raises(BundleError, match="already delivered"):
        source.export_bundle(tmp_path / "y.zip", ["r0"])
    assert not (tmp_path / "y.zip").exists()
    assert sorted(p.name for p in tmp_path.glob("*.zip*")) == ["some.zip"]  # no temp leftovers


def test_member_names_never_come_from_report_ids(tmp_path: Path) -> None:
    with QueueStore(tmp_path / "q.db") as queue:
        queue.enqueue("../../etc/passwd", b"{}")
        queue.export_bundle(tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        names = archive.namelist()
    assert sorted(names) == ["manifest.json", "reports/000001.json"]
