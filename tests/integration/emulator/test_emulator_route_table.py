"""Every endpoint of every router, nested ones included, is routed case-insensitively."""

from __future__ import annotations

import httpx

from pywats_emulator.routes import ROUTERS
from pywats_emulator.routing import RouteTable, endpoints
from pywats_emulator.testing import EmulatorServer


def test_route_table_knows_every_endpoint_including_nested_routers() -> None:
    table = RouteTable.from_routers(ROUTERS)
    paths = [path for router in ROUTERS for path, _route in endpoints(router)]
    assert "/api/internal/Blob/Asset/List/{assetId}" in paths  # from a nested router
    for path in paths:
        concrete = path.replace("{", "").replace("}", "").replace(":path", "")
        assert table.match(concrete.lower()) is not None, path


def test_nested_router_endpoint_answers_in_lower_case(wats_emulator: EmulatorServer) -> None:
    with httpx.Client(base_url=wats_emulator.url, headers=wats_emulator.auth_headers) as client:
        exact = client.get("/api/internal/Blob/Asset/List/00000000-0000-0000-0000-000000000000")
        lower = client.get("/api/internal/blob/asset/list/00000000-0000-0000-0000-000000000000")
    assert exact.status_code == lower.status_code
    assert exact.json() == lower.json()
