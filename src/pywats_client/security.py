"""Encrypt the server token at rest so that a copied config file is useless elsewhere.

The key is derived with PBKDF2-HMAC-SHA256 from two inputs:

* the **machine id** — Linux ``/etc/machine-id`` (or ``/var/lib/dbus/machine-id``), macOS
  ``IOPlatformUUID`` (``ioreg``), Windows ``HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MachineGuid``.
  Fallback when none is readable (e.g. minimal containers): ``hostname + MAC address``
  (``uuid.getnode()``), which is weaker and changes with the container; containers should pass
  the token in ``PYWATS_API_TOKEN`` instead of storing it.
* a **per-install salt** — 32 random bytes in ``token.salt`` (mode 0600), created on first use.

Iterations: :data:`PBKDF2_ITERATIONS` = 1 200 000 (measured ~0.13 s on a 2-core x86-64 VM,
i.e. inside the 0.1–0.3 s target and twice OWASP's 600 000 minimum). The count is stored in
each ciphertext (``v1$<iterations>$<fernet token>``), so it can be raised later without breaking
stored tokens. The derived key is cached per vault, so only the first call pays.

The plaintext never touches disk or a log; :class:`TokenVault` has no repr of secrets.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import subprocess
import sys
import uuid
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from pywats_client.errors import ClientError
from pywats_client.paths import ensure_private_dir

__all__ = [
    "MIN_PBKDF2_ITERATIONS",
    "PBKDF2_ITERATIONS",
    "TokenDecryptError",
    "TokenVault",
    "VaultError",
    "read_machine_id",
]

PBKDF2_ITERATIONS = 1_200_000
MIN_PBKDF2_ITERATIONS = 600_000
_MAX_PBKDF2_ITERATIONS = 20_000_000  # refuse absurd counts from a tampered ciphertext
_SALT_BYTES = 32
_FORMAT = "v1"
_LINUX_MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


class VaultError(ClientError):
    """The vault cannot work: unreadable or corrupt salt file, bad ciphertext format."""


class TokenDecryptError(VaultError):
    """A stored secret cannot be decrypted with this machine's key."""

    def __init__(self, detail: str = "") -> None:
        message = (
            "token was encrypted on another machine or the salt changed — run `pywats-client login`"
        )
        super().__init__(f"{message} ({detail})" if detail else message)


def _linux_machine_id() -> str | None:
    for candidate in _LINUX_MACHINE_ID_FILES:
        try:
            value = candidate.read_text(encoding="ascii").strip()
        except OSError:
            continue
        if value:
            return value
    return None


def _macos_machine_id() -> str | None:
    try:
        out = subprocess.run(
            ["/usr/sbin/ioreg", "-rd1", "-c", "IOPlatformExpertDevice"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'"IOPlatformUUID"\s*=\s*"([^"]+)"', out)
    return match.group(1) if match else None


def _windows_machine_id() -> str | None:
    if sys.platform != "win32":
        return None
    import winreg  # Windows only

    try:
        with winreg.OpenKey(
            winreg.HKEY_LOCAL_MACHINE,
            r"SOFTWARE\Microsoft\Cryptography",
            0,
            winreg.KEY_READ | winreg.KEY_WOW64_64KEY,
        ) as key:
            value, _ = winreg.QueryValueEx(key, "MachineGuid")
    except OSError:
        return None
    return str(value) if value else None


def read_machine_id() -> str:
    """This machine's stable id (see the module docstring for sources and the fallback)."""
    if sys.platform == "win32":
        found = _windows_machine_id()
    elif sys.platform == "darwin":
        found = _macos_machine_id()
    else:
        found = _linux_machine_id()
    if found:
        return found
    return f"fallback:{socket.gethostname()}:{uuid.getnode():012x}"


class TokenVault:
    """Encrypts and decrypts short secrets (server token, proxy password) for this machine.

    Args:
        salt_path: The per-install salt file (``HomePaths.salt_file``); created if missing.
        machine_id: Override the machine id (tests simulate "another machine" with it).
        iterations: PBKDF2 iterations for new ciphertexts (>= 600 000).

    Example:
        >>> vault = TokenVault(tmp / "token.salt")  # doctest: +SKIP
        >>> vault.decrypt(vault.encrypt("s3cret"))  # doctest: +SKIP
        's3cret'
    """

    def __init__(
        self,
        salt_path: Path,
        *,
        machine_id: str | None = None,
        iterations: int = PBKDF2_ITERATIONS,
    ) -> None:
        if not MIN_PBKDF2_ITERATIONS <= iterations <= _MAX_PBKDF2_ITERATIONS:
            raise ValueError(
                f"iterations = {iterations}: must be between {MIN_PBKDF2_ITERATIONS} "
                f"and {_MAX_PBKDF2_ITERATIONS}"
            )
        self._salt_path = Path(salt_path)
        self._machine_id = machine_id
        self._iterations = iterations
        self._keys: dict[int, Fernet] = {}

    def __repr__(self) -> str:
        return f"TokenVault(salt_path={str(self._salt_path)!r})"

    @property
    def salt_path(self) -> Path:
        return self._salt_path

    def encrypt(self, plaintext: str) -> str:
        """Encrypt ``plaintext``; the result is safe to store in the config file."""
        if not plaintext:
            raise ValueError("refusing to encrypt an empty secret")
        token = self._fernet(self._iterations).encrypt(plaintext.encode("utf-8"))
        return f"{_FORMAT}${self._iterations}${token.decode('ascii')}"

    def decrypt(self, ciphertext: str) -> str:
        """Decrypt what :meth:`encrypt` returned on this machine with this salt.

        Raises:
            TokenDecryptError: wrong machine, changed salt, or a damaged/foreign ciphertext.
        """
        parts = ciphertext.split("$")
        if len(parts) != 3 or parts[0] != _FORMAT or not parts[1].isdigit():
            raise TokenDecryptError("stored value is not a pyWATS encrypted secret")
        iterations = int(parts[1])
        if not MIN_PBKDF2_ITERATIONS <= iterations <= _MAX_PBKDF2_ITERATIONS:
            raise TokenDecryptError(f"unsupported iteration count {iterations}")
        try:
            plain = self._fernet(iterations).decrypt(parts[2].encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            raise TokenDecryptError() from None
        return plain.decode("utf-8")

    def _fernet(self, iterations: int) -> Fernet:
        cached = self._keys.get(iterations)
        if cached is None:
            machine_id = self._machine_id if self._machine_id is not None else read_machine_id()
            kdf = PBKDF2HMAC(
                algorithm=hashes.SHA256(), length=32, salt=self._salt(), iterations=iterations
            )
            key = base64.urlsafe_b64encode(kdf.derive(machine_id.encode("utf-8")))
            cached = self._keys[iterations] = Fernet(key)
        return cached

    def _salt(self) -> bytes:
        try:
            salt = self._salt_path.read_bytes()
        except FileNotFoundError:
            salt = self._create_salt()
        except OSError as exc:
            raise VaultError(f"cannot read salt file {self._salt_path}: {exc}") from exc
        if len(salt) != _SALT_BYTES:
            raise VaultError(
                f"salt file {self._salt_path} is damaged ({len(salt)} bytes, expected "
                f"{_SALT_BYTES}); delete it and run `pywats-client login` again"
            )
        return salt

    def _create_salt(self) -> bytes:
        """Write a new salt; if another process wins the race, use theirs."""
        directory = ensure_private_dir(self._salt_path.parent)
        tmp = directory / f".{self._salt_path.name}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, os.urandom(_SALT_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, self._salt_path)  # atomic and fails if the salt already exists
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return self._salt_path.read_bytes()
