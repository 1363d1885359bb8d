"""Move queued reports between machines by file, for stations with no network.

A bundle is a zip file::

    manifest.json          {"format": "pywats-queue-bundle", "version": 1, "created_at": ...,
                            "host": ..., "reports": [{"report_id", "file", "size", "sha256",
                            "source", "created_at"}, ...]}
    reports/000001.json    the WSJF payload of the first report, and so on

Member names are generated (never derived from report ids), so a hostile bundle cannot name a
path. Import reads nothing to disk: it first verifies every member (size, SHA-256, zip CRC) and
refuses the whole bundle on any mismatch, then queues the reports in batches; queueing is
idempotent on the report id, so an interrupted import can simply be run again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pywats_client.queue.models import (
    BundleError,
    ImportResult,
    QueueItemNotFound,
    QueueState,
    validate_report_id,
)

if TYPE_CHECKING:
    from pywats_client.queue.store import QueueStore

__all__ = ["BUNDLE_FORMAT", "BUNDLE_VERSION", "export_bundle", "import_bundle"]

BUNDLE_FORMAT = "pywats-queue-bundle"
BUNDLE_VERSION = 1
_MANIFEST = "manifest.json"
_MAX_MANIFEST_BYTES = 256 * 1024 * 1024
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
_IMPORT_BATCH = 200
UNDELIVERED = (QueueState.PENDING, QueueState.PROCESSING, QueueState.FAILED)


def export_bundle(
    store: QueueStore,
    path: Path,
    ids: Sequence[str] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write reports to a bundle at ``path`` (atomically); returns how many were written.

    Without ``ids`` every undelivered report (pending, processing, failed) is exported. Queue
    states are not changed: purge the reports afterwards if they must not be sent from here.

    Raises:
        QueueItemNotFound: an id in ``ids`` is not in the queue.
        BundleError: an id names a delivered report (its payload is no longer kept).
    """
    path = Path(path)
    if ids is not None:
        missing = [i for i in dict.fromkeys(ids) if store.get(i) is None]
        if missing:
            raise QueueItemNotFound(f"not in the queue {store.path}: {', '.join(missing[:10])}")
        ids = list(dict.fromkeys(ids))
    total = len(ids) if ids is not None else sum(store.stats().count(s) for s in UNDELIVERED)
    items = (
        store.iter_with_payload(ids=ids)
        if ids is not None
        else store.iter_with_payload(states=UNDELIVERED)
    )
    entries: list[dict[str, Any]] = []
    directory = path.parent if str(path.parent) else Path()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for item in items:
                if item.state is QueueState.COMPLETED:
                    raise BundleError(
                        f"report {item.report_id} was already delivered; its payload is no "
                        "longer kept, so it cannot be exported"
                    )
                payload = item.payload or b""
                member = f"reports/{len(entries) + 1:06d}.json"
                archive.writestr(member, payload)
                entries.append(
                    {
                        "report_id": item.report_id,
                        "file": member,
                        "size": len(payload),
                        "sha256": hashlib.sha256(payload).hexdigest(),
                        "source": item.source,
                        "created_at": item.created_at,
                    }
                )
                if progress is not None:
                    progress(len(entries), max(total, len(entries)))
            manifest = {
                "format": BUNDLE_FORMAT,
                "version": BUNDLE_VERSION,
                "created_at": datetime.now(timezone.utc).isoformat(),
                "host": socket.gethostname(),
                "reports": entries,
            }
            archive.writestr(_MANIFEST, json.dumps(manifest, indent=1))
        with open(tmp_name, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return len(entries)


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> list[dict[str, Any]]:
    try:
        info = archive.getinfo(_MANIFEST)
    except KeyError:
        raise BundleError(f"{path} is not a pyWATS queue bundle (no {_MANIFEST})") from None
    if info.file_size > _MAX_MANIFEST_BYTES:
        raise BundleError(f"{path}: {_MANIFEST} is too large ({info.file_size} bytes)")
    try:
        manifest = json.loads(archive.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleError(f"{path}: {_MANIFEST} is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"{path} is not a pyWATS queue bundle (format is not {BUNDLE_FORMAT})")
    version = manifest.get("version")
    if not isinstance(version, int) or version > BUNDLE_VERSION:
        raise BundleError(f"{path}: bundle version {version!r} is not supported; upgrade pyWATS")
    reports = manifest.get("reports")
    if not isinstance(reports, list):
        raise BundleError(f"{path}: {_MANIFEST} has no 'reports' list")
    seen: set[str] = set()
    for index, entry in enumerate(reports):
        where = f"{path}: {_MANIFEST} reports[{index}]"
        if not isinstance(entry, dict):
            raise BundleError(f"{where} is not an object")
        try:
            validate_report_id(entry.get("report_id"))  # type: ignore[arg-type]
        except ValueError as exc:
            raise BundleError(f"{where}: {exc}") from None
        size, digest = entry.get("size"), entry.get("sha256")
        if not isinstance(entry.get("file"), str) or not isinstance(size, int) or size < 0:
            raise BundleError(f"{where}: 'file' and 'size' are missing or invalid")
        if not isinstance(digest, str) or not _SHA256_RE.fullmatch(digest):
            raise BundleError(f"{where}: 'sha256' is not a SHA-256 hex digest")
        if entry["report_id"] in seen:
            raise BundleError(f"{where}: report {entry['report_id']} is listed twice")
        seen.add(entry["report_id"])
    return reports


def _verified_payload(archive: zipfile.ZipFile, entry: dict[str, Any], path: Path) -> bytes:
    name = entry["file"]
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise BundleError(
            f"{path}: member {name} of report {entry['report_id']} is missing"
        ) from None
    if info.file_size != entry["size"]:
        raise BundleError(
            f"{path}: size mismatch for report {entry['report_id']} ({name}): manifest says "
            f"{entry['size']} bytes, bundle holds {info.file_size}; nothing was imported"
        )
    try:
        payload = archive.read(info)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError(
            f"{path}: {name} of report {entry['report_id']} is damaged: {exc}"
        ) from exc
    if hashlib.sha256(payload).hexdigest() != entry["sha256"]:
        raise BundleError(
            f"{path}: checksum mismatch for report {entry['report_id']} ({name}): the bundle was "
            "modified or damaged; nothing was imported"
        )
    return payload


def import_bundle(
    store: QueueStore,
    path: Path,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Verify a bundle completely, then queue its reports; returns new vs already-queued.

    Args:
        store: The queue to fill.
        path: The bundle written by :func:`export_bundle`.
        progress: Called as ``progress(stage, done, total)`` with stage ``"verify"`` then
            ``"import"``.

    Raises:
        BundleError: not a bundle, bad manifest, or a size/checksum mismatch (then nothing is
            imported).
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"bundle {path} does not exist") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError(f"{path} is not a readable zip bundle: {exc}") from exc
    with archive:
        entries = _read_manifest(archive, path)
        total = len(entries)
        for done, entry in enumerate(entries, start=1):
            _verified_payload(archive, entry, path)
            if progress is not None:
                progress("verify", done, total)
        imported = 0
        for start in range(0, total, _IMPORT_BATCH):
            batch = entries[start : start + _IMPORT_BATCH]
            imported += store.enqueue_many(
                (e["report_id"], _verified_payload(archive, e, path), e.get("source"))
                for e in batch
            )
            if progress is not None:
                progress("import", start + len(batch), total)
    return ImportResult(imported=imported, duplicates=total - imported)
