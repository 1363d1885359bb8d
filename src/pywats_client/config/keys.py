"""Dotted keys (``queue.max_attempts``, ``converters.0.enabled``) over a dumped config.

Used by ``pywats-client config get/set/show`` and the IPC ``set_config`` command. Keys address
the JSON form of the config; list items are addressed by index. Only existing keys can be set,
except inside a converter's free-form ``arguments`` object.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from typing import Any

from pywats_client.config.errors import UnknownConfigKey

__all__ = ["coerce_cli_value", "flatten", "get_key", "set_key", "split_key"]

_FREE_FORM_PARENTS = {"arguments"}


def split_key(key: str) -> tuple[str, ...]:
    """``"queue.max_attempts"`` -> ``("queue", "max_attempts")``; refuses empty segments."""
    parts = tuple(key.strip().split("."))
    if not key.strip() or not all(parts):
        raise UnknownConfigKey(
            f"invalid config key {key!r}: use dotted names like queue.max_attempts"
        )
    return parts


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values by dotted key (empty lists/objects are leaves too)."""
    if isinstance(data, Mapping) and data:
        items: list[tuple[str, Any]] = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, list) and data:
        items = [(str(i), v) for i, v in enumerate(data)]
    else:
        return {prefix.rstrip("."): data} if prefix else {}
    out: dict[str, Any] = {}
    for name, value in items:
        out.update(flatten(value, f"{prefix}{name}."))
    return out


def _unknown(key: str, data: Any) -> UnknownConfigKey:
    candidates = list(dict.fromkeys([*flatten(data), *_containers(data)]))
    close = difflib.get_close_matches(key, candidates, n=3, cutoff=0.6)
    hint = f" — did you mean {', '.join(close)}?" if close else ""
    return UnknownConfigKey(f"unknown config key {key!r}{hint}")


def _containers(data: Any, prefix: str = "") -> list[str]:
    names: list[str] = []
    if isinstance(data, Mapping):
        for k, v in data.items():
            if isinstance(v, (Mapping, list)):
                names.append(f"{prefix}{k}")
                names.extend(_containers(v, f"{prefix}{k}."))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            names.append(f"{prefix}{i}")
            names.extend(_containers(v, f"{prefix}{i}."))
    return names


def _step(node: Any, part: str) -> tuple[bool, Any]:
    if isinstance(node, Mapping):
        return (part in node, node.get(part))
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return (True, node[int(part)])
    return (False, None)


def get_key(data: Mapping[str, Any], key: str) -> Any:
    """The value at ``key`` in a dumped config (a scalar, list or dict).

    Raises:
        UnknownConfigKey: no such key; the message suggests close matches.
    """
    node: Any = data
    for part in split_key(key):
        found, node = _step(node, part)
        if not found:
            raise _unknown(key, data)
    return node


def set_key(data: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` in a dumped config in place (validation is the caller's next step)."""
    parts = split_key(key)
    node: Any = data
    for part in parts[:-1]:
        found, node = _step(node, part)
        if not found:
            raise _unknown(key, data)
    last = parts[-1]
    if isinstance(node, dict):
        if last not in node and (len(parts) < 2 or parts[-2] not in _FREE_FORM_PARENTS):
            raise _unknown(key, data)
        node[last] = value
    elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = value
    else:
        raise _unknown(key, data)


def coerce_cli_value(raw: str, current: Any) -> Any:
    """Turn a command-line string into the JSON value meant for a key holding ``current``.

    ``null`` clears a value; numbers, booleans, lists and objects are read as JSON; for keys
    that hold text the string is taken as typed (so ``station.name 123`` stays ``"123"``).
    """
    try:
        parsed = json.loads(raw)
    except ValueError:
        return raw
    if parsed is None:
        return None
    if isinstance(current, str):
        return raw
    return parsed
