"""Server reference data (processes, levels, product groups), kept in a local cache file.

Converters need process codes and names even while the server is down, so the station service
syncs them every ``sync_interval_s`` (5 min) from ``GET /api/App/Processes``, ``/Levels`` and
``/ProductGroups`` and writes them atomically (owner-only) to
``<cache_dir>/reference_data.json``; at start the cache is loaded before anything is fetched::

    {"format": "pywats-reference-data", "version": 1, "server_url": "https://...",
     "synced_at": 1764000000.0, "processes": [...], "levels": [...], "product_groups": [...]}

Rows are stored exactly as the server sent them (its JSON keys, unknown ones included). A cache
written for another server URL, of a newer format, or damaged, is ignored with a log line:
stale reference data from the wrong server is worse than none.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from pywats import AsyncWATS
from pywats.domains.analytics.models import AppModel, Level, ProcessInfo, ProductGroup
from pywats_client.paths import write_private_file

__all__ = [
    "REFERENCE_DATA_FILE",
    "REFERENCE_DATA_FORMAT",
    "REFERENCE_DATA_VERSION",
    "ReferenceData",
    "ReferenceDataCache",
    "fetch_reference_data",
]

logger = logging.getLogger(__name__)

REFERENCE_DATA_FILE = "reference_data.json"
REFERENCE_DATA_FORMAT = "pywats-reference-data"
REFERENCE_DATA_VERSION = 1
_M = TypeVar("_M", bound=AppModel)


@dataclass(frozen=True)
class ReferenceData:
    """One snapshot of the server's reference data (empty until the first sync)."""

    server_url: str = ""
    synced_at: float | None = None  # epoch seconds of the fetch
    processes: tuple[ProcessInfo, ...] = ()
    levels: tuple[Level, ...] = ()
    product_groups: tuple[ProductGroup, ...] = ()

    @property
    def process_names(self) -> Mapping[int, str]:
        """Process code → name (what converters look up), e.g. ``{100: "End of line"}``."""
        return {p.code: p.name or "" for p in self.processes if p.code is not None}

    def summary(self) -> dict[str, Any]:
        """Counts and sync time, for ``get_status``."""
        return {
            "synced_at": self.synced_at,
            "processes": len(self.processes),
            "levels": len(self.levels),
            "product_groups": len(self.product_groups),
        }

    def to_json(self) -> dict[str, Any]:
        """The cache file's content (rows with the server's own keys)."""
        return {
            "format": REFERENCE_DATA_FORMAT,
            "version": REFERENCE_DATA_VERSION,
            "server_url": self.server_url,
            "synced_at": self.synced_at,
            "processes": _dump(self.processes),
            "levels": _dump(self.levels),
            "product_groups": _dump(self.product_groups),
        }

    @classmethod
    def from_json(cls, data: Any) -> ReferenceData:
        """Parse :meth:`to_json` output.

        Raises:
            ValueError: not a reference-data document of a version this code reads.
        """
        if not isinstance(data, dict) or data.get("format") != REFERENCE_DATA_FORMAT:
            raise ValueError(f"not a {REFERENCE_DATA_FORMAT} document")
        version = data.get("version")
        if not isinstance(version, int) or version > REFERENCE_DATA_VERSION:
            raise ValueError(f"version {version!r} is not supported")
        synced_at = data.get("synced_at")
        return cls(
            server_url=str(data.get("server_url") or ""),
            synced_at=float(synced_at) if isinstance(synced_at, (int, float)) else None,
            processes=_load(data.get("processes"), ProcessInfo),
            levels=_load(data.get("levels"), Level),
            product_groups=_load(data.get("product_groups"), ProductGroup),
        )


def _dump(rows: tuple[AppModel, ...]) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json", by_alias=True, exclude_none=True) for row in rows]


def _load(rows: Any, model: type[_M]) -> tuple[_M, ...]:
    if not isinstance(rows, list):
        raise ValueError(f"{model.__name__} rows must be a list")
    try:
        return tuple(model.model_validate(row) for row in rows)
    except ValidationError as exc:
        raise ValueError(f"bad {model.__name__} row: {exc.errors()[0]['msg']}") from None


async def fetch_reference_data(
    client: AsyncWATS, *, server_url: str, synced_at: float
) -> ReferenceData:
    """Fetch processes, levels and product groups (three GETs) into one snapshot.

    ``server_url`` is recorded as the configured URL, so the cache is matched on what the
    configuration says.

    Raises:
        PyWATSError: any of the three requests failed (nothing partial is returned).
    """
    processes = await client.analytics.get_processes()
    levels = await client.analytics.get_levels()
    groups = await client.analytics.get_product_groups()
    return ReferenceData(
        server_url=server_url,
        synced_at=synced_at,
        processes=tuple(processes),
        levels=tuple(levels),
        product_groups=tuple(groups),
    )


class ReferenceDataCache:
    """The cache file of one instance (``InstancePaths.cache_dir / REFERENCE_DATA_FILE``).

    Example:
        >>> cache = ReferenceDataCache(paths.cache_dir / REFERENCE_DATA_FILE)  # doctest: +SKIP
        >>> cache.load("https://wats.example.com").process_names  # doctest: +SKIP
        {100: 'End of line', ...}
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self, server_url: str) -> ReferenceData:
        """The cached snapshot for ``server_url``, or an empty one (missing, damaged, other
        server); never raises for a bad file."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ReferenceData(server_url=server_url)
        except OSError as exc:
            logger.warning("reference data cache %s unreadable: %s", self.path, exc.strerror)
            return ReferenceData(server_url=server_url)
        try:
            data = ReferenceData.from_json(json.loads(raw.decode("utf-8")))
        except (ValueError, UnicodeDecodeError) as exc:
            logger.warning("reference data cache %s ignored: %s", self.path, exc)
            return ReferenceData(server_url=server_url)
        if data.server_url != server_url:
            logger.info(
                "reference data cache %s is for %s, not %s: ignored",
                self.path,
                data.server_url,
                server_url,
            )
            return ReferenceData(server_url=server_url)
        return data

    def save(self, data: ReferenceData) -> None:
        """Write ``data`` atomically (temp file, fsync, rename), mode 0600."""
        text = json.dumps(data.to_json(), ensure_ascii=False, indent=1) + "\n"
        write_private_file(self.path, text.encode("utf-8"))
