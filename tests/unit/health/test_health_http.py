"""Request-head parsing and routing of the health endpoint, without sockets."""

from __future__ import annotations

import json
from dataclasses import replace
from http import HTTPStatus

import pytest

from pywats_client.health import HealthServer, HealthSnapshot
from pywats_client.health.http import HttpError, HttpRequest, parse_request_head, render_response
from pywats_client.health.server import route

SNAP = HealthSnapshot("RUNNING", True, 1_700_000_000.0, "1.2.3", "default")


def request(method: str, target: str) -> HttpRequest:
    return HttpRequest(method=method, target=target, version="HTTP/1.1")


def test_parse_a_normal_request() -> None:
    head = b"GET /metrics?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9\r\nAccept:  text/plain \r\n\r\n"
    parsed = parse_request_head(head)
    assert parsed.method == "GET"
    assert parsed.target == "/metrics?x=1"
    assert parsed.path == "/metrics"
    assert parsed.version == "HTTP/1.1"
    assert parsed.headers == {"host": "127.0.0.1:9", "accept": "text/plain"}


@pytest.mark.parametrize(
    ("head", "status"),
    [
        (b"\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET /\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET  / HTTP/1.1\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"G(T / HTTP/1.1\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET http://x/health HTTP/1.1\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET /a b HTTP/1.1\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET / HTTP/2.0\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET / HTTP/1.1\r\nno-colon\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET / HTTP/1.1\r\nbad name: x\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET / HTTP/1.1\r\n folded: x\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET / HTTP/1.1\r\nX: \xff\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", HTTPStatus.BAD_REQUEST),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n", HTTPStatus.REQUEST_URI_TOO_LONG),
    ],
)
def test_parse_rejects_malformed_heads(head: bytes, status: HTTPStatus) -> None:
    with pytest.raises(HttpError) as info:
        parse_request_head(head)
    assert info.value.status is status


def test_parse_limits_header_count() -> None:
    head = b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(5)) + b"\r\n"
    assert len(parse_request_head(head, max_headers=5).headers) == 5
    with pytest.raises(HttpError) as info:
        parse_request_head(head, max_headers=4)
    assert info.value.status is HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE


def test_render_response_head_and_body() -> None:
    raw = render_response(HTTPStatus.OK, b"hello", "text/plain")
    head, body = raw.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Length: 5" in head
    assert b"Connection: close" in head
    assert body == b"hello"
    head_only = render_response(HTTPStatus.OK, b"hello", "text/plain", include_body=False)
    assert head_only.endswith(b"\r\n\r\n")
    assert b"Content-Length: 5" in head_only


def test_route_health_ready_metrics() -> None:
    status, ctype, body, _ = route(request("GET", "/health"), lambda: SNAP)
    assert status is HTTPStatus.OK
    assert ctype == "application/json"
    assert json.loads(body)["status"] == "ok"
    status, _, body, _ = route(request("GET", "/ready"), lambda: SNAP)
    assert (status, json.loads(body)) == (HTTPStatus.OK, {"ready": True, "state": "RUNNING"})
    status, ctype, body, _ = route(request("HEAD", "/metrics"), lambda: SNAP)
    assert status is HTTPStatus.OK
    assert ctype.startswith("text/plain; version=0.0.4")
    assert b"pywats_up 1\n" in body


def test_route_not_ready_explains_why() -> None:
    status, _, body, _ = route(request("GET", "/ready"), lambda: replace(SNAP, state="PAUSED"))
    assert status is HTTPStatus.SERVICE_UNAVAILABLE
    assert json.loads(body)["reason"] == "service state is PAUSED, not RUNNING"


def test_route_unknown_path_and_wrong_method_do_not_take_a_snapshot() -> None:
    def explode() -> HealthSnapshot:
        raise AssertionError("snapshot must not be taken")

    status, _, _, _ = route(request("GET", "/admin"), explode)
    assert status is HTTPStatus.NOT_FOUND
    status, _, _, headers = route(request("POST", "/health"), explode)
    assert status is HTTPStatus.METHOD_NOT_ALLOWED
    assert headers == {"Allow": "GET, HEAD"}


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.2", "example.com"])
def test_non_loopback_hosts_are_refused_by_default(host: str) -> None:
    with pytest.raises(ValueError, match="non-loopback"):
        HealthServer(lambda: SNAP, host=host)


def test_non_loopback_host_allowed_explicitly() -> None:
    assert HealthServer(lambda: SNAP, host="0.0.0.0", allow_non_loopback=True).host == "0.0.0.0"
    assert HealthServer(lambda: SNAP, host="localhost").host == "127.0.0.1"
    assert HealthServer(lambda: SNAP, host="::1").host == "::1"
