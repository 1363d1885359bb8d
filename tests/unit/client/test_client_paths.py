"""Per-instance file locations, instance id validation and owner-only atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pywats_client.errors import ClientError
from pywats_client.paths import (
    MAX_SOCKET_PATH_BYTES,
    HomePaths,
    InstancePaths,
    InvalidInstanceId,
    ensure_private_dir,
    validate_instance_id,
    write_private_file,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def test_pywats_home_puts_everything_under_one_root(tmp_path: Path) -> None:
    paths = InstancePaths("line-2")  # PYWATS_HOME is set by the autouse fixture
    root = tmp_path / "home"
    assert paths.config_file == root / "config" / "instances" / "line-2" / "config.json"
    assert paths.queue_db == root / "data" / "instances" / "line-2" / "queue.db"
    assert paths.lock_file.parent == paths.metadata_file.parent == paths.data_dir
    assert paths.log_file == root / "logs" / "line-2.log"
    assert paths.endpoint_file.parent == paths.health_file.parent == root / "run"
    assert paths.home.salt_file == root / "config" / "token.salt"


def test_explicit_home_beats_env(tmp_path: Path) -> None:
    explicit = HomePaths.resolve(tmp_path / "other")
    assert explicit.config_dir == tmp_path / "other" / "config"


def test_platformdirs_used_without_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYWATS_HOME")
    roots = HomePaths.resolve()
    assert roots.config_dir.name == "pywats"
    assert roots.data_dir != roots.config_dir


@pytest.mark.parametrize("good", ["default", "line-2", "A_b-9", "x" * 40])
def test_valid_instance_ids(good: str) -> None:
    assert validate_instance_id(good) == good


@pytest.mark.parametrize(
    "bad", ["", "a/b", "..", "../etc", "a b", "x" * 41, "é", "con", "NUL", "lpt1", "a\\b"]
)
def test_invalid_instance_ids_refused(bad: str) -> None:
    with pytest.raises(InvalidInstanceId, match="invalid instance id"):
        InstancePaths(bad)


def test_socket_path_in_runtime_dir_when_short() -> None:
    roots = HomePaths(Path("/c"), Path("/d"), Path("/l"), Path("/run/user/1000/pywats"))
    assert roots.instance("a").ipc_socket == Path("/run/user/1000/pywats/a.sock")


def test_socket_path_falls_back_to_short_hashed_path(tmp_path: Path) -> None:
    deep = HomePaths.resolve(tmp_path / ("d" * 60) / ("e" * 60))
    one, two = deep.instance("line-1"), deep.instance("line-2")
    for paths in (one, two):
        assert len(os.fsencode(paths.ipc_socket)) < MAX_SOCKET_PATH_BYTES
        assert paths.ipc_socket.suffix == ".sock"
    assert one.ipc_socket != two.ipc_socket


@posix_only
def test_ensure_dirs_owner_only(paths: InstancePaths) -> None:
    paths.ensure_dirs()
    for directory in (paths.config_dir, paths.data_dir, paths.home.log_dir, paths.runtime_dir):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


@posix_only
def test_ensure_private_dir_tightens_and_refuses_symlinks(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    os.chmod(loose, 0o755)
    ensure_private_dir(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o700
    link = tmp_path / "link"
    link.symlink_to(loose)
    with pytest.raises(ClientError, match="symlink or not owned"):
        ensure_private_dir(link)


@posix_only
def test_write_private_file_atomic_and_0600(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.json"
    write_private_file(target, b"one")
    write_private_file(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]  # no temp file left


def test_known_instance_ids(home: HomePaths) -> None:
    home.instance("b").ensure_dirs()
    (home.instances_config_dir / "a").mkdir(parents=True)
    (home.instances_config_dir / "not valid").mkdir()
    assert home.known_instance_ids() == ["a", "b"]
