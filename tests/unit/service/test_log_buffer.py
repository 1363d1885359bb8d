"""The service's in-memory log: ring buffer, sequence numbers for tailing, secrets scrubbed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from pywats_client.service.log_buffer import LogBuffer, parse_level

_NAME = "pywats_client.test_log_buffer"


@pytest.fixture
def buffer() -> Iterator[LogBuffer]:
    handler = LogBuffer(capacity=5)
    with handler.attached((_NAME,), logging.DEBUG):
        yield handler


def _log() -> logging.Logger:
    return logging.getLogger(_NAME)


def test_first_page_is_the_newest_records_and_the_ring_drops_the_oldest(buffer: LogBuffer) -> None:
    for number in range(8):
        _log().info("line %d", number)
    page = buffer.page(limit=3)
    assert [e.message for e in page.entries] == ["line 5", "line 6", "line 7"]
    assert page.next_after == 8
    assert page.first_seq == 4  # capacity 5: records 1-3 are gone
    assert [e.seq for e in buffer.page().entries] == [4, 5, 6, 7, 8]


def test_tailing_returns_only_new_records_then_nothing(buffer: LogBuffer) -> None:
    _log().info("one")
    first = buffer.page()
    _log().warning("two")
    _log().error("three")
    second = buffer.page(first.next_after)
    assert [(e.level, e.message) for e in second.entries] == [
        ("WARNING", "two"),
        ("ERROR", "three"),
    ]
    assert buffer.page(second.next_after).entries == []


def test_limit_sets_more_and_the_next_page_continues(buffer: LogBuffer) -> None:
    for number in range(4):
        _log().info("n%d", number)
    page = buffer.page(0, limit=3)
    assert [e.message for e in page.entries] == ["n0", "n1", "n2"] and page.more
    rest = buffer.page(page.next_after, limit=3)
    assert [e.message for e in rest.entries] == ["n3"] and not rest.more


def test_level_filter_still_advances_past_hidden_records(buffer: LogBuffer) -> None:
    _log().debug("noise")
    _log().warning("careful")
    _log().debug("more noise")
    page = buffer.page(0, min_level=logging.WARNING)
    assert [e.message for e in page.entries] == ["careful"]
    assert page.next_after == 3  # the hidden debug lines are not asked for again


def test_a_reader_ahead_of_the_buffer_starts_afresh(buffer: LogBuffer) -> None:
    _log().info("new process")
    page = buffer.page(500)  # the reader saw a previous service process with more records
    assert [e.message for e in page.entries] == ["new process"]


def test_known_secret_and_credential_shapes_are_never_kept(buffer: LogBuffer) -> None:
    token = "c2VjcmV0LXRva2VuLXZhbHVlLTEyMzQ1"
    buffer.add_secret(token)
    _log().info("using token %s", token)
    _log().info("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    _log().info("header Bearer eyJhbGciOiJIUzI1NiJ9abcdef")
    _log().info("config api_token=abcdefghijklmnop1234")
    _log().info("has no server.url or token: run `pywats-client login`")
    try:
        raise RuntimeError(f"failed with {token}")
    except RuntimeError:
        _log().exception("crash")
    text = "\n".join(e.message for e in buffer.page().entries)
    for secret in (token, "QWxhZGRpbjpvcGVuIHNlc2FtZQ", "eyJhbGciOiJIUzI1NiJ9", "abcdefghijklmnop"):
        assert secret not in text
    assert "Basic ***" in text and "Bearer ***" in text and "api_token=***" in text
    assert "token: run `pywats-client login`" in text  # prose is left alone
    assert "Traceback" in text and "RuntimeError: failed with ***" in text


def test_attached_lowers_a_quiet_logger_and_restores_it() -> None:
    logger = logging.getLogger(_NAME + ".quiet")
    logger.setLevel(logging.ERROR)
    handler = LogBuffer()
    with handler.attached((logger.name,), logging.INFO):
        logger.info("visible")
        handler.apply_level("WARNING")
        logger.info("hidden by the handler level")
        logger.warning("visible too")
    logger.info("after detach")
    assert [e.message for e in handler.page().entries] == ["visible", "visible too"]
    assert logger.level == logging.ERROR
    assert handler not in logger.handlers
    logger.setLevel(logging.NOTSET)


def test_threads_logging_at_once_get_unique_increasing_numbers() -> None:
    handler = LogBuffer(capacity=10_000)
    with handler.attached((_NAME,), logging.INFO):
        threads = [
            threading.Thread(target=lambda: [_log().info("x") for _ in range(200)])
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    seqs = [e.seq for e in handler.page(0, limit=10_000).entries]
    assert seqs == list(range(1, 801))


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, logging.NOTSET), ("warning", logging.WARNING), ("ERROR", logging.ERROR), (10, 10)],
)
def test_parse_level(given: str | int | None, expected: int) -> None:
    assert parse_level(given) == expected


def test_parse_level_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown log level 'LOUD'"):
        parse_level("LOUD")


def test_bad_page_arguments_are_refused(buffer: LogBuffer) -> None:
    with pytest.raises(ValueError, match="limit"):
        buffer.page(limit=0)
    with pytest.raises(ValueError, match="after_seq"):
        buffer.page(-1)
