"""Station identity and the hub-mode registry."""

from __future__ import annotations

import socket

import pytest

from pywats.core.station import Station, StationRegistry, resolve_station


def test_from_environment_prefers_pywats_station() -> None:
    station = Station.from_environment(environ={"PYWATS_STATION": "ICT-07"}, location="Oslo")
    assert station == Station("ICT-07", "Oslo", "Production")


def test_from_environment_falls_back_to_upper_cased_hostname() -> None:
    station = Station.from_environment(environ={})
    assert station.name == socket.gethostname().upper()[:100]
    assert station.purpose == "Production"


def test_report_fields_are_the_three_wsjf_identity_keys() -> None:
    assert Station("FCT-1", "", "Debug").report_fields() == {
        "machineName": "FCT-1",
        "location": "",
        "purpose": "Debug",
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": " "},
        {"name": "x" * 101},
        {"name": "ok", "location": "l" * 101},
        {"name": "ok", "purpose": "p" * 101},
    ],
)
def test_invalid_stations_are_rejected(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="station"):
        Station(**kwargs)


def test_registry_first_added_is_active_and_activate_switches() -> None:
    hub = StationRegistry([Station("ICT-01"), Station("FCT-02", "Line 2")])
    assert hub.active.name == "ICT-01"
    assert hub.activate("FCT-02").location == "Line 2"
    assert resolve_station(hub).name == "FCT-02"
    assert hub.names == ["ICT-01", "FCT-02"]
    assert len(hub) == 2
    assert "FCT-02" in hub
    assert [s.name for s in hub] == ["ICT-01", "FCT-02"]


def test_registry_add_with_activate_and_replace() -> None:
    hub = StationRegistry()
    hub.add(Station("A"))
    hub.add(Station("B"), activate=True)
    hub.add(Station("A", "new place"))
    assert hub.active.name == "B"
    assert hub.get("A").location == "new place"


def test_registry_remove_active_moves_to_the_next() -> None:
    hub = StationRegistry([Station("A"), Station("B")], active="A")
    hub.remove("A")
    assert hub.active.name == "B"
    hub.remove("B")
    with pytest.raises(LookupError, match="empty"):
        _ = hub.active


def test_registry_unknown_names() -> None:
    hub = StationRegistry([Station("A")])
    for call in (hub.get, hub.activate, hub.remove):
        with pytest.raises(KeyError, match="no station named 'Z'"):
            call("Z")


def test_resolve_station_passes_a_plain_station_through() -> None:
    station = Station("S")
    assert resolve_station(station) is station


def test_missing_fields_fills_absent_null_and_empty_but_keeps_given_values() -> None:
    station = Station("ICT-01", "Line 1", "Production")
    assert station.missing_fields({}) == station.report_fields()
    current = {"machineName": "OTHER", "location": "", "purpose": None}
    assert station.missing_fields(current) == {"location": "Line 1", "purpose": "Production"}
    assert Station("ICT-01", "", "Production").missing_fields({"location": ""}) == {
        "machineName": "ICT-01",
        "purpose": "Production",
    }
