"""Deterministic report ids and provenance: the same source always yields the same reports.

A report's id is ``uuid5(NAMESPACE_PYWATS, "<converter>|<version>|<sha256>|<index>")`` for the
``index``-th report a converter made from a source whose content hashes to ``sha256``. So a
file converted twice (dropped again, moved back, or re-converted after a crash) produces the
same ids, the queue's idempotent enqueue ignores the second copy, and a re-upload overwrites
the same report on the server instead of adding a duplicate.

``converter`` is the *configured* converter name (``ConverterConfig.name``): two watch folders
using the same class with different arguments produce different ids. Bumping a converter's
``version`` deliberately changes the ids (its output may differ).

Provenance goes into three misc infos of UUT reports (``pyWATS source``, ``pyWATS source
sha256``, ``pyWATS converter``), appended after the converter's own. UUR reports get none:
WATS only accepts configured misc-info descriptions on repair reports (wats-api.md §3.1).

Example:
    >>> data = {"type": "T", "miscInfos": [{"description": "Firmware", "text": "1.2"}]}
    >>> data = apply_identity(data, converter_name="csv", converter_version="1.0",
    ...                       sha256="ab" * 32, index=0, source_name="run1.csv")
    >>> [info["description"] for info in data["miscInfos"]]
    ['Firmware', 'pyWATS source', 'pyWATS source sha256', 'pyWATS converter']
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

__all__ = [
    "MAX_MISC_TEXT",
    "MISC_CONVERTER",
    "MISC_SOURCE",
    "MISC_SOURCE_SHA256",
    "NAMESPACE_PYWATS",
    "PROVENANCE_DESCRIPTIONS",
    "apply_identity",
    "clip_text",
    "report_content_sha256",
    "report_id_for",
]

NAMESPACE_PYWATS = uuid.UUID("4c1b4a52-2f69-5d3e-9a51-7f0e8b3c6d21")
"""Namespace of pyWATS report ids. Never change it: every id ever issued depends on it."""

MISC_SOURCE = "pyWATS source"
MISC_SOURCE_SHA256 = "pyWATS source sha256"
MISC_CONVERTER = "pyWATS converter"
PROVENANCE_DESCRIPTIONS = (MISC_SOURCE, MISC_SOURCE_SHA256, MISC_CONVERTER)
MAX_MISC_TEXT = 100  # WSJF misc info text limit (wats-api.md §3.1)
_ELLIPSIS = "…"


def report_id_for(converter_name: str, converter_version: str, sha256: str, index: int) -> str:
    """The id of the ``index``-th report made by a converter from content ``sha256``.

    Example:
        >>> report_id_for("csv", "1.0", "0" * 64, 0) == report_id_for("csv", "1.0", "0" * 64, 0)
        True
    """
    if index < 0:
        raise ValueError(f"report index must be >= 0, got {index}")
    key = f"{converter_name}|{converter_version}|{sha256}|{index}"
    return str(uuid.uuid5(NAMESPACE_PYWATS, key))


def clip_text(text: str, limit: int = MAX_MISC_TEXT) -> str:
    """``text`` cut to ``limit`` characters, keeping its start and end (``abc…xyz``).

    The end of a file name (extension, run number) is as telling as its start.
    """
    if len(text) <= limit:
        return text
    if limit <= len(_ELLIPSIS):
        return text[:limit]
    head = (limit - len(_ELLIPSIS)) // 2 + (limit - len(_ELLIPSIS)) % 2
    tail = limit - len(_ELLIPSIS) - head
    return text[:head] + _ELLIPSIS + (text[-tail:] if tail else "")


def report_content_sha256(data: Mapping[str, Any]) -> str:
    """Hash of a report's content without its id (for sources that are not files, e.g. a
    scheduled converter's database poll): the same report returned twice gets the same id."""
    content = {key: value for key, value in data.items() if key != "id"}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_uur(data: Mapping[str, Any]) -> bool:
    return data.get("type") == "R" or bool(data.get("uur"))


def apply_identity(
    data: dict[str, Any],
    *,
    converter_name: str,
    converter_version: str,
    sha256: str,
    index: int,
    source_name: str,
    converter_label: str | None = None,
) -> dict[str, Any]:
    """Set the deterministic id and add provenance misc infos; returns ``data`` (changed).

    The converter's own misc infos are kept in order; only entries with the reserved
    ``pyWATS ...`` descriptions are replaced (a converter cannot fake provenance).

    Args:
        data: The WSJF report as a dict (modified in place).
        converter_name: The configured converter name (part of the id).
        converter_version: The converter class's version (part of the id).
        sha256: Hex hash of the source content.
        index: Position of this report among the source's reports.
        source_name: The source's file name (or a description of a scheduled run).
        converter_label: Shown in ``pyWATS converter``; default ``converter_name``.
    """
    data["id"] = report_id_for(converter_name, converter_version, sha256, index)
    if _is_uur(data):
        return data
    existing = data.get("miscInfos")
    own = [
        info
        for info in (existing if isinstance(existing, list) else [])
        if not (isinstance(info, dict) and info.get("description") in PROVENANCE_DESCRIPTIONS)
    ]
    label = f"{converter_label or converter_name} {converter_version}"
    own.extend(
        {"description": description, "text": clip_text(text)}
        for description, text in (
            (MISC_SOURCE, source_name),
            (MISC_SOURCE_SHA256, sha256),
            (MISC_CONVERTER, label),
        )
    )
    data["miscInfos"] = own
    return data
