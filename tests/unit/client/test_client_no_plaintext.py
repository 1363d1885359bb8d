"""The server token never reaches disk in clear: config, salt, queue, lock metadata, bundles."""

from __future__ import annotations

from pathlib import Path

import pytest

from pywats_client.config import ConfigStore
from pywats_client.instance import InstanceLock
from pywats_client.paths import InstancePaths
from pywats_client.queue import QueueStore
from pywats_client.security import TokenVault

STORED_TOKEN = "c3RhdGlvbjpzdG9yZWQtdG9rZW4tOTk="
ENV_TOKEN = "ZW52OmVudi10b2tlbi0xMjM0NQ=="
PROXY_PASSWORD = "proxy-pa55word-xyz"


def test_no_file_written_contains_a_plaintext_secret(
    paths: InstancePaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYWATS_API_TOKEN", ENV_TOKEN)
    vault = TokenVault(paths.home.salt_file)
    store = ConfigStore.for_instance(paths)
    config = store.load_file()
    server = config.server.with_token(STORED_TOKEN, vault)
    proxy = config.proxy.model_copy(update={"password_encrypted": vault.encrypt(PROXY_PASSWORD)})
    store.save(config.model_copy(update={"server": server, "proxy": proxy}))

    effective = store.load()  # env token in memory only
    assert effective.server.token(vault) == ENV_TOKEN
    store.save(effective)  # even a careless save of the env-merged config
    store.set("queue.max_attempts", 4)
    assert store.load_file().server.token(vault) == STORED_TOKEN  # encrypted, and it works

    with InstanceLock(paths, name="line"), QueueStore(paths.queue_db) as queue:
        queue.enqueue("r1", b'{"id": "r1"}')
        queue.export_bundle(tmp_path / "bundle.zip")

    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert paths.config_file in written and paths.home.salt_file in written
    for path in written:
        content = path.read_bytes()
        for secret in (STORED_TOKEN, ENV_TOKEN, PROXY_PASSWORD):
            assert secret.encode() not in content, f"{secret!r} found in clear in {path}"
    assert server.token_encrypted.encode() in paths.config_file.read_bytes()
