"""Building internal analytics requests; pure functions, no I/O (wats-api.md §2.2).

* :func:`simple_params` - the query of the id-based GET forms (MeasurementList,
  StepStatusList, TopFailed), checked before anything is sent;
* :func:`xml_params` - ``stepFilters``/``sequenceFilters`` of the POST forms;
* :func:`alarm_logs_body` and :func:`alarm_types` / :func:`of_types` - the alarm log request,
  and the type filter the client applies to the answer (the server has no type parameter);
* :func:`unit_flow_body` - a UnitFlowFilter body with one call's own keys on top;
  :func:`unit_order_text` checks a ``unitOrder`` value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from pywats.domains.analytics.filters import SortOrder, WATSFilter
from pywats.domains.analytics.internal_models import AlarmLog, AlarmLogType
from pywats.domains.analytics.unit_flow_models import UnitFlowFilter

__all__ = [
    "UNIT_ORDER_KEYS",
    "AlarmTypes",
    "UnitFlowInput",
    "alarm_logs_body",
    "alarm_types",
    "of_types",
    "simple_params",
    "unit_flow_body",
    "unit_order_text",
    "whole_number",
    "xml_params",
]

UnitFlowInput = UnitFlowFilter | Mapping[str, Any] | None
"""What the unit flow methods accept as a filter: a model, a dict of its fields, or nothing."""
AlarmTypes = AlarmLogType | int | Iterable[AlarmLogType | int] | None
"""One alarm log type, several, or ``None`` for all."""
UNIT_ORDER_KEYS = (
    "serialNumber", "partNumber", "revision", "status", "startTime", "endTime", "totalTime",
)  # fmt: skip

T = TypeVar("T")


def whole_number(name: str, value: int | None, *, minimum: int) -> int | None:
    """``value`` if it is an ``int`` of at least ``minimum`` (``None`` passes).

    Raises:
        ValueError: A bool, a non-integer or a value below ``minimum``.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def xml_params(step_filters: str | None, sequence_filters: str | None) -> dict[str, Any]:
    """The XML filter query parameters (blank text counts as absent)."""
    return {
        "stepFilters": step_filters if step_filters and step_filters.strip() else None,
        "sequenceFilters": sequence_filters
        if sequence_filters and sequence_filters.strip()
        else None,
    }


def simple_params(
    *,
    product_group_id: int | None,
    level_id: int | None,
    days: int | None,
    **extra: Any,
) -> dict[str, Any]:
    """The id-based GET query: ids >= 0, ``days`` >= 1, plus ``extra`` server keys as given.

    Raises:
        ValueError: An id or ``days`` that is not a suitable integer.
    """
    return {
        "productGroupId": whole_number("product_group_id", product_group_id, minimum=0),
        "levelId": whole_number("level_id", level_id, minimum=0),
        "days": whole_number("days", days, minimum=1),
        **extra,
    }


def alarm_logs_body(
    *,
    top_count: int | None,
    date_from: datetime | None,
    date_to: datetime | None,
    product_group: str | None,
    level: str | None,
) -> dict[str, Any]:
    """The GetAlarmAndNotificationLogs body (the filter's keys, checked by its model).

    Raises:
        ValueError: ``top_count`` below 1.
    """
    whole_number("top_count", top_count, minimum=1)
    return WATSFilter(
        top_count=top_count,
        date_from=date_from,
        date_to=date_to,
        product_group=product_group,
        level=level,
    ).to_json()


def alarm_types(value: AlarmTypes) -> frozenset[int] | None:
    """The wanted ``type`` numbers (``None``: every type).

    Raises:
        ValueError: A value that is not a known :class:`AlarmLogType`.
    """
    if value is None:
        return None
    items = [value] if isinstance(value, int) else list(value)
    if any(isinstance(item, bool) for item in items):
        raise ValueError(f"alarm_type {value!r}: use AlarmLogType values, not booleans")
    if not items:
        raise ValueError("alarm_type must name at least one AlarmLogType (or be None for all)")
    try:
        return frozenset(int(AlarmLogType(item)) for item in items)
    except ValueError:
        known = ", ".join(f"{t.value} {t.name}" for t in AlarmLogType)
        raise ValueError(f"alarm_type {value!r}: use AlarmLogType values ({known})") from None


def of_types(logs: Sequence[AlarmLog], wanted: frozenset[int] | None) -> list[AlarmLog]:
    """The logs whose ``type`` is wanted (all when ``wanted`` is ``None``)."""
    if wanted is None:
        return list(logs)
    return [log for log in logs if log.alarm_type is not None and int(log.alarm_type) in wanted]


def unit_order_text(unit_order: str) -> str:
    """A checked ``unitOrder``: a unit key, optionally ``asc``/``desc`` (``"totalTime desc"``).

    Raises:
        ValueError: Anything else.
    """
    words = unit_order.split() if isinstance(unit_order, str) else []
    keys = {key.lower(): key for key in UNIT_ORDER_KEYS}
    orders = {order.value for order in SortOrder}
    if (
        not 1 <= len(words) <= 2
        or words[0].lower() not in keys
        or (len(words) == 2 and words[1].lower() not in orders)
    ):
        raise ValueError(
            f"unit_order {unit_order!r}: write a unit key ({', '.join(UNIT_ORDER_KEYS)}) "
            "optionally followed by 'asc' or 'desc', e.g. 'totalTime desc'"
        )
    return " ".join([keys[words[0].lower()], *(word.lower() for word in words[1:])])


def unit_flow_body(value: UnitFlowInput, **overrides: Any) -> dict[str, Any]:
    """The UnitFlowFilter body with ``overrides`` (Python field names) set on top.

    Raises:
        TypeError: ``value`` is not a filter, a mapping or ``None``.
        ValueError: A field value the model rejects.
    """
    if value is None:
        model = UnitFlowFilter()
    elif isinstance(value, UnitFlowFilter):
        model = value
    elif isinstance(value, Mapping):
        model = UnitFlowFilter.model_validate(dict(value))
    else:
        raise TypeError(
            f"filter must be a UnitFlowFilter, a mapping or None, not {type(value).__name__}"
        )
    if overrides:
        data = model.model_dump(by_alias=False, exclude_none=True)
        data.update({key: item for key, item in overrides.items() if item is not None})
        model = UnitFlowFilter.model_validate(data)
    return model.to_json()
