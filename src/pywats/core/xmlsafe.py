"""Parsing XML that came from outside (tester files, server answers, request bodies) safely.

The standard library's parsers expand internal entities, so a "billion laughs" document can
eat all memory, and a DOCTYPE can point at external resources. Every XML input of pyWATS goes
through :func:`parse_untrusted_xml`: a first expat pass refuses any DOCTYPE or entity
declaration before anything is expanded, then ElementTree builds the tree. Malformed input is
reported with its line and column.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

__all__ = ["DECLARATIONS_REFUSED", "XmlRejected", "parse_untrusted_xml"]

DECLARATIONS_REFUSED = "DOCTYPE and entity declarations are not allowed"


class XmlRejected(ValueError):
    """The document declares a DOCTYPE/entity or is not well-formed; the message says which."""


def parse_untrusted_xml(data: bytes | str) -> ET.Element:
    """The root element of ``data``, refusing declarations before anything expands.

    Raises:
        XmlRejected: a DOCTYPE or entity declaration, or malformed XML (with line and
            column, counted from 1).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data

    def forbid(*_args: object) -> None:
        raise XmlRejected(DECLARATIONS_REFUSED)

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = forbid
    scanner.EntityDeclHandler = forbid
    try:
        scanner.Parse(raw, True)
    except expat.ExpatError as exc:
        message = expat.errors.messages.get(exc.code, str(exc))
        raise XmlRejected(
            f"malformed XML at line {exc.lineno}, column {exc.offset + 1}: {message}"
        ) from None
    return ET.fromstring(raw)  # noqa: S314 - declarations refused and well-formedness checked
