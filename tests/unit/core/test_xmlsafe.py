"""The one parser for untrusted XML: declarations refused, malformed input located."""

from __future__ import annotations

import pytest

from pywats.core.xmlsafe import DECLARATIONS_REFUSED, XmlRejected, parse_untrusted_xml


def test_a_plain_document_parses_from_text_or_bytes() -> None:
    assert parse_untrusted_xml("<a><b x='1'/></a>").find("b").get("x") == "1"  # type: ignore[union-attr]
    assert parse_untrusted_xml(b"<a/>").tag == "a"


@pytest.mark.parametrize(
    "document",
    [
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>',
        "<!DOCTYPE r><r/>",
    ],
    ids=["external-entity", "entity-expansion", "bare-doctype"],
)
def test_declarations_are_refused_before_expansion(document: str) -> None:
    with pytest.raises(XmlRejected, match=DECLARATIONS_REFUSED):
        parse_untrusted_xml(document)


def test_malformed_xml_names_line_and_column() -> None:
    with pytest.raises(XmlRejected, match=r"malformed XML at line 2, column 6: mismatched tag"):
        parse_untrusted_xml("<a>\n<b></a>")
