"""The station service configuration: one validated object, built once, passed explicitly.

``ClientConfig`` is a pydantic-settings model. Build it through
:class:`~pywats_client.config.ConfigStore` (file + CLI + env) or :meth:`ClientConfig.from_data`;
plain ``ClientConfig()`` follows BaseSettings semantics and reads the ``PYWATS_*`` env layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from pywats_client.config.converters import ConverterConfig
from pywats_client.config.errors import is_secret_key
from pywats_client.config.sections import (
    GuiConfig,
    HealthConfig,
    IpcConfig,
    LoggingConfig,
    ProxyConfig,
    QueueConfig,
    SerialNumberConfig,
    ServerConfig,
    StationConfig,
    WatchConfig,
)
from pywats_client.config.sources import PywatsEnvSource, env_enabled
from pywats_client.config.sources import use_env as _env_layer
from pywats_client.paths import DEFAULT_INSTANCE_ID, validate_instance_id

__all__ = ["COMMENT_KEY", "CONFIG_SCHEMA_VERSION", "ClientConfig", "redact", "strip_comments"]

CONFIG_SCHEMA_VERSION = 1
COMMENT_KEY = "$comment"


class ClientConfig(BaseSettings):
    """Everything one station-service instance needs. Unknown keys are refused."""

    model_config = SettingsConfigDict(extra="forbid", validate_assignment=True)

    schema_version: int = Field(
        default=CONFIG_SCHEMA_VERSION,
        ge=1,
        le=CONFIG_SCHEMA_VERSION,
        description="File format version (a higher one was written by a newer pyWATS)",
    )
    instance_id: str = Field(default=DEFAULT_INSTANCE_ID, description="Instance this file is for")
    instance_name: str = Field(default="", max_length=100, description="Display name")
    server: ServerConfig = Field(
        default_factory=ServerConfig,
        description="WATS server URL and credentials (token stored encrypted; use `login`)",
    )
    station: StationConfig = Field(
        default_factory=StationConfig,
        description="Station identity written on every report (machineName/location/purpose)",
    )
    serial_numbers: SerialNumberConfig = Field(
        default_factory=SerialNumberConfig, description="Serial numbers reserved in advance"
    )
    proxy: ProxyConfig = Field(
        default_factory=ProxyConfig, description="HTTP proxy: none | system | manual"
    )
    sync_interval_s: float = Field(
        default=300.0, ge=10, le=86400, description="Reference data sync interval"
    )
    queue: QueueConfig = Field(
        default_factory=QueueConfig,
        description="Upload queue: retries (base doubling, capped), then failed; retention",
    )
    max_concurrent_uploads: int = Field(default=5, ge=1, le=100)
    max_concurrent_conversions: int = Field(default=10, ge=1, le=100)
    watch: WatchConfig = Field(
        default_factory=WatchConfig,
        description="Watch folders: stability time, rescans, polling, attachment size",
    )
    converters: list[ConverterConfig] = Field(
        default_factory=list, description="Converters turning tester files into reports"
    )
    gui: GuiConfig = Field(default_factory=GuiConfig, description="Desktop GUI preferences")
    logging: LoggingConfig = Field(default_factory=LoggingConfig, description="Log level and file")
    ipc: IpcConfig = Field(default_factory=IpcConfig, description="Local control channel")
    health: HealthConfig = Field(
        default_factory=HealthConfig,
        description="Health HTTP endpoint; loopback only unless allow_remote; port 0 = off",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Env first = highest priority; init values carry CLI flags merged over the file.
        if not env_enabled():
            return (init_settings,)
        return (PywatsEnvSource(settings_cls), init_settings)

    @field_validator("instance_id")
    @classmethod
    def _check_instance_id(cls, value: str) -> str:
        try:
            return validate_instance_id(value)
        except ValueError as exc:
            raise ValueError(str(exc).removeprefix(f"invalid instance id {value!r}: ")) from None

    @model_validator(mode="after")
    def _check_converter_names(self) -> ClientConfig:
        names = [converter.name for converter in self.converters]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"converter names must be unique: {', '.join(duplicates)}")
        return self

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, use_env: bool = False) -> ClientConfig:
        """Validate ``data`` (file-shaped dict) into a config, with or without the env layer.

        Raises:
            pydantic.ValidationError: use ``ConfigStore`` to get a :class:`ConfigError` instead.
        """
        with _env_layer(use_env):
            return cls(**strip_comments(data))

    def to_file_dict(self) -> dict[str, Any]:
        """JSON-ready dict for the config file: every setting plus a ``$comment`` per section.

        The in-memory ``server.api_token`` is never included.
        """
        data = self.model_dump(mode="json")
        out: dict[str, Any] = {
            COMMENT_KEY: (
                f"pyWATS station service configuration, instance '{self.instance_id}'. "
                "Change it with `pywats-client config set KEY VALUE`; env PYWATS_* overrides it."
            )
        }
        for name, value in data.items():
            description = type(self).model_fields[name].description
            if isinstance(value, dict) and description:
                value = {COMMENT_KEY: description, **value}
            out[name] = value
        return out

    def redacted_dict(self) -> dict[str, Any]:
        """JSON-ready dict safe to display: secrets replaced by ``***``."""
        redacted: dict[str, Any] = redact(self.model_dump(mode="json"))
        return redacted


def strip_comments(data: Mapping[str, Any]) -> dict[str, Any]:
    """Drop ``$``-prefixed keys (``$comment``, ``$schema``) at any depth."""

    def strip(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: strip(v) for k, v in value.items() if not str(k).startswith("$")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    result: dict[str, Any] = strip(data)
    return result


def redact(data: Any, prefix: str = "") -> Any:
    """Replace every non-empty secret value in a dumped config with ``***``."""
    if isinstance(data, dict):
        return {
            key: (
                "***"
                if is_secret_key(f"{prefix}{key}") and value not in (None, "")
                else redact(value, f"{prefix}{key}.")
            )
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [redact(item, f"{prefix}{index}.") for index, item in enumerate(data)]
    return data
