"""Emulator product endpoints over plain HTTP: rules the client cannot reach on its own
(merge with ``null``, chosen ids, path spelling, reset, raw WSBF errors)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from pywats_emulator.testing import EmulatorServer

WSBF_NS = "http://wats.virinco.com/schemas/WATS/wsbf"


@pytest.fixture
def http(wats_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=wats_emulator.url, headers=wats_emulator.auth_headers, timeout=10.0
    ) as client:
        yield client


def test_null_clears_a_field_and_absent_keeps_it(http: httpx.Client) -> None:
    http.put("/api/Product", json={"partNumber": "PN-1", "name": "N", "description": "D"})
    answer = http.put("/api/Product", json={"partNumber": "PN-1", "description": None})

    assert answer.status_code == 200
    assert (answer.json()["name"], answer.json()["description"]) == ("N", None)


def test_body_may_choose_the_id_of_a_new_product(http: httpx.Client) -> None:
    chosen = str(uuid.uuid4())
    created = http.put("/api/Product", json={"partNumber": "PN-1", "productId": chosen})
    taken = http.put("/api/Product", json={"partNumber": "PN-2", "productId": chosen})

    assert created.json()["productId"] == chosen
    assert taken.status_code == 409
    assert "belongs to another record" in taken.json()["message"]


def test_bulk_revisions_are_all_or_nothing(http: httpx.Client) -> None:
    http.put("/api/Product", json={"partNumber": "PN-1"})
    answer = http.put(
        "/api/Product/Revisions",
        json=[{"partNumber": "PN-1", "revision": "A"}, {"partNumber": "PN-404", "revision": "A"}],
    )
    read = http.get("/api/Product", params={"partNumber": "PN-1", "revision": "A"})

    assert answer.status_code == 404
    assert "'PN-404' not found" in answer.json()["message"]
    assert read.status_code == 404


def test_every_problem_is_listed(http: httpx.Client) -> None:
    answer = http.put("/api/Product/Products", json=[{"partNumber": "A"}, {"state": 9}, "x"])

    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        "[1].partNumber: required",
        "[1].state: must be 0 (inactive) or 1 (active), not 9",
        "[2]: expected a Product object",
    ]


def test_internal_bom_path_is_one_route_in_any_spelling(http: httpx.Client) -> None:
    http.put("/api/Product", json={"partNumber": "PN-1", "revisions": [{"revision": "A"}]})
    query = {"partNumber": "pn-1", "revision": "a"}
    put = http.put("/api/internal/product/BOM", params=query, json=[{"partNumber": "C-1"}])
    got = http.get("/api/internal/Product/Bom", params=query, headers={"Referer": "x"})

    assert (put.status_code, got.status_code) == (200, 200)
    assert [item["partNumber"] for item in got.json()] == ["C-1"]


def test_wsbf_without_the_namespace_is_refused_with_the_expected_one(http: httpx.Client) -> None:
    http.put("/api/Product", json={"partNumber": "PN-1", "revisions": [{"revision": "A"}]})
    answer = http.put(
        "/api/Product/BOM",
        content=b'<BOM Partnumber="PN-1" Revision="A"><Component Number="X"/></BOM>',
        headers={"Content-Type": "application/xml"},
    )

    assert answer.status_code == 400
    assert WSBF_NS in answer.json()["message"]


def test_reset_empties_products_and_restores_the_seeded_groups(
    http: httpx.Client,
) -> None:
    http.put("/api/Product", json={"partNumber": "PN-1"})
    http.put("/api/Product/Group", json={"productGroupName": "Extra", "filters": ["E-%"]})
    assert http.post("/_emulator/reset").status_code == 200

    groups = http.get("/api/App/ProductGroups").json()
    assert http.get("/api/Product/Query").json() == []
    assert [g["productGroupName"] for g in groups] == [
        "Power Supplies",
        "Control Boards",
        "Modules",
    ]


def test_relation_child_by_part_number_and_revision(http: httpx.Client) -> None:
    for pn in ("TOP", "SUB"):
        http.put("/api/Product", json={"partNumber": pn, "revisions": [{"revision": "1"}]})
    top = http.get("/api/Product", params={"partNumber": "TOP", "revision": "1"}).json()
    answer = http.post(
        "/api/internal/Product/PostProductRevisionRelation",
        json={
            "ParentProductRevisionId": top["productRevisionId"],
            "ChildPartNumber": "sub",
            "ChildRevision": "1",
            "Quantity": 3,
        },
    )

    assert answer.status_code == 200
    assert (answer.json()["ChildPartNumber"], answer.json()["Quantity"]) == ("SUB", 3)
