"""Where settings come from, and which wins: env (``PYWATS_*``) > CLI flags > file > defaults.

pydantic-settings gives the env layer the highest priority through a custom source
(:class:`PywatsEnvSource`); the CLI and file layers are merged (CLI on top) and passed to the
model as init values. Env names: ``PYWATS_`` + the dotted key upper-cased with ``.`` -> ``__``
(``queue.max_attempts`` -> ``PYWATS_QUEUE__MAX_ATTEMPTS``; top-level keys keep single
underscores: ``PYWATS_SYNC_INTERVAL_S``). Lists and objects are given as JSON. Empty values are
ignored (so ``PYWATS_X=`` in a compose file means "unset"). Names from the reference client
are honoured too:

=======================  =====================================================
``PYWATS_SERVER_URL``    ``server.url``
``PYWATS_API_TOKEN``     ``server.api_token`` (plaintext, kept in memory only)
``PYWATS_STATION``       ``station.name`` with ``station.name_source = config``
``PYWATS_INSTANCE_ID``   which instance to use (see ``resolve_instance_id``)
``PYWATS_HOME``          root directory for all files (see ``pywats_client.paths``)
=======================  =====================================================
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from pywats_client.paths import DEFAULT_INSTANCE_ID, validate_instance_id

__all__ = [
    "ENV_ALIASES",
    "ENV_INSTANCE_ID",
    "ENV_NESTED_DELIMITER",
    "ENV_PREFIX",
    "EnvLayer",
    "PywatsEnvSource",
    "deep_merge",
    "env_enabled",
    "read_env_layer",
    "resolve_instance_id",
    "use_env",
]

ENV_PREFIX = "PYWATS_"
ENV_NESTED_DELIMITER = "__"
ENV_INSTANCE_ID = "PYWATS_INSTANCE_ID"
ENV_ALIASES: dict[str, tuple[tuple[tuple[str, ...], str | None], ...]] = {
    # env var -> ((path, fixed value or None for "the variable's value"), ...)
    "PYWATS_SERVER_URL": ((("server", "url"), None),),
    "PYWATS_API_TOKEN": ((("server", "api_token"), None),),
    "PYWATS_STATION": ((("station", "name"), None), (("station", "name_source"), "config")),
}
# PYWATS_* variables that are not settings.
_NOT_SETTINGS = {"PYWATS_HOME", ENV_INSTANCE_ID}

_ENV_ENABLED: ContextVar[bool] = ContextVar("pywats_config_env_enabled", default=True)


def env_enabled() -> bool:
    """Whether :class:`~pywats_client.config.ClientConfig` construction reads the env layer."""
    return _ENV_ENABLED.get()


@contextmanager
def use_env(enabled: bool) -> Iterator[None]:
    """Turn the env layer on or off for configs built inside the block (this context only)."""
    token = _ENV_ENABLED.set(enabled)
    try:
        yield
    finally:
        _ENV_ENABLED.reset(token)


def resolve_instance_id(
    cli_value: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """Which instance a command or service acts on: ``--instance-id`` > env > ``default``.

    The explicit flag wins over ``PYWATS_INSTANCE_ID`` here (unlike settings) because it
    selects *which* files are read; a typed flag silently ignored would act on the wrong
    station.
    """
    env = os.environ if environ is None else environ
    chosen = cli_value or env.get(ENV_INSTANCE_ID) or DEFAULT_INSTANCE_ID
    return validate_instance_id(chosen)


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Merge nested dicts; values in ``top`` win, lists are replaced, inputs are not changed."""
    merged: dict[str, Any] = dict(base)
    for key, value in top.items():
        current = merged.get(key)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            merged[key] = deep_merge(current, value)
        else:
            merged[key] = value
    return merged


def _parse_env_value(raw: str) -> Any:
    text = raw.strip()
    if text[:1] in ("[", "{"):
        try:
            return json.loads(text)
        except ValueError:
            return raw  # validation reports it with the key and the variable name
    return raw


@dataclass
class EnvLayer:
    """Settings found in the environment, plus which variable set each path."""

    data: dict[str, Any] = field(default_factory=dict)
    origins: dict[tuple[str, ...], str] = field(default_factory=dict)

    def put(self, path: tuple[str, ...], value: Any, variable: str) -> None:
        node = self.data
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = value
        self.origins[path] = variable

    def origin_of(self, loc: tuple[int | str, ...]) -> str | None:
        """The variable(s) that set ``loc``, one of its parents, or (for an error on a whole
        section) one of its children."""
        parts = tuple(str(p) for p in loc)
        for length in range(len(parts), 0, -1):
            variable = self.origins.get(parts[:length])
            if variable:
                return variable
        inside = sorted({v for path, v in self.origins.items() if path[: len(parts)] == parts})
        return ", ".join(inside) if inside and parts else None


def read_env_layer(top_level_keys: set[str], environ: Mapping[str, str] | None = None) -> EnvLayer:
    """Collect ``PYWATS_*`` settings for a model whose top-level fields are ``top_level_keys``.

    Variables whose first segment is not a top-level key are ignored (they may belong to other
    tools); unknown keys inside a known section are kept so validation rejects them by name.
    """
    env = os.environ if environ is None else environ
    layer = EnvLayer()
    for name in sorted(env):
        raw = env[name]
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper in _NOT_SETTINGS or raw == "":
            continue
        if upper in ENV_ALIASES:
            for path, fixed in ENV_ALIASES[upper]:
                layer.put(path, raw if fixed is None else fixed, upper)
            continue
        path = tuple(upper[len(ENV_PREFIX) :].lower().split(ENV_NESTED_DELIMITER))
        if path[0] in top_level_keys and all(path):
            layer.put(path, _parse_env_value(raw), upper)
    return layer


class PywatsEnvSource(PydanticBaseSettingsSource):
    """pydantic-settings source for the ``PYWATS_*`` layer (see the module docstring)."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self.layer = read_env_layer(set(settings_cls.model_fields))

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        # Required by the base class; __call__ returns the whole layer at once.
        return self.layer.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return self.layer.data
