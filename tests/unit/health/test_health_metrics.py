"""``render_metrics``: content, and validity under a strict Prometheus 0.0.4 text parser."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest

from pywats_client.health import SERVICE_STATES, HealthSnapshot, render_metrics

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
_LABEL_VALUE = r'"(?:[^"\\\n]|\\[\\"n])*"'
_SAMPLE = re.compile(
    rf"^(?P<name>{_NAME})(?:\{{(?P<labels>(?:{_LABEL}={_LABEL_VALUE})(?:,{_LABEL}={_LABEL_VALUE})*)?\}})?"
    r" (?P<value>\S+)(?: (?P<ts>-?\d+))?$"
)
_LABEL_PAIR = re.compile(rf"({_LABEL})=({_LABEL_VALUE})")
_TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}

Series = tuple[str, frozenset[tuple[str, str]]]


def parse_value(text: str) -> float:
    if text in ("NaN", "+Inf", "-Inf"):
        return float(text.replace("Inf", "inf").replace("NaN", "nan"))
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        raise AssertionError(f"bad sample value {text!r}")
    return float(text)


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value[1:-1])


def parse_exposition(text: str) -> tuple[dict[str, str], dict[str, str], dict[Series, float]]:
    """Strictly parse text format 0.0.4: (types, helps, samples). Fails on any deviation."""
    assert text.endswith("\n"), "exposition must end with a newline"
    types: dict[str, str] = {}
    helps: dict[str, str] = {}
    samples: dict[Series, float] = {}
    finished: set[str] = set()
    current: str | None = None
    for number, line in enumerate(text[:-1].split("\n"), start=1):
        assert line, f"line {number}: empty line"
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                name = parts[2]
                assert re.fullmatch(_NAME, name), f"line {number}: bad name {name!r}"
                assert name not in finished, f"line {number}: {name} metadata after its samples"
                if parts[1] == "TYPE":
                    assert name not in types, f"line {number}: second TYPE for {name}"
                    assert len(parts) == 4, f"line {number}: TYPE without a type"
                    assert parts[3] in _TYPES, f"line {number}: unknown type {parts[3]!r}"
                    assert not any(key[0] == name for key in samples), f"line {number}: late TYPE"
                    types[name] = parts[3]
                else:
                    assert name not in helps, f"line {number}: second HELP for {name}"
                    helps[name] = parts[3] if len(parts) == 4 else ""
                if current is not None and current != name:
                    finished.add(current)
                current = name
            continue
        match = _SAMPLE.match(line)
        assert match, f"line {number}: not a sample: {line!r}"
        name = match.group("name")
        assert name not in finished, f"line {number}: samples of {name} are not contiguous"
        if current is not None and current != name:
            finished.add(current)
        current = name
        labels = frozenset(
            (key, unescape(value))
            for key, value in _LABEL_PAIR.findall(match.group("labels") or "")
        )
        key = (name, labels)
        assert key not in samples, f"line {number}: duplicate series {key}"
        samples[key] = parse_value(match.group("value"))
    return types, helps, samples


def sample(samples: dict[Series, float], name: str, **labels: str) -> float:
    return samples[(name, frozenset(labels.items()))]


SNAPSHOT = HealthSnapshot(
    state="RUNNING",
    server_online=True,
    started_at=1_700_000_000.5,
    version="1.2.3",
    instance_id="line-3",
    queue_depth={"pending": 4, "processing": 1, "failed": 2},
    oldest_pending_age_s=12.25,
    uploads_ok=100,
    uploads_failed=3,
    conversions_ok=40,
    conversions_failed=5,
    last_successful_upload_at=1_700_000_100.0,
)


def test_metrics_parse_strictly_and_carry_every_figure() -> None:
    types, helps, samples = parse_exposition(render_metrics(SNAPSHOT))
    assert all(name.startswith("pywats_") for name, _ in samples)
    assert set(types) == set(helps)
    assert types["pywats_uploads_total"] == "counter"
    assert types["pywats_conversions_total"] == "counter"
    assert types["pywats_queue_depth"] == "gauge"
    assert sample(samples, "pywats_up") == 1
    assert sample(samples, "pywats_server_online") == 1
    assert sample(samples, "pywats_queue_depth", state="pending") == 4
    assert sample(samples, "pywats_queue_depth", state="processing") == 1
    assert sample(samples, "pywats_queue_depth", state="completed") == 0
    assert sample(samples, "pywats_queue_depth", state="failed") == 2
    assert sample(samples, "pywats_queue_oldest_pending_age_seconds") == 12.25
    assert sample(samples, "pywats_uploads_total", result="ok") == 100
    assert sample(samples, "pywats_uploads_total", result="failed") == 3
    assert sample(samples, "pywats_conversions_total", result="ok") == 40
    assert sample(samples, "pywats_conversions_total", result="failed") == 5
    assert sample(samples, "pywats_last_successful_upload_timestamp_seconds") == 1_700_000_100
    assert sample(samples, "pywats_start_time_seconds") == 1_700_000_000.5
    assert sample(samples, "pywats_info", version="1.2.3", instance_id="line-3") == 1


def test_service_state_is_one_hot_over_all_states() -> None:
    _, _, samples = parse_exposition(render_metrics(replace(SNAPSHOT, state="PAUSED")))
    values = {
        state: sample(samples, "pywats_service_state", state=state) for state in SERVICE_STATES
    }
    assert values == {state: (1 if state == "PAUSED" else 0) for state in SERVICE_STATES}


def test_an_unknown_state_is_still_exported() -> None:
    _, _, samples = parse_exposition(render_metrics(replace(SNAPSHOT, state="DEGRADED")))
    assert sample(samples, "pywats_service_state", state="DEGRADED") == 1
    assert sample(samples, "pywats_service_state", state="RUNNING") == 0


def test_empty_service_has_no_last_upload_sample_and_zero_age() -> None:
    empty = HealthSnapshot("START_PENDING", False, 1.0, "1.0", "default")
    types, _, samples = parse_exposition(render_metrics(empty))
    assert "pywats_last_successful_upload_timestamp_seconds" in types
    assert not any(n == "pywats_last_successful_upload_timestamp_seconds" for n, _ in samples)
    assert sample(samples, "pywats_queue_oldest_pending_age_seconds") == 0
    assert sample(samples, "pywats_server_online") == 0
    assert sample(samples, "pywats_queue_depth", state="pending") == 0


def test_label_values_are_escaped() -> None:
    odd = replace(SNAPSHOT, version='1.0 "beta"\\x', instance_id="line\n2")
    _, _, samples = parse_exposition(render_metrics(odd))
    assert sample(samples, "pywats_info", version='1.0 "beta"\\x', instance_id="line\n2") == 1


@pytest.mark.parametrize(
    ("age", "expected"), [(float("nan"), "NaN"), (float("inf"), "+Inf"), (0.5, "0.5"), (3.0, "3")]
)
def test_value_formatting(age: float, expected: str) -> None:
    text = render_metrics(replace(SNAPSHOT, oldest_pending_age_s=age))
    assert f"pywats_queue_oldest_pending_age_seconds {expected}\n" in text
    _, _, samples = parse_exposition(text)
    value = sample(samples, "pywats_queue_oldest_pending_age_seconds")
    assert (math.isnan(value) and math.isnan(age)) or value == age


def test_the_strict_parser_rejects_broken_expositions() -> None:
    broken = [
        "pywats_up 1",  # no trailing newline
        "pywats_up one\n",
        '# TYPE pywats_x gauge\npywats_x{state="a} 1\n',
        "# TYPE pywats_x gauge\n# TYPE pywats_x gauge\npywats_x 1\n",
        "pywats_a 1\npywats_b 1\npywats_a 2\n",
        "pywats_a 1\npywats_a 1\n",
        "# TYPE pywats_a flavour\npywats_a 1\n",
    ]
    for text in broken:
        with pytest.raises(AssertionError):
            parse_exposition(text)
