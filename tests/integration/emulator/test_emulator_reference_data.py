"""Processes, levels and product groups (§2.2, §2.8, §8.7): one process table, two shapes."""

from __future__ import annotations

import httpx
import pytest

TEST_OPS = [10, 50, 90, 100]
REPAIR_OPS = [500, 510]


def _codes(client: httpx.Client, **params: str) -> list[int]:
    response = client.get("/api/App/Processes", params=params)
    assert response.status_code == 200
    return [process["code"] for process in response.json()]


def test_public_processes_are_camel_case(client: httpx.Client) -> None:
    processes = {p["code"]: p for p in client.get("/api/App/Processes").json()}

    assert set(TEST_OPS + REPAIR_OPS) <= set(processes)
    assert processes[50] == {
        "code": 50,
        "name": "PCBA test",
        "description": "Board level functional test",
        "isTestOperation": True,
        "isRepairOperation": False,
        "isWipOperation": False,
        "processIndex": 2,
        "state": "Active",
    }
    assert processes[500]["isRepairOperation"] is True
    assert processes[10]["name"] == "SW Debug"
    assert processes[90]["name"] == "Burn In test"
    assert processes[100]["name"] == "End of line test"
    assert processes[510]["name"] == "RMA Repair"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"includeRepairOperations": "false", "includeWipOperations": "false"}, TEST_OPS),
        ({"includeTestOperations": "false", "includeWipOperations": "false"}, REPAIR_OPS),
        ({"includeTestOperations": "false", "includeRepairOperations": "false"}, [200]),
    ],
    ids=["tests-only", "repairs-only", "wip-only"],
)
def test_process_kind_flags(
    client: httpx.Client, params: dict[str, str], expected: list[int]
) -> None:
    assert _codes(client, **params) == expected


def test_internal_processes_share_the_table_in_pascal_case(client: httpx.Client) -> None:
    public = client.get("/api/App/Processes").json()
    internal = client.get(
        "/api/internal/Process/GetProcesses", headers={"Referer": str(client.base_url)}
    ).json()

    assert [(p["code"], p["name"]) for p in public] == [(p["Code"], p["Name"]) for p in internal]
    first = internal[0]
    assert set(first) == {
        "Code", "Name", "Description", "ProcessID", "ProcessIndex", "State", "Properties",
        "IsTestOperation", "IsRepairOperation", "IsWIPOperation",
    }  # fmt: skip
    by_guid = client.get(f"/api/internal/Process/GetProcess/{first['ProcessID']}").json()
    by_code = client.get("/api/internal/Process/GetProcess/50").json()
    assert by_guid == first
    assert by_code["Name"] == "PCBA test"
    assert client.get("/api/internal/Process/GetProcess/4242").status_code == 404


def test_repair_operations_are_keyed_by_code_string(client: httpx.Client) -> None:
    operations = client.get("/api/internal/Process/GetRepairOperations").json()

    assert sorted(operations) == ["500", "510"]
    repair = operations["500"]
    assert repair["Description"] == "Repair"
    categories = {c["Description"]: c for c in repair["Categories"]}
    codes = {code["Description"] for code in categories["Component"]["Failcodes"]}
    assert {"Defective", "Burned Component"} <= codes
    assert "Bridge" in {code["Description"] for code in categories["Solder"]["Failcodes"]}
    assert set(categories["Component"]) >= {"GUID", "Selectable", "SortOrder", "Failcodes"}


def test_levels_and_product_groups(client: httpx.Client) -> None:
    levels = client.get("/api/App/Levels").json()
    groups = client.get("/api/App/ProductGroups").json()
    with_filters = client.get("/api/App/ProductGroups", params={"includeFilters": "true"}).json()

    assert levels and set(levels[0]) == {"levelId", "levelName"}
    assert groups and set(groups[0]) == {"productGroupId", "productGroupName"}
    assert with_filters[0]["filters"] == ["PSU-%"]


def test_bad_boolean_query_value_is_400(client: httpx.Client) -> None:
    response = client.get("/api/App/Processes", params={"includeTestOperations": "maybe"})

    assert response.status_code == 400
    assert "includeTestOperations" in response.json()["message"]
