"""Station service configuration: the model, its sources and the per-instance file store.

Typical use (the service, the CLI and the IPC ``set_config`` command)::

    paths = InstancePaths(resolve_instance_id(cli_instance_id))
    store = ConfigStore.for_instance(paths)
    config = store.load({"logging.level": "DEBUG"})   # env > CLI flags > file > defaults
    store.set_text("queue.max_attempts", "5")         # validated, written atomically (0600)
    if store.has_changed():                           # poll every 5 s for hot reload
        config = store.load()
"""

from __future__ import annotations

from pywats_client.config.converters import ConverterConfig, PostAction
from pywats_client.config.errors import ConfigError, ConfigProblem, UnknownConfigKey
from pywats_client.config.models import CONFIG_SCHEMA_VERSION, ClientConfig
from pywats_client.config.sections import (
    GuiConfig,
    GuiTabs,
    HealthConfig,
    IpcConfig,
    LoggingConfig,
    LogLevel,
    ProxyConfig,
    ProxyMode,
    QueueConfig,
    SerialNumberConfig,
    ServerConfig,
    StationConfig,
    StationNameSource,
    StationPreset,
    WatchConfig,
)
from pywats_client.config.sources import resolve_instance_id
from pywats_client.config.store import READ_ONLY_KEYS, ConfigStore

__all__ = [
    "CONFIG_SCHEMA_VERSION",
    "READ_ONLY_KEYS",
    "ClientConfig",
    "ConfigError",
    "ConfigProblem",
    "ConfigStore",
    "ConverterConfig",
    "GuiConfig",
    "GuiTabs",
    "HealthConfig",
    "IpcConfig",
    "LogLevel",
    "LoggingConfig",
    "PostAction",
    "ProxyConfig",
    "ProxyMode",
    "QueueConfig",
    "SerialNumberConfig",
    "ServerConfig",
    "StationConfig",
    "StationNameSource",
    "StationPreset",
    "UnknownConfigKey",
    "WatchConfig",
    "resolve_instance_id",
]
