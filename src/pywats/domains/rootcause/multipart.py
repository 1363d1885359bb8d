"""``multipart/form-data`` encoding of one file, for ``POST /api/RootCause/Attachment``.

The shared HTTP client sends raw bodies, so the one-part form the attachment upload needs is
built here (pure, no I/O). Names are escaped the way browsers do (WHATWG HTML: ``"``, CR and
LF percent-encoded; other characters as UTF-8), so a file name can never break the headers.
"""

from __future__ import annotations

import mimetypes
import uuid

__all__ = ["DEFAULT_CONTENT_TYPE", "encode_file_part", "guess_content_type"]

DEFAULT_CONTENT_TYPE = "application/octet-stream"
_ESCAPES = str.maketrans({'"': "%22", "\r": "%0D", "\n": "%0A"})


def guess_content_type(filename: str) -> str:
    """The media type of a file from its extension, else ``application/octet-stream``."""
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    return guessed or DEFAULT_CONTENT_TYPE


def _quoted(value: str) -> str:
    return value.translate(_ESCAPES)


def encode_file_part(
    field: str,
    filename: str,
    data: bytes,
    *,
    content_type: str | None = None,
    boundary: str | None = None,
) -> tuple[bytes, str]:
    """A form with one file part.

    Args:
        field: The part name (``"file"`` for WATS).
        filename: The file name the server stores.
        data: The file's bytes.
        content_type: The part's media type; guessed from ``filename`` when ``None``.
        boundary: The boundary (random when ``None``; fixed only in tests).

    Returns:
        ``(body, content_type_header)``: the request body and the request's
        ``Content-Type`` (``multipart/form-data; boundary=...``).

    Example:
        >>> body, header = encode_file_part("file", "a.txt", b"hi", boundary="b")
        >>> header
        'multipart/form-data; boundary=b'
    """
    mark = boundary or uuid.uuid4().hex
    while boundary is None and mark.encode() in data:  # a boundary must not occur in the data
        mark = uuid.uuid4().hex
    part_type = content_type or guess_content_type(filename)
    if "\r" in part_type or "\n" in part_type:
        raise ValueError("content_type must not contain line breaks")
    head = (
        f"--{mark}\r\n"
        f'Content-Disposition: form-data; name="{_quoted(field)}"; '
        f'filename="{_quoted(filename)}"\r\n'
        f"Content-Type: {part_type}\r\n\r\n"
    ).encode()
    tail = f"\r\n--{mark}--\r\n".encode()
    return head + data + tail, f"multipart/form-data; boundary={mark}"
