"""The one-file multipart body the attachment upload sends, read back by a real parser."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from starlette.datastructures import Headers, UploadFile
from starlette.formparsers import MultiPartParser

from pywats.domains.rootcause.multipart import encode_file_part, guess_content_type


async def parse(body: bytes, header: str) -> tuple[str | None, str | None, bytes]:
    async def stream() -> AsyncIterator[bytes]:
        yield body

    form = await MultiPartParser(Headers({"content-type": header}), stream()).parse()
    upload = form["file"]
    assert isinstance(upload, UploadFile)
    content = await upload.read()
    await form.close()
    return upload.filename, upload.content_type, content


@pytest.mark.anyio
@pytest.mark.parametrize(
    "filename", ["scope.png", 'a "quoted" name.txt', "Prüfung µ.csv", "line\r\nbreak.txt"]
)
async def test_the_part_round_trips_through_a_multipart_parser(filename: str) -> None:
    data = bytes(range(256)) * 4  # every byte value, CR/LF included

    body, header = encode_file_part("file", filename, data)
    name, content_type, content = await parse(body, header)

    assert content == data
    assert content_type == guess_content_type(filename)
    assert name is not None
    assert "\r" not in name
    assert "\n" not in name
    if filename == "Prüfung µ.csv":
        assert name == filename


def test_content_type_is_guessed_from_the_name_or_given() -> None:
    assert guess_content_type("x.png") == "image/png"
    assert guess_content_type("x.unknownext") == "application/octet-stream"
    body, _ = encode_file_part("file", "x.bin", b"", content_type="text/plain", boundary="B")
    assert body == (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\n'
        b"Content-Type: text/plain\r\n\r\n\r\n--B--\r\n"
    )


def test_a_content_type_with_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="line breaks"):
        encode_file_part("file", "x", b"", content_type="text/plain\r\nX-Evil: 1")


def test_the_boundary_is_random_by_default() -> None:
    _, first = encode_file_part("file", "x", b"")
    _, second = encode_file_part("file", "x", b"")
    assert first != second
