"""Read, validate, change and atomically write one instance's config file.

Layers and precedence: env (``PYWATS_*``) > CLI flags (``overrides``) > file > defaults.
:meth:`ConfigStore.load` gives the effective config; :meth:`ConfigStore.load_file` gives the
file alone (what edits start from, so env values and the env token never get written).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pywats_client.config.errors import ConfigError, UnknownConfigKey, is_secret_key
from pywats_client.config.keys import coerce_cli_value, flatten, get_key, set_key, split_key
from pywats_client.config.models import ClientConfig, strip_comments
from pywats_client.config.sources import EnvLayer, deep_merge, read_env_layer
from pywats_client.paths import InstancePaths, write_private_file

__all__ = ["READ_ONLY_KEYS", "ConfigStore", "Origin"]

# Keys that `set` refuses: secrets go through `login`; the id is the file's location.
READ_ONLY_KEYS = {
    "server.token_encrypted": "use `pywats-client login` to store a token",
    "server.api_token": "set PYWATS_API_TOKEN in the environment (never stored)",
    "proxy.password_encrypted": "use `pywats-client login --proxy-password` to store it",
    "instance_id": "the instance id is chosen with --instance-id / PYWATS_INSTANCE_ID",
    "schema_version": "the file format version is managed by pyWATS",
}

Origin = str  # "env PYWATS_...", "cli", "file" or "default"
_Fingerprint = tuple[int, int, str]


def _nest(dotted: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in dotted.items():
        node = nested
        parts = split_key(key)
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return nested


class ConfigStore:
    """One JSON config file (per instance), written atomically with mode 0600.

    Args:
        path: The config file (``InstancePaths.config_file`` or ``--config PATH``).
        instance_id: When given, forces ``instance_id`` in everything loaded and saved.

    Example:
        >>> store = ConfigStore.for_instance(InstancePaths("line-2"))  # doctest: +SKIP
        >>> store.set("queue.max_attempts", 5)  # doctest: +SKIP
        >>> store.load().queue.max_attempts  # doctest: +SKIP
        5
    """

    def __init__(self, path: Path, *, instance_id: str | None = None) -> None:
        self._path = Path(path)
        self._instance_id = instance_id
        self._fingerprint: _Fingerprint | None = None

    @classmethod
    def for_instance(cls, paths: InstancePaths) -> ConfigStore:
        return cls(paths.config_file, instance_id=paths.instance_id)

    @property
    def path(self) -> Path:
        return self._path

    def exists(self) -> bool:
        return self._path.is_file()

    # -- reading -----------------------------------------------------------------------------

    def read_file_data(self) -> dict[str, Any]:
        """The file's settings as a dict without comments; ``{}`` when there is no file."""
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise ConfigError(f"cannot read config file {self._path}: {exc.strerror}") from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ConfigError(f"config file {self._path} is not UTF-8 text: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"config file {self._path} is not valid JSON: line {exc.lineno} "
                f"column {exc.colno}: {exc.msg}"
            ) from exc
        if not isinstance(data, dict):
            raise ConfigError(f"config file {self._path} must hold a JSON object at the top")
        stripped = strip_comments(data)
        if "api_token" in stripped.get("server", {}):
            raise ConfigError(
                f"config file {self._path}: server.api_token is not allowed in a file; use "
                "`pywats-client login` (stored encrypted) or the PYWATS_API_TOKEN variable"
            )
        if self._instance_id is not None:
            stripped["instance_id"] = self._instance_id
        return stripped

    def load_file(self) -> ClientConfig:
        """Defaults + file only (no env, no CLI): the base for edits."""
        data = self.read_file_data()
        try:
            return ClientConfig.from_data(data, use_env=False)
        except ValidationError as exc:
            raise ConfigError.from_validation(exc, where=str(self._path)) from None

    def load(self, overrides: Mapping[str, Any] | None = None) -> ClientConfig:
        """The effective config: env > ``overrides`` (CLI flags, dotted keys) > file > defaults.

        Raises:
            ConfigError: one line per bad value, naming the key, the value, what is allowed
                and where it came from.
        """
        fingerprint = self._current_fingerprint()
        file_data = self.read_file_data()
        cli = _nest(overrides or {})
        env = read_env_layer(set(ClientConfig.model_fields))
        try:
            config = ClientConfig.from_data(deep_merge(file_data, cli), use_env=True)
        except ValidationError as exc:
            raise ConfigError.from_validation(
                exc, where=str(self._path), origin_of=lambda loc: self._origin(loc, env, cli)
            ) from None
        if self._instance_id is not None and config.instance_id != self._instance_id:
            config = config.model_copy(update={"instance_id": self._instance_id})
        self._fingerprint = fingerprint
        return config

    def origins(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Origin]:
        """For ``config show``: where each explicitly set dotted key comes from."""
        result: dict[str, Origin] = dict.fromkeys(flatten(self.read_file_data()), "file")
        result.update(dict.fromkeys(flatten(_nest(overrides or {})), "cli"))
        env = read_env_layer(set(ClientConfig.model_fields))
        for path, variable in env.origins.items():
            result[".".join(path)] = f"env {variable}"
        return result

    def _origin(
        self, loc: tuple[int | str, ...], env: EnvLayer, cli: Mapping[str, Any]
    ) -> str | None:
        variable = env.origin_of(loc)
        if variable:
            return f"from env {variable}"
        node: Any = cli
        for part in loc:
            if not isinstance(node, Mapping) or str(part) not in node:
                return f"in {self._path}"
            node = node[str(part)]
        return "from the command line"

    # -- writing -----------------------------------------------------------------------------

    def save(self, config: ClientConfig) -> None:
        """Write ``config`` atomically (temp file, fsync, rename, fsync dir), mode 0600.

        Whatever ``config`` holds is written, except the in-memory ``server.api_token``; save
        what :meth:`load_file` returned (after changes), not the env-merged :meth:`load`.
        """
        if self._instance_id is not None and config.instance_id != self._instance_id:
            config = config.model_copy(update={"instance_id": self._instance_id})
        text = json.dumps(config.to_file_dict(), indent=2, ensure_ascii=False) + "\n"
        write_private_file(self._path, text.encode("utf-8"))
        self._fingerprint = self._current_fingerprint()

    def get(self, key: str, *, effective: bool = True) -> Any:
        """The JSON value at dotted ``key`` (effective config by default, else the file's)."""
        config = self.load() if effective else self.load_file()
        return get_key(config.model_dump(mode="json"), key)

    def set(self, key: str, value: Any) -> ClientConfig:
        """Validate and atomically store one value; returns the new file config.

        Raises:
            UnknownConfigKey: no such key.
            ConfigError: the value is not allowed (the message says what is) or the key is
                read-only (tokens: use ``login``).
        """
        return self._set_candidates(key, [value])

    def set_text(self, key: str, text: str) -> ClientConfig:
        """Like :meth:`set` for a value typed as text (CLI, IPC): JSON where the key needs it."""
        try:
            current = get_key(self.load_file().model_dump(mode="json"), key)
        except UnknownConfigKey:
            current = None  # maybe a new key in a free-form object; set() decides
        first = coerce_cli_value(text, current)
        return self._set_candidates(key, [first] if first == text else [first, text])

    def _set_candidates(self, key: str, candidates: list[Any]) -> ClientConfig:
        canonical = ".".join(split_key(key))
        if canonical in READ_ONLY_KEYS:
            raise ConfigError(f"{canonical} cannot be set here: {READ_ONLY_KEYS[canonical]}")
        base = self.load_file().model_dump(mode="json")
        first_error: ValidationError | None = None
        for candidate in candidates:
            data = json.loads(json.dumps(base))
            set_key(data, canonical, candidate)
            try:
                config = ClientConfig.from_data(data, use_env=False)
            except ValidationError as exc:
                first_error = first_error or exc
                continue
            self.save(config)
            return config
        assert first_error is not None
        problems = ConfigError.from_validation(first_error, where=str(self._path)).problems
        shown = "***" if is_secret_key(canonical) else json.dumps(candidates[0], default=str)
        raise ConfigError(f"cannot set {canonical} = {shown} in {self._path}", problems)

    # -- change detection --------------------------------------------------------------------

    def _current_fingerprint(self) -> _Fingerprint | None:
        try:
            st = os.stat(self._path)
            digest = hashlib.sha256(self._path.read_bytes()).hexdigest()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, digest)

    def has_changed(self) -> bool:
        """True when the file differs from what this store last loaded or saved.

        Cheap when nothing changed (one ``stat``); the content hash is compared only when
        mtime or size moved, so a mere ``touch`` is not a change. Meant to be polled (5 s).
        """
        known = self._fingerprint
        try:
            st = os.stat(self._path)
        except FileNotFoundError:
            return known is not None
        if known is not None and (st.st_mtime_ns, st.st_size) == known[:2]:
            return False
        current = self._current_fingerprint()
        if current is None or known is None:
            return current != known
        if current[2] == known[2]:
            self._fingerprint = current  # touched, same content: remember the new stat
            return False
        return True
