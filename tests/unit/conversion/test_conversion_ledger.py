"""The conversion ledger: durable outcomes keyed by converter, path, size, mtime and hash."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pywats_client.conversion.ledger import Ledger, LedgerError, Outcome, SourceKey
from pywats_client.paths import HomePaths

KEY = SourceKey("csv", "/in/a.csv", 10, 111, "ab" * 32)


def test_record_and_lookup_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "data" / "conversions.db"
    with Ledger(path) as ledger:
        assert ledger.lookup("csv", "/in/a.csv", 10, 111) is None
        ledger.record(KEY, Outcome.DONE, ["id-1", "id-2"])
    with Ledger(path) as ledger:
        entry = ledger.lookup("csv", "/in/a.csv", 10, 111)
    assert entry is not None
    assert (entry.key, entry.outcome, entry.report_ids) == (KEY, Outcome.DONE, ("id-1", "id-2"))
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_lookup_needs_the_same_converter_size_and_mtime(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.record(KEY, Outcome.FAILED, reason="bad header")
        assert ledger.lookup("other", "/in/a.csv", 10, 111) is None
        assert ledger.lookup("csv", "/in/a.csv", 11, 111) is None
        assert ledger.lookup("csv", "/in/a.csv", 10, 112) is None
        entry = ledger.lookup("csv", "/in/a.csv", 10, 111)
        assert entry is not None and entry.reason == "bad header"


def test_a_new_outcome_replaces_the_old_one_for_the_same_key(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.record(KEY, Outcome.FAILED, reason="first")
        ledger.record(KEY, Outcome.DONE, ["id"])
        assert [e.outcome for e in ledger.entries()] == [Outcome.DONE]


def test_prune_keeps_rows_of_files_still_present(tmp_path: Path) -> None:
    now = [1000.0]
    present = tmp_path / "kept.csv"
    present.write_text("x")
    with Ledger(tmp_path / "l.db", clock=lambda: now[0]) as ledger:
        ledger.record(SourceKey("csv", str(present), 1, 1, "aa" * 32), Outcome.DONE)
        ledger.record(SourceKey("csv", str(tmp_path / "moved.csv"), 1, 1, "bb" * 32), Outcome.DONE)
        now[0] = 1000.0 + 10
        ledger.record(SourceKey("csv", str(tmp_path / "new.csv"), 1, 1, "cc" * 32), Outcome.DONE)
        assert ledger.prune(older_than_s=5) == 1
        assert sorted(Path(e.key.path).name for e in ledger.entries()) == ["kept.csv", "new.csv"]


def test_for_instance_lives_next_to_the_queue(tmp_path: Path) -> None:
    paths = HomePaths.resolve(tmp_path).instance("line-1")
    with Ledger.for_instance(paths) as ledger:
        assert ledger.path == paths.queue_db.with_name("conversions.db")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "l.db"
    Ledger(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=99")
    with pytest.raises(LedgerError, match="schema 99, newer"):
        Ledger(path)
