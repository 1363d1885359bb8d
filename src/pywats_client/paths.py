"""Where each station-service instance keeps its files, and how they are written safely.

Locations come from platformdirs (per user), unless one root is given: the ``PYWATS_HOME``
environment variable or an explicit ``home`` argument puts everything under that directory::

    <home>/config/instances/<id>/config.json     configuration (one file per instance)
    <home>/config/token.salt                     per-install salt for the token vault
    <home>/data/instances/<id>/queue.db          persistent upload queue (SQLite)
    <home>/data/instances/<id>/instance.lock     OS file lock held while the service runs
    <home>/data/instances/<id>/instance.json     lock metadata: pid, start time, host
    <home>/logs/<id>.log                         log file
    <home>/run/<id>.sock                         IPC Unix socket (short fallback, see below)
    <home>/run/<id>.endpoint.json                IPC endpoint (TCP port + secret on Windows)
    <home>/run/<id>.health.json                  health endpoint (host and port)

Without a home the four roots are ``user_config_dir("pywats")``, ``user_data_dir``,
``user_log_dir`` and the user's runtime dir (``$XDG_RUNTIME_DIR/pywats``, else a private
``pywats-<uid>`` directory in the temp dir).

Unix socket paths are limited to ~104 bytes by the OS; when ``<runtime>/<id>.sock`` is 100 bytes
or longer the socket moves to ``<tmp>/pywats-<uid>/<hash>.sock`` (a hash of the long path, so
every instance still gets its own socket).

All directories are created owner-only (0700) and files are written atomically with mode 0600
by :func:`write_private_file`.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from pywats_client.errors import ClientError

__all__ = [
    "APP_NAME",
    "DEFAULT_INSTANCE_ID",
    "ENV_HOME",
    "MAX_SOCKET_PATH_BYTES",
    "HomePaths",
    "InstancePaths",
    "InvalidInstanceId",
    "ensure_private_dir",
    "validate_instance_id",
    "write_private_file",
]

APP_NAME = "pywats"
ENV_HOME = "PYWATS_HOME"
DEFAULT_INSTANCE_ID = "default"
MAX_SOCKET_PATH_BYTES = 100

_INSTANCE_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,40}")
# Device names Windows refuses as file names whatever the extension.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(10)
}


class InvalidInstanceId(ClientError, ValueError):
    """An instance id that is not 1–40 characters of ``A-Z a-z 0-9 _ -``."""


def validate_instance_id(instance_id: str) -> str:
    """Return ``instance_id`` unchanged if it is safe to use in file names, else raise.

    Only ``[A-Za-z0-9_-]{1,40}`` is accepted, so an id can never contain a path separator or
    ``..`` and cannot escape the instance directories.

    Example:
        >>> validate_instance_id("line-2")
        'line-2'
    """
    if not isinstance(instance_id, str) or not _INSTANCE_ID_RE.fullmatch(instance_id):
        raise InvalidInstanceId(
            f"invalid instance id {instance_id!r}: "
            "use 1-40 characters from A-Z, a-z, 0-9, '_' and '-'"
        )
    if instance_id.lower() in _WINDOWS_RESERVED:
        raise InvalidInstanceId(
            f"invalid instance id {instance_id!r}: reserved device name on Windows"
        )
    return instance_id


def _user_key() -> str:
    """A short per-user tag for shared temp locations (uid on POSIX, user name elsewhere)."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None:
        return str(getuid())
    login = os.environ.get("USERNAME", "user")
    return hashlib.sha256(login.encode()).hexdigest()[:8]


def _private_tmp_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"{APP_NAME}-{_user_key()}"


def _default_runtime_dir() -> Path:
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        xdg = os.environ.get("XDG_RUNTIME_DIR")
        if xdg and Path(xdg).is_dir():
            return Path(xdg) / APP_NAME
        return _private_tmp_dir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about its own fallbacks
        return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class HomePaths:
    """The four per-user roots shared by all instances.

    Use :meth:`resolve` rather than the constructor so that ``PYWATS_HOME`` is honoured.
    """

    config_dir: Path
    data_dir: Path
    log_dir: Path
    runtime_dir: Path

    @classmethod
    def resolve(
        cls, home: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
    ) -> HomePaths:
        """Roots from ``home`` if given, else ``$PYWATS_HOME``, else platformdirs.

        Args:
            home: One directory to hold everything (tests, demos, portable installs).
            environ: Environment to read ``PYWATS_HOME`` from (default ``os.environ``).
        """
        env = os.environ if environ is None else environ
        root = home if home is not None else env.get(ENV_HOME) or None
        if root is not None:
            base = Path(root).expanduser().absolute()
            return cls(base / "config", base / "data", base / "logs", base / "run")
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            runtime_dir=_default_runtime_dir(),
        )

    @property
    def salt_file(self) -> Path:
        """Per-install random salt of the token vault (shared by all instances)."""
        return self.config_dir / "token.salt"

    @property
    def instances_config_dir(self) -> Path:
        return self.config_dir / "instances"

    @property
    def instances_data_dir(self) -> Path:
        return self.data_dir / "instances"

    def instance(self, instance_id: str) -> InstancePaths:
        """Paths of one instance under these roots."""
        return InstancePaths(instance_id, home=self)

    def known_instance_ids(self) -> list[str]:
        """Ids of every instance that has a config or data directory, sorted."""
        found: set[str] = set()
        for parent in (self.instances_config_dir, self.instances_data_dir):
            if parent.is_dir():
                for child in parent.iterdir():
                    if child.is_dir() and _INSTANCE_ID_RE.fullmatch(child.name):
                        found.add(child.name)
        return sorted(found)


@dataclass(frozen=True)
class InstancePaths:
    """Every file location of one instance.

    Args:
        instance_id: Validated with :func:`validate_instance_id`.
        home: Roots to use; default :meth:`HomePaths.resolve` (honours ``PYWATS_HOME``).

    Example:
        >>> p = InstancePaths("line-2", home=HomePaths.resolve("/srv/pywats"))
        >>> p.config_file.as_posix()
        '/srv/pywats/config/instances/line-2/config.json'
    """

    instance_id: str
    home: HomePaths = field(default=None)  # type: ignore[assignment]  # filled in __post_init__

    def __post_init__(self) -> None:
        validate_instance_id(self.instance_id)
        if self.home is None:
            object.__setattr__(self, "home", HomePaths.resolve())

    @property
    def config_dir(self) -> Path:
        return self.home.instances_config_dir / self.instance_id

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.json"

    @property
    def data_dir(self) -> Path:
        return self.home.instances_data_dir / self.instance_id

    @property
    def queue_db(self) -> Path:
        return self.data_dir / "queue.db"

    @property
    def cache_dir(self) -> Path:
        """Local cache of server reference data (processes, levels, product groups)."""
        return self.data_dir / "cache"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "instance.lock"

    @property
    def metadata_file(self) -> Path:
        return self.data_dir / "instance.json"

    @property
    def log_file(self) -> Path:
        return self.home.log_dir / f"{self.instance_id}.log"

    @property
    def runtime_dir(self) -> Path:
        return self.home.runtime_dir

    @property
    def ipc_socket(self) -> Path:
        """Unix socket path, always shorter than :data:`MAX_SOCKET_PATH_BYTES` bytes."""
        preferred = self.runtime_dir / f"{self.instance_id}.sock"
        if len(os.fsencode(preferred)) < MAX_SOCKET_PATH_BYTES:
            return preferred
        digest = hashlib.sha256(os.fsencode(preferred)).hexdigest()[:16]
        return _private_tmp_dir() / f"{digest}.sock"

    @property
    def endpoint_file(self) -> Path:
        """Where the running service publishes how to reach its IPC endpoint."""
        return self.runtime_dir / f"{self.instance_id}.endpoint.json"

    @property
    def health_file(self) -> Path:
        """Where the running service publishes its health endpoint address."""
        return self.runtime_dir / f"{self.instance_id}.health.json"

    def ensure_dirs(self) -> None:
        """Create this instance's directories owner-only (0700); safe to call repeatedly."""
        for directory in (
            self.config_dir,
            self.data_dir,
            self.home.log_dir,
            self.runtime_dir,
            self.ipc_socket.parent,
        ):
            ensure_private_dir(directory)


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make sure only the current user can use it.

    Raises:
        ClientError: ``path`` is a symlink or belongs to another user (someone could read or
            replace our files there, e.g. a pre-created directory in ``/tmp``).
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name != "posix":
        return path
    st = os.lstat(path)
    if os.path.islink(path) or st.st_uid != os.getuid():
        raise ClientError(
            f"refusing to use directory {path}: it is a symlink or not owned by the current user"
        )
    if st.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open directories; NTFS journals the rename itself
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, owner-only (0600), durable on return.

    Writes a temp file in the same directory, fsyncs it, renames it over ``path`` and fsyncs the
    directory, so a crash leaves either the old or the new content, never a torn file.
    """
    directory = path.parent
    ensure_private_dir(directory)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(directory)
