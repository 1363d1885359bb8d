"""Building analytics requests and reading their odd answers; pure functions, no I/O.

* :func:`filter_json` - a filter (model, mapping or ``None``) as the JSON body;
* :func:`dynamic_request` - DynamicYield/DynamicRepair: ``includeCurrentPeriod: true`` is added
  when ``periodCount`` or ``dateGrouping`` is set and it is absent; ``dimensions`` also goes in
  the query, and a filter holding only ``dimensions`` is sent as the body ``{}``
  (wats-api.md §2.2, the reference client's behaviour);
* :func:`simple_or_filter` - endpoints with a GET form (VolumeYield, TopFailed, UutReport...):
  GET with query parameters when no filter is given, else POST with the filter (the simple
  arguments folded into it);
* :func:`flatten_groups` - Measurements/AggregatedMeasurements answer either rows, or groups
  each holding ``measurements: [...]``; both become one list of rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pywats.domains.analytics.filters import WATSFilter, measurement_path

__all__ = [
    "AnalyticsRequest",
    "FilterInput",
    "as_filter",
    "dynamic_request",
    "filter_json",
    "flatten_groups",
    "measurement_paths_text",
    "simple_or_filter",
]

FilterInput = WATSFilter | Mapping[str, Any] | None
"""What the service methods accept as a filter: a model, a dict of fields, or nothing."""


def as_filter(value: FilterInput) -> WATSFilter:
    """A :class:`WATSFilter` from a model (returned as is), a mapping or ``None`` (empty)."""
    if value is None:
        return WATSFilter()
    if isinstance(value, WATSFilter):
        return value
    if isinstance(value, Mapping):
        return WATSFilter.model_validate(dict(value))
    raise TypeError(f"filter must be a WATSFilter, a mapping or None, not {type(value).__name__}")


def filter_json(value: FilterInput) -> dict[str, Any]:
    """The filter as its JSON body (server keys, unset fields left out)."""
    return as_filter(value).to_json()


@dataclass(frozen=True)
class AnalyticsRequest:
    """HTTP method, query parameters and JSON body of one analytics call."""

    method: str
    params: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None


def dynamic_request(value: FilterInput) -> AnalyticsRequest:
    """The POST of DynamicYield / DynamicRepair (defaulting rule in the module docstring)."""
    body = filter_json(value)
    grouped = "periodCount" in body or "dateGrouping" in body
    if grouped and "includeCurrentPeriod" not in body:
        body["includeCurrentPeriod"] = True
    dimensions = body.get("dimensions")
    if set(body) == {"dimensions"}:
        body = {}
    return AnalyticsRequest("POST", {"dimensions": dimensions}, body)


def simple_or_filter(value: FilterInput, simple: Mapping[str, Any]) -> AnalyticsRequest:
    """GET with ``simple`` (server keys) as query when there is no filter, else POST.

    For the POST, the simple values that are not ``None`` override the filter's own.
    """
    # Validated and serialised by the model: a bad value fails before any HTTP call, and enums
    # become their wire values.
    given = WATSFilter.model_validate({k: v for k, v in simple.items() if v is not None})
    if value is None:
        return AnalyticsRequest("GET", given.to_json())
    body = filter_json(value)
    body.update(given.to_json())
    return AnalyticsRequest("POST", {}, body)


def measurement_paths_text(value: str | Sequence[str] | None) -> str | None:
    """The ``measurementPaths`` value: each path converted, several joined with ``;``."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    return ";".join(measurement_path(item) for item in items) or None


def flatten_groups(body: Any) -> Any:
    """Rows from either shape: a list of rows, or groups each with a ``measurements`` list.

    A group's other keys (e.g. ``partNumber``) fill the keys its rows lack.
    """
    if not isinstance(body, list):
        return body
    rows: list[Any] = []
    for item in body:
        inner = item.get("measurements") if isinstance(item, dict) else None
        if isinstance(inner, list):
            group = {k: v for k, v in item.items() if k != "measurements"}
            rows.extend({**group, **row} if isinstance(row, dict) else row for row in inner)
        else:
            rows.append(item)
    return rows
