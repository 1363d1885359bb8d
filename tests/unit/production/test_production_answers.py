"""Production service against answers the emulator never gives (real-server shapes), through
the HTTP client's transport seam: ``{"errorCount": n}`` saves, XML takes, ``Referer``."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from pywats.core.errors import ErrorHandler, ValidationError
from pywats.core.http import AsyncHttpClient
from pywats.core.throttle import RateLimiter
from pywats.domains.production import AsyncProductionRepository, AsyncProductionService

pytestmark = pytest.mark.anyio
BASE = "https://wats.example.com"
Handler = Callable[[httpx.Request], httpx.Response]


def service(handler: Handler) -> AsyncProductionService:
    http = AsyncHttpClient(
        BASE, "token", transport=httpx.MockTransport(handler), rate_limiter=RateLimiter()
    )
    return AsyncProductionService(AsyncProductionRepository(http, ErrorHandler()))


async def test_error_count_zero_returns_the_units_as_sent() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"errorCount": 0, "savedCount": 1})

    saved = await service(handler).save_units([{"serialNumber": "S", "partNumber": "P", "x": 1}])
    assert [(u.serial_number, u.part_number) for u in saved] == [("S", "P")]
    assert saved[0].model_extra == {"x": 1}


async def test_error_count_above_zero_is_a_validation_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"errorCount": 2, "message": "2 units had no part number"})

    with pytest.raises(ValidationError, match="2 units had no part number") as caught:
        await service(handler).create_units([{"serialNumber": "S", "partNumber": "P"}])
    assert caught.value.operation == "save_units"


async def test_take_parses_an_xml_answer_sent_as_a_json_string() -> None:
    xml = '<SerialNumbers type="SerialNumber"><SN id="X1"/><SN id="X2"/></SerialNumbers>'

    def handler(request: httpx.Request) -> httpx.Response:
        assert "application/json" in request.headers["accept"]
        return httpx.Response(
            200, content=json.dumps(xml), headers={"content-type": "application/json"}
        )

    assert await service(handler).allocate_serial_numbers("SerialNumber", 2) == ["X1", "X2"]


async def test_internal_paths_carry_referer_and_public_ones_do_not() -> None:
    seen: dict[str, str | None] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[request.url.path] = request.headers.get("referer")
        return httpx.Response(200, json=[])

    production = service(handler)
    await production.get_unit_phases()
    await production.get_unit_hierarchy("S", "P")
    await production.get_serial_number_types()
    assert seen == {
        "/api/internal/Mes/GetUnitPhases": BASE,
        "/api/internal/Production/GetUnitHierarchy": BASE,
        "/api/Production/SerialNumbers/Types": None,
    }
