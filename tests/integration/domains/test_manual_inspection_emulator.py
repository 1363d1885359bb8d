"""The emulator's manual inspection endpoints over raw HTTP: shapes and errors other clients see,
and the ``Referer`` header pyWATS sends on this internal API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.throttle import RateLimiter
from pywats.domains.manual_inspection import (
    AsyncManualInspectionRepository,
    AsyncManualInspectionService,
)
from pywats.domains.software import AsyncSoftwareRepository, AsyncSoftwareService
from pywats_emulator.testing import EmulatorServer

MI = "/api/internal/ManualInspection"


@pytest.fixture
def http(wats_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=wats_emulator.url, headers=wats_emulator.auth_headers) as client:
        yield client


def post_definition(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post(f"{MI}/PostDefinition", json={"name": "Visual", **body})
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


class RecordingTransport(httpx.AsyncBaseTransport):
    """A real loopback transport that remembers each request's path and Referer header."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.seen: list[tuple[str, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.path, request.headers.get("referer")))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.anyio
async def test_pywats_sends_the_referer_the_internal_api_wants(
    wats_emulator: EmulatorServer,
) -> None:
    transport = RecordingTransport()
    http = AsyncHttpClient(
        wats_emulator.url, wats_emulator.token, transport=transport, rate_limiter=RateLimiter()
    )
    errors = ErrorHandler()
    mi = AsyncManualInspectionService(AsyncManualInspectionRepository(http, errors))
    software = AsyncSoftwareService(AsyncSoftwareRepository(http, errors))
    async with http:
        await mi.get_definitions()
        await mi.get_sequences()
        await software.is_connected()
        await software.get_available_packages()

    assert transport.seen == [
        (f"{MI}/GetTestSequenceDefinitions", wats_emulator.url),
        (f"{MI}/GetSequences", wats_emulator.url),
        ("/api/internal/Software/isConnected", wats_emulator.url),
        ("/api/internal/Software/GetAvailablePackages", wats_emulator.url),
    ]


def test_a_definition_shows_every_documented_key_in_order(http: httpx.Client) -> None:
    created = post_definition(http, definitionId="mine", version=7, vendor={"kept": True})

    assert list(created)[:9] == [
        "definitionId", "name", "description", "version", "isGlobal", "createdUtc",
        "modifiedUtc", "createdBy", "modifiedBy",
    ]  # fmt: skip
    assert created["definitionId"] != "mine" and created["version"] == 1
    assert created["isGlobal"] is False and created["vendor"] == {"kept": True}
    assert "xaml" not in created


def test_paths_and_parameter_names_ignore_letter_case(http: httpx.Client) -> None:
    definition_id = post_definition(http)["definitionId"]

    found = http.get(
        "/API/internal/manualinspection/gettestsequencedefinition",
        params={"DEFINITIONID": definition_id.upper()},
    )

    assert found.status_code == 200 and found.json()["definitionId"] == definition_id


def test_missing_or_malformed_ids_are_400(http: httpx.Client) -> None:
    no_id = http.get(f"{MI}/GetTestSequenceDefinition")
    bad_id = http.get(f"{MI}/GetRelations/not-a-guid")
    no_body_id = http.put(f"{MI}/PutDefinitionNew", json={"name": "x"})
    no_relation = http.put(f"{MI}/DeleteRelationNew", json={"partNumber": "PN"})
    no_xaml = http.put(f"{MI}/PutTestSequenceDefinitionXaml", json={"definitionId": "x"})

    assert no_id.status_code == 400 and "definitionId is required" in no_id.json()["message"]
    assert bad_id.status_code == 400 and "is not a GUID" in bad_id.json()["message"]
    assert no_body_id.status_code == 400
    assert "definitionId is required in the body" in no_body_id.json()["message"]
    assert no_relation.status_code == 400 and "relationId" in no_relation.json()["message"]
    assert no_xaml.status_code == 400


def test_bodies_of_the_wrong_kind_are_400(http: httpx.Client) -> None:
    for path, body in [
        ("PostDefinition", ["x"]),
        ("PostDefinition", {"name": "x", "isGlobal": "yes"}),
        ("PostRelation", {"definitionId": "d", "partNumber": "P", "processCode": "100"}),
    ]:
        response = http.post(f"{MI}/{path}", json=body)
        assert response.status_code == 400, (path, body)
    assert http.put(f"{MI}/PutSequence", json={"name": ""}).status_code == 400
    assert http.put(f"{MI}/ValidateMiscInfo", json="text").status_code == 400
    assert http.put(f"{MI}/PutStringTest", json=[]).status_code == 400


def test_xaml_is_a_json_string_and_misc_info_may_be_wrapped(http: httpx.Client) -> None:
    definition_id = post_definition(http, xaml="<a/>")["definitionId"]

    xaml = http.get(f"{MI}/GetTestSequenceDefinitionXaml", params={"definitionId": definition_id})
    wrapped = http.put(
        f"{MI}/ValidateMiscInfo", json={"miscInfos": [{"description": "Op", "text": "A"}]}
    )

    assert xaml.headers["content-type"] == "application/json" and xaml.json() == "<a/>"
    assert wrapped.json() == {"isValid": True, "errors": []}


def test_the_relation_and_conflict_shapes(http: httpx.Client) -> None:
    a = post_definition(http, name="A")["definitionId"]
    b = post_definition(http, name="B")["definitionId"]
    own = http.post(f"{MI}/PostRelation", json={"definitionId": a.upper(), "partNumber": "PN"})
    other = http.post(
        f"{MI}/PostRelation", json={"definitionId": b, "partNumber": "PN", "revision": ""}
    )

    assert list(own.json()) == [
        "relationId", "definitionId", "partNumber", "revision", "processCode",
    ]  # fmt: skip
    assert own.json()["definitionId"] == a  # stored in the canonical (lowercase) form
    assert other.json()["revision"] is None  # "" means every revision
    grouped = http.get(f"{MI}/GetRelationConflictsNew/{a}").json()
    assert grouped == [{"relation": own.json(), "conflicts": [other.json()]}]
    deleted = http.put(f"{MI}/DeleteRelationNew", json={"relationId": own.json()["relationId"]})
    assert deleted.status_code == 204
    assert http.get(f"{MI}/GetRelationConflicts/{b}").json() == []


def test_deleting_needs_the_right_verbs(http: httpx.Client) -> None:
    assert http.delete(f"{MI}/DeleteRelationNew").status_code == 405
    assert http.put(f"{MI}/DeleteSequence/x").status_code == 405


def test_reset_empties_the_manual_inspection_tables(
    http: httpx.Client, wats_emulator: EmulatorServer
) -> None:
    definition_id = post_definition(http)["definitionId"]
    http.post(f"{MI}/PostRelation", json={"definitionId": definition_id, "partNumber": "PN"})
    http.put(f"{MI}/PutSequence", json={"name": "S"})

    assert http.post("/_emulator/reset").status_code in (200, 204)

    assert http.get(f"{MI}/GetTestSequenceDefinitions").json() == []
    assert http.get(f"{MI}/GetSequences").json() == []
    assert wats_emulator.state.storage.fetch_all("SELECT * FROM mi_relations") == []
