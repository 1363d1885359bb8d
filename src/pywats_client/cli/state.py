"""What every command needs from the global options: instance, paths, config, queue.

Built once by the root callback from ``--instance-id`` and ``--config`` and stored in
``ctx.obj``; commands get it with :func:`get_state`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import typer

from pywats_client.config import ClientConfig, ConfigStore, resolve_instance_id
from pywats_client.config.sources import ENV_INSTANCE_ID
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueStore
from pywats_client.security import TokenVault

__all__ = ["CliState", "get_state"]


def _instance_id_in_file(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("instance_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class CliState:
    """Resolved global options."""

    instance_id: str
    config_path: Path | None
    home: HomePaths

    @classmethod
    def create(cls, instance_id: str | None, config_path: Path | None) -> CliState:
        """``--instance-id`` > ``PYWATS_INSTANCE_ID`` > the id inside ``--config`` > default."""
        if instance_id is None and not os.environ.get(ENV_INSTANCE_ID) and config_path:
            instance_id = _instance_id_in_file(config_path)
        return cls(
            instance_id=resolve_instance_id(instance_id),
            config_path=config_path.expanduser().absolute() if config_path else None,
            home=HomePaths.resolve(),
        )

    @property
    def paths(self) -> InstancePaths:
        return InstancePaths(self.instance_id, home=self.home)

    def config_store(self) -> ConfigStore:
        return ConfigStore(self.config_path or self.paths.config_file, instance_id=self.instance_id)

    def load_config(self) -> ClientConfig:
        return self.config_store().load()

    def open_queue(self, *, create: bool = False) -> QueueStore | None:
        """The instance's queue; None when it does not exist yet and ``create`` is False."""
        path = self.paths.queue_db
        if not create and not path.is_file():
            return None
        return QueueStore(path, create=create)

    def vault(self) -> TokenVault:
        return TokenVault(self.home.salt_file)


def get_state(ctx: typer.Context) -> CliState:
    """The :class:`CliState` set by the root callback."""
    state = ctx.find_object(CliState)
    if state is None:  # only when a command is invoked without the root app
        state = CliState.create(None, None)
        ctx.obj = state
    return state
