"""TokenVault: round trip, machine binding, salt handling, and no plaintext anywhere."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pywats_client.security import (
    MIN_PBKDF2_ITERATIONS,
    PBKDF2_ITERATIONS,
    TokenDecryptError,
    TokenVault,
    VaultError,
    read_machine_id,
)

SECRET = "dXNlcjpzM2NyZXQtdG9rZW4="  # base64 "user:s3cret-token", like a WATS token


def test_round_trip_and_ciphertext_hides_plaintext(tmp_path: Path) -> None:
    vault = TokenVault(tmp_path / "token.salt")
    first, second = vault.encrypt(SECRET), vault.encrypt(SECRET)
    assert first != second  # random IV per encryption
    assert SECRET not in first
    assert first.startswith(f"v1${PBKDF2_ITERATIONS}$")
    assert vault.decrypt(first) == vault.decrypt(second) == SECRET
    # a new vault on the same machine with the same salt (e.g. after a restart) decrypts too
    assert TokenVault(tmp_path / "token.salt").decrypt(first) == SECRET


def test_copied_to_another_machine_does_not_decrypt(tmp_path: Path) -> None:
    salt = tmp_path / "token.salt"
    here = TokenVault(salt, machine_id="machine-A")
    token = here.encrypt(SECRET)
    elsewhere = TokenVault(salt, machine_id="machine-B")  # same files, other machine id
    with pytest.raises(TokenDecryptError, match="encrypted on another machine or the salt changed"):
        elsewhere.decrypt(token)
    with pytest.raises(TokenDecryptError, match="pywats-client login"):
        elsewhere.decrypt(token)


def test_changed_salt_does_not_decrypt(tmp_path: Path) -> None:
    salt = tmp_path / "token.salt"
    token = TokenVault(salt, machine_id="m").encrypt(SECRET)
    salt.unlink()
    with pytest.raises(TokenDecryptError):
        TokenVault(salt, machine_id="m").decrypt(token)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_salt_file_is_random_owner_only_and_reused(tmp_path: Path) -> None:
    salt = tmp_path / "cfg" / "token.salt"
    TokenVault(salt, machine_id="m").encrypt(SECRET)
    content = salt.read_bytes()
    assert len(content) == 32
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    TokenVault(salt, machine_id="m").encrypt(SECRET)
    assert salt.read_bytes() == content
    assert [p.name for p in salt.parent.iterdir()] == ["token.salt"]  # no temp files left


def test_damaged_salt_reported(tmp_path: Path) -> None:
    salt = tmp_path / "token.salt"
    salt.write_bytes(b"short")
    with pytest.raises(VaultError, match="salt file .* is damaged"):
        TokenVault(salt, machine_id="m").encrypt(SECRET)


@pytest.mark.parametrize(
    "stored",
    ["", "plaintext-token", "v1$abc$xyz", "v2$600000$xyz", "v1$1$xyz", "v1$600000$not-fernet"],
)
def test_foreign_or_tampered_values_refused(tmp_path: Path, stored: str) -> None:
    with pytest.raises(TokenDecryptError):
        TokenVault(tmp_path / "token.salt", machine_id="m").decrypt(stored)


def test_iteration_floor(tmp_path: Path) -> None:
    assert PBKDF2_ITERATIONS >= MIN_PBKDF2_ITERATIONS >= 600_000
    with pytest.raises(ValueError, match="iterations = 1000"):
        TokenVault(tmp_path / "s", iterations=1000)


def test_empty_secret_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="empty secret"):
        TokenVault(tmp_path / "s", machine_id="m").encrypt("")


def test_machine_id_is_stable_and_repr_is_safe(tmp_path: Path) -> None:
    assert read_machine_id() == read_machine_id() != ""
    vault = TokenVault(tmp_path / "s", machine_id="secret-machine")
    assert "secret-machine" not in repr(vault)
