"""Failure classification: which errors park a report, which pause uploads."""

from __future__ import annotations

import pytest

from pywats.core.errors import (
    AuthenticationError,
    CircuitOpenError,
    NotFoundError,
    PyWATSConnectionError,
    PyWATSTimeoutError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from pywats_client.service.outcomes import (
    FailureKind,
    ReportSummary,
    classify_failure,
    decode_payload,
    error_text,
)

M, U = "POST", "http://x/api/Report/WSJF"


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (
            ValidationError(status_code=400, server_message="bad", method=M, url=U),
            FailureKind.REJECTED,
        ),
        (NotFoundError(status_code=404, method=M, url=U), FailureKind.REJECTED),
        (ServerError(status_code=503, method=M, url=U), FailureKind.UNREACHABLE),
        (CircuitOpenError(retry_in_s=5.0, method=M, url=U), FailureKind.UNREACHABLE),
        (PyWATSTimeoutError(detail="read timeout", method=M, url=U), FailureKind.AMBIGUOUS),
        (PyWATSConnectionError(detail="reset", method=M, url=U), FailureKind.AMBIGUOUS),
        (RateLimitError(status_code=429, method=M, url=U), FailureKind.TRANSIENT),
        (AuthenticationError(status_code=401, method=M, url=U), FailureKind.TRANSIENT),
    ],
)
def test_classify(exc: Exception, kind: FailureKind) -> None:
    assert classify_failure(exc) is kind


def test_only_unreachable_and_ambiguous_mean_offline() -> None:
    offline = {kind for kind in FailureKind if kind.server_offline}
    assert offline == {FailureKind.UNREACHABLE, FailureKind.AMBIGUOUS}


def test_error_text_keeps_the_server_message() -> None:
    exc = ValidationError(
        status_code=400, server_message="unknown process code 9999", method=M, url=U
    )
    assert error_text(exc) == "400: unknown process code 9999"


@pytest.mark.parametrize(
    ("data", "serial", "result"),
    [({"sn": "SN-1", "result": "F"}, "SN-1", "F"), ({}, "?", "?"), (None, "?", "?")],
)
def test_report_summary(data: dict[str, str] | None, serial: str, result: str) -> None:
    summary = ReportSummary.from_data(data)
    assert (summary.serial, summary.result) == (serial, result)


def test_decode_payload_accepts_only_a_json_object() -> None:
    assert decode_payload(b'{"sn": "SN-1"}') == {"sn": "SN-1"}
    for bad in (b"not json", b"[]", b"\xff", b"", None):
        with pytest.raises(ValueError):  # noqa: PT011 - JSON and type errors alike
            decode_payload(bad)
