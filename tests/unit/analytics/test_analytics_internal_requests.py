"""Client side of the internal analytics endpoints: request building and answer parsing."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pywats.domains.analytics import (
    AlarmLog,
    AlarmLogType,
    UnitFlowFilter,
    UnitFlowResult,
    UnitFlowSplitBy,
)
from pywats.domains.analytics.internal_requests import (
    alarm_logs_body,
    alarm_types,
    of_types,
    simple_params,
    unit_flow_body,
    unit_order_text,
    xml_params,
)


def test_simple_params_check_ids_and_days() -> None:
    assert simple_params(product_group_id=2, level_id=0, days=7, count=5) == {
        "productGroupId": 2,
        "levelId": 0,
        "days": 7,
        "count": 5,
    }
    assert simple_params(product_group_id=None, level_id=None, days=None)["days"] is None
    for bad in ({"days": 0}, {"days": True}, {"product_group_id": -1}, {"level_id": "1"}):
        arguments = {"product_group_id": None, "level_id": None, "days": None, **bad}
        with pytest.raises(ValueError, match="must be an integer >="):
            simple_params(**arguments)  # type: ignore[arg-type]


def test_xml_params_leave_out_blank_text() -> None:
    assert xml_params(" ", None) == {"stepFilters": None, "sequenceFilters": None}
    assert xml_params("<F/>", "<S/>") == {"stepFilters": "<F/>", "sequenceFilters": "<S/>"}


def test_alarm_logs_body_uses_the_filter_keys() -> None:
    body = alarm_logs_body(
        top_count=5,
        date_from=datetime(2026, 3, 1, tzinfo=timezone.utc),
        date_to=None,
        product_group="Control Boards",
        level=None,
    )
    assert body == {
        "topCount": 5,
        "dateFrom": "2026-03-01T00:00:00Z",
        "productGroup": "Control Boards",
    }
    assert (
        alarm_logs_body(
            top_count=None, date_from=None, date_to=None, product_group=None, level=None
        )
        == {}
    )
    with pytest.raises(ValueError, match="top_count must be an integer >= 1"):
        alarm_logs_body(top_count=0, date_from=None, date_to=None, product_group=None, level=None)


def test_alarm_type_filter_is_applied_on_the_client() -> None:
    logs = [
        AlarmLog.model_validate({"logId": 1, "type": 1}),
        AlarmLog.model_validate({"logId": 2, "type": 5, "assetname": "Probe", "assetstate": 1}),
        AlarmLog.model_validate({"logId": 3, "type": 9, "future": True}),
        AlarmLog.model_validate({"logId": 4}),
    ]
    assert logs[1].alarm_type is AlarmLogType.ASSET
    assert (logs[1].asset_name, logs[1].asset_state) == ("Probe", 1)
    assert logs[2].alarm_type == 9 and logs[2].model_extra == {"future": True}
    assert [log.log_id for log in of_types(logs, alarm_types(None))] == [1, 2, 3, 4]
    assert [log.log_id for log in of_types(logs, alarm_types(AlarmLogType.ASSET))] == [2]
    assert [log.log_id for log in of_types(logs, alarm_types([1, AlarmLogType.ASSET]))] == [1, 2]
    with pytest.raises(ValueError, match="use AlarmLogType values"):
        alarm_types(7)
    with pytest.raises(ValueError, match="at least one"):
        alarm_types([])
    with pytest.raises(ValueError, match="not booleans"):
        alarm_types(True)


def test_unit_order_text() -> None:
    assert unit_order_text("totaltime DESC") == "totalTime desc"
    assert unit_order_text("serialNumber") == "serialNumber"
    for bad in ("", "speed", "totalTime sideways", "a b c"):
        with pytest.raises(ValueError, match="unit key"):
            unit_order_text(bad)


def test_unit_flow_body_puts_the_call_keys_on_top_of_the_filter() -> None:
    base = UnitFlowFilter(part_number="PCB-1", show_list="50", process_codes=10)
    assert base.show_list == ["50"] and base.process_codes == [10]
    body = unit_flow_body(base, split_by=UnitFlowSplitBy.STATION, hide_list=None)
    assert body == {
        "partNumber": "PCB-1",
        "processCodes": [10],
        "showList": ["50"],
        "splitBy": "stationName",
    }
    assert unit_flow_body({"partNumber": "X", "expandOperations": [50]}) == {
        "partNumber": "X",
        "expandOperations": ["50"],
    }
    assert unit_flow_body(None) == {}
    with pytest.raises(TypeError, match="UnitFlowFilter, a mapping or None"):
        unit_flow_body("PCB-1")  # type: ignore[arg-type]


def test_unit_flow_result_lookups_keep_unknown_keys() -> None:
    result = UnitFlowResult.model_validate(
        {
            "nodes": [{"id": 50, "name": "PCBA test", "avgTime": 60, "colour": "red"}],
            "links": [{"id": "x", "sourceId": "10", "targetId": 50, "unitCount": 3}],
            "units": [{"serialNumber": "U1", "nodePath": ["10", 50], "totalTime": 6.5}],
            "totalUnits": 1,
        }
    )
    node = result.node("50")
    assert (node.avg_time_s, node.model_extra) == (60, {"colour": "red"})
    assert result.link(10, "50").unit_count == 3
    assert result.units[0].node_path == ["10", 50]
    assert result.units[0].total_time_s == 6.5
    with pytest.raises(KeyError, match="no node"):
        result.node("999")
    with pytest.raises(KeyError, match="no link"):
        result.link("50", "10")
