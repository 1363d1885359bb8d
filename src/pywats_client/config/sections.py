"""The sections of the station configuration (everything except converters).

Each section is a strict pydantic model (unknown keys refused) with safe defaults. Secrets are
only ever stored encrypted (``*_encrypted`` fields hold :class:`~pywats_client.security.TokenVault`
ciphertexts); the plaintext ``server.api_token`` exists only in memory, from ``PYWATS_API_TOKEN``.
"""

from __future__ import annotations

import ipaddress
import socket
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from pywats.core.station import MAX_FIELD_LENGTH, Station, StationRegistry
from pywats_client.security import TokenVault

__all__ = [
    "GuiConfig",
    "GuiTabs",
    "HealthConfig",
    "IpcConfig",
    "LogLevel",
    "LoggingConfig",
    "ProxyConfig",
    "ProxyMode",
    "QueueConfig",
    "SerialNumberConfig",
    "ServerConfig",
    "StationConfig",
    "StationNameSource",
    "StationPreset",
    "WatchConfig",
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class StationNameSource(str, Enum):
    """Where the station (machine) name on reports comes from."""

    HOSTNAME = "hostname"  # upper-cased host name, like the reference client
    CONFIG = "config"  # station.name, set by deployment (file or PYWATS_STATION)
    MANUAL = "manual"  # station.name, typed by the operator in the GUI


class ProxyMode(str, Enum):
    NONE = "none"
    SYSTEM = "system"  # HTTP(S)_PROXY / OS settings
    MANUAL = "manual"  # proxy.host and proxy.port


class LogLevel(str, Enum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"
    CRITICAL = "CRITICAL"


def _normalise_server_url(value: str) -> str:
    """Apply wats-api.md §1.1: add https:// if missing, strip a trailing '/' and '/api'."""
    text = value.strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    text = text.rstrip("/")
    if text.lower().endswith("/api"):
        text = text[: -len("/api")]
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host name")
    return text


class ServerConfig(_Section):
    """The WATS server and the credentials used to reach it."""

    url: str = ""
    token_encrypted: str = Field(default="", repr=False)
    # Plaintext from PYWATS_API_TOKEN only: never serialised, never shown.
    api_token: SecretStr | None = Field(default=None, exclude=True, repr=False)
    username: str = ""
    verify_tls: bool = True
    # A private CA (PEM file or directory) for servers whose certificate is not publicly signed.
    ca_bundle: Path | None = None
    timeout_s: float = Field(default=30.0, gt=0, le=600)

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _normalise_server_url(value)

    @field_validator("ca_bundle")
    @classmethod
    def _check_ca_bundle(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        expanded = value.expanduser()
        if not expanded.is_absolute():
            raise ValueError("must be an absolute path")
        return expanded

    @property
    def tls_verify(self) -> bool | str:
        """``verify`` for :class:`pywats.AsyncWATS`: off, the CA bundle, or the default CAs."""
        if not self.verify_tls:
            return False
        return str(self.ca_bundle) if self.ca_bundle is not None else True

    @property
    def has_token(self) -> bool:
        return bool(self.token_encrypted) or self.api_token is not None

    def token(self, vault: TokenVault) -> str | None:
        """The plaintext token: ``PYWATS_API_TOKEN`` if set, else the decrypted stored one.

        Raises:
            TokenDecryptError: the stored token was encrypted on another machine.
        """
        if self.api_token is not None:
            return self.api_token.get_secret_value()
        return vault.decrypt(self.token_encrypted) if self.token_encrypted else None

    def with_token(self, plaintext: str, vault: TokenVault) -> ServerConfig:
        """A copy storing ``plaintext`` encrypted (what ``pywats-client login`` saves)."""
        return self.model_copy(update={"token_encrypted": vault.encrypt(plaintext)})


class StationPreset(_Section):
    """A named station identity, for PCs that act as several stations."""

    name: str = Field(min_length=1, max_length=100)
    location: str = Field(default="", max_length=100)
    purpose: str = Field(default="Production", min_length=1, max_length=100)


class StationConfig(_Section):
    """Station identity on reports; an active preset wins over the fields below."""

    name: str = Field(default="", max_length=100)
    name_source: StationNameSource = StationNameSource.HOSTNAME
    location: str = Field(default="", max_length=100)
    purpose: str = Field(default="Production", min_length=1, max_length=100)
    presets: list[StationPreset] = Field(default_factory=list)
    active_preset: str | None = None

    @model_validator(mode="after")
    def _check(self) -> StationConfig:
        names = [preset.name for preset in self.presets]
        if len(set(names)) != len(names):
            raise ValueError("station.presets: preset names must be unique")
        if self.active_preset is not None and self.active_preset not in names:
            raise ValueError(
                f"station.active_preset = {self.active_preset!r}: no preset with that name "
                f"(presets: {', '.join(names) or 'none'})"
            )
        if self.name_source is not StationNameSource.HOSTNAME and not self.name.strip():
            raise ValueError(
                f"station.name is required when station.name_source = {self.name_source.value}"
            )
        return self

    def _base(self, hostname: str | None) -> Station:
        if self.name_source is StationNameSource.HOSTNAME:
            name = (hostname or socket.gethostname()).upper()[:MAX_FIELD_LENGTH]
        else:
            name = self.name.strip()
        return Station(name, self.location, self.purpose)

    def identity(self, hostname: str | None = None) -> Station:
        """The station that fills ``machineName``/``location``/``purpose`` on every report:
        the active preset, else the name from ``name_source`` (``hostname`` defaults to this
        machine's)."""
        for preset in self.presets:
            if preset.name == self.active_preset:
                return Station(preset.name, preset.location, preset.purpose)
        return self._base(hostname)

    def registry(self, hostname: str | None = None) -> StationRegistry:
        """All identities (the base one and every preset) with :meth:`identity` active, for
        hub mode where the GUI switches between stations."""
        registry = StationRegistry([self._base(hostname)])
        for preset in self.presets:
            registry.add(Station(preset.name, preset.location, preset.purpose))
        registry.activate(self.identity(hostname).name)
        return registry


class SerialNumberConfig(_Section):
    """Serial numbers reserved from the server ahead of time, for offline operation."""

    type_name: str = Field(default="", max_length=100)
    prefetch_count: int = Field(default=10, ge=0, le=10_000)
    reuse_unused: bool = True  # keep unused reserved numbers across restarts


class ProxyConfig(_Section):
    """HTTP proxy between the station and the server."""

    mode: ProxyMode = ProxyMode.SYSTEM
    host: str = ""
    port: int | None = Field(default=None, ge=1, le=65535)
    username: str = ""
    password_encrypted: str = Field(default="", repr=False)

    @model_validator(mode="after")
    def _check(self) -> ProxyConfig:
        if self.mode is ProxyMode.MANUAL and (not self.host.strip() or self.port is None):
            raise ValueError("proxy.host and proxy.port are required when proxy.mode = manual")
        return self


class WatchConfig(_Section):
    """How watch folders are read (all converters). Defaults suit a local disk; for a
    network share that sends no file events set ``force_polling``."""

    stable_s: float = Field(
        default=0.1, ge=0, le=3600, description="Take a file once unchanged this long"
    )
    rescan_interval_s: float = Field(
        default=30.0, gt=0, le=86400, description="Safety-net rescan of each folder"
    )
    poll_interval_s: float = Field(default=2.0, gt=0, le=3600, description="Polling period")
    force_polling: bool = Field(default=False, description="Poll instead of file events")
    max_attachment_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="Larger attachments are compressed, else dropped with a note",
    )
    future_tolerance_s: float = Field(
        default=300.0, ge=0, description="How far a report's start may lie in the future"
    )


class QueueConfig(_Section):
    """Retry rules and retention of the persistent upload queue."""

    max_attempts: int = Field(default=10, ge=1, le=1000)
    retry_base_s: float = Field(default=300.0, gt=0)
    retry_cap_s: float = Field(default=6 * 3600.0, gt=0)
    completed_retention_s: float = Field(default=7 * 86400.0, ge=0)
    stuck_after_s: float = Field(default=30 * 60.0, gt=0)

    @model_validator(mode="after")
    def _check(self) -> QueueConfig:
        if self.retry_cap_s < self.retry_base_s:
            raise ValueError(
                f"queue.retry_cap_s ({self.retry_cap_s:g}) must be >= "
                f"queue.retry_base_s ({self.retry_base_s:g})"
            )
        return self


class GuiTabs(_Section):
    """Which GUI tabs are shown."""

    dashboard: bool = True
    connection: bool = True
    converters: bool = True
    queue: bool = True
    log: bool = True
    serial_numbers: bool = True
    software: bool = True
    about: bool = True


class GuiConfig(_Section):
    """Desktop GUI preferences (the service itself never loads Qt)."""

    tabs: GuiTabs = Field(default_factory=GuiTabs)
    start_minimized: bool = False
    minimize_to_tray: bool = True


class LoggingConfig(_Section):
    """Log level and file (``file = null`` means the instance's default log file)."""

    level: LogLevel = LogLevel.INFO
    file: Path | None = None
    max_size_mb: int = Field(default=10, ge=1, le=10_000)
    backup_count: int = Field(default=5, ge=0, le=1000)


class IpcConfig(_Section):
    """Local control channel used by the CLI and GUI."""

    enabled: bool = True
    tcp_port: int = Field(default=0, ge=0, le=65535)  # Windows; 0 = any free loopback port
    timeout_s: float = Field(default=10.0, gt=0, le=600)


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HealthConfig(_Section):
    """HTTP health endpoint (``/health``, ``/ready``, ``/metrics``); ``port = 0`` disables it."""

    host: str = "127.0.0.1"
    port: int = Field(default=0, ge=0, le=65535)
    allow_remote: bool = False  # must be true to bind anything but loopback

    @model_validator(mode="after")
    def _check(self) -> HealthConfig:
        if not self.allow_remote and not _is_loopback(self.host):
            raise ValueError(
                f"health.host = {self.host!r} is not a loopback address; "
                "set health.allow_remote = true to expose health checks on the network"
            )
        return self
