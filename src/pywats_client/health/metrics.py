"""Render a :class:`HealthSnapshot` in the Prometheus text exposition format 0.0.4.

A pure function, so the format is unit tested without HTTP. Label names avoid ``instance`` and
``job``, which Prometheus sets itself on scrape.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pywats_client.health.snapshot import QUEUE_STATES, SERVICE_STATES, HealthSnapshot

__all__ = ["CONTENT_TYPE", "render_metrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_PREFIX = "pywats_"


@dataclass(frozen=True)
class _Family:
    name: str
    kind: str  # "gauge" | "counter"
    help: str
    samples: tuple[tuple[Mapping[str, str], float], ...]


def render_metrics(snapshot: HealthSnapshot) -> str:
    """The ``/metrics`` body for ``snapshot``.

    Example:
        >>> snap = HealthSnapshot("RUNNING", True, 1.0, "1.2.3", "station-1")
        >>> "pywats_up 1" in render_metrics(snap)
        True
    """
    return "".join(_render_family(family) for family in _families(snapshot))


def _families(snap: HealthSnapshot) -> Iterable[_Family]:
    yield _gauge("up", "1 while the station service answers.", [({}, 1)])
    yield _gauge(
        "info",
        "Build and instance of the station service (always 1).",
        [({"version": snap.version, "instance_id": snap.instance_id}, 1)],
    )
    yield _gauge("start_time_seconds", "Service start, unix time.", [({}, snap.started_at)])
    states = list(SERVICE_STATES)
    if snap.state not in states:
        states.append(snap.state)
    yield _gauge(
        "service_state",
        "1 for the current service state, 0 for the others.",
        [({"state": state}, 1 if state == snap.state else 0) for state in states],
    )
    yield _gauge(
        "server_online",
        "1 when the WATS server answered the last ping.",
        [({}, snap.server_online)],
    )
    depth = {state: 0 for state in QUEUE_STATES}
    depth.update(snap.queue_depth)
    yield _gauge(
        "queue_depth",
        "Reports in the local queue per state.",
        [({"state": state}, count) for state, count in depth.items()],
    )
    yield _gauge(
        "queue_oldest_pending_age_seconds",
        "Age of the oldest pending report (0 when none is pending).",
        [({}, snap.oldest_pending_age_s or 0.0)],
    )
    yield _counter(
        "uploads_total",
        "Report uploads since start, by result.",
        [({"result": "ok"}, snap.uploads_ok), ({"result": "failed"}, snap.uploads_failed)],
    )
    yield _counter(
        "conversions_total",
        "File conversions since start, by result.",
        [({"result": "ok"}, snap.conversions_ok), ({"result": "failed"}, snap.conversions_failed)],
    )
    last = snap.last_successful_upload_at
    yield _gauge(
        "last_successful_upload_timestamp_seconds",
        "Unix time of the last delivered report (absent until one is delivered).",
        [] if last is None else [({}, last)],
    )


def _gauge(name: str, help_text: str, samples: list[tuple[Mapping[str, str], float]]) -> _Family:
    return _Family(_PREFIX + name, "gauge", help_text, tuple(samples))


def _counter(name: str, help_text: str, samples: list[tuple[Mapping[str, str], float]]) -> _Family:
    return _Family(_PREFIX + name, "counter", help_text, tuple(samples))


def _render_family(family: _Family) -> str:
    lines = [
        f"# HELP {family.name} {_escape_help(family.help)}",
        f"# TYPE {family.name} {family.kind}",
    ]
    for labels, value in family.samples:
        lines.append(f"{family.name}{_render_labels(labels)} {_format_value(value)}")
    return "\n".join(lines) + "\n"


def _render_labels(labels: Mapping[str, str]) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{key}="{_escape_label(value)}"' for key, value in labels.items())
    return "{" + inner + "}"


def _format_value(value: float) -> str:
    number = float(value)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "+Inf" if number > 0 else "-Inf"
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(number)


def _escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
