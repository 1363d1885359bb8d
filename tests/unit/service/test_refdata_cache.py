"""The reference data cache file: round trip, owner-only atomic write, bad files ignored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pywats.domains.analytics.models import Level, ProcessInfo, ProductGroup
from pywats_client.refdata import REFERENCE_DATA_FORMAT, ReferenceData, ReferenceDataCache

URL = "https://wats.example.com"


def _data() -> ReferenceData:
    return ReferenceData(
        server_url=URL,
        synced_at=1_764_000_000.0,
        processes=(
            ProcessInfo.model_validate({"code": 100, "name": "End of line", "futureKey": [1]}),
            ProcessInfo.model_validate({"code": 500, "name": "Repair"}),
            ProcessInfo.model_validate({"name": "no code"}),
        ),
        levels=(Level.model_validate({"levelId": 1, "levelName": "PCBA"}),),
        product_groups=(
            ProductGroup.model_validate({"productGroupId": 7, "productGroupName": "X"}),
        ),
    )


def test_round_trip_keeps_server_keys_and_unknown_fields(tmp_path: Path) -> None:
    cache = ReferenceDataCache(tmp_path / "cache" / "reference_data.json")
    cache.save(_data())
    raw = json.loads(cache.path.read_text("utf-8"))
    assert raw["format"] == REFERENCE_DATA_FORMAT
    assert raw["processes"][0] == {"code": 100, "name": "End of line", "futureKey": [1]}
    assert raw["levels"] == [{"levelId": 1, "levelName": "PCBA"}]
    loaded = cache.load(URL)
    assert loaded == _data()
    assert loaded.process_names == {100: "End of line", 500: "Repair"}
    assert loaded.summary() == {
        "synced_at": 1_764_000_000.0,
        "processes": 3,
        "levels": 1,
        "product_groups": 1,
    }


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_written_owner_only(tmp_path: Path) -> None:
    cache = ReferenceDataCache(tmp_path / "reference_data.json")
    cache.save(_data())
    assert cache.path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["reference_data.json"]  # no temp file left


def test_missing_file_gives_empty_data(tmp_path: Path) -> None:
    data = ReferenceDataCache(tmp_path / "none.json").load(URL)
    assert data == ReferenceData(server_url=URL)
    assert data.process_names == {}


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        json.dumps({"format": "something-else"}).encode(),
        json.dumps({"format": REFERENCE_DATA_FORMAT, "version": 99}).encode(),
        json.dumps({"format": REFERENCE_DATA_FORMAT, "version": 1, "processes": {}}).encode(),
        json.dumps(
            {
                "format": REFERENCE_DATA_FORMAT,
                "version": 1,
                "server_url": URL,
                "processes": [{"code": "not a number"}],
                "levels": [],
                "product_groups": [],
            }
        ).encode(),
    ],
)
def test_damaged_or_foreign_cache_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "reference_data.json"
    path.write_bytes(content)
    assert ReferenceDataCache(path).load(URL) == ReferenceData(server_url=URL)


def test_cache_of_another_server_is_ignored(tmp_path: Path) -> None:
    cache = ReferenceDataCache(tmp_path / "reference_data.json")
    cache.save(_data())
    assert cache.load("https://other.example.com").processes == ()
