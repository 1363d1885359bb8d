"""Serial number models and the parser of the ``SerialNumbers/Take`` answer.

WATS answers a take with XML (``<SerialNumbers ...><SN id="..."/>...</SerialNumbers>``) or a
JSON list of strings (wats-api.md §2.5); :func:`parse_taken_serial_numbers` reads both, from
text or bytes, and refuses XML with a DOCTYPE (no entity tricks from a server's answer).

The record, range and statistics keys are the pyWATS emulator's (the sources only say "list");
unknown keys of a real server are kept.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum, IntEnum
from typing import Annotated, Any

from pydantic import Field

from pywats.core.xmlsafe import XmlRejected, parse_untrusted_xml
from pywats.domains.report.models import WatsModel

__all__ = [
    "SerialNumber",
    "SerialNumberFileFormat",
    "SerialNumberIdentifier",
    "SerialNumberRange",
    "SerialNumberStatistics",
    "SerialNumberType",
    "parse_taken_serial_numbers",
]


class SerialNumberIdentifier(IntEnum):
    """What a serial number type identifies (``identifier``)."""

    SERIAL_NUMBER = 0
    MAC_ADDRESS = 1
    IMEI = 2


class SerialNumberFileFormat(str, Enum):
    """File format of serial number upload and export."""

    CSV = "csv"
    XML = "xml"

    @property
    def media_type(self) -> str:
        return "text/csv" if self is SerialNumberFileFormat.CSV else "application/xml"


IdentifierValue = Annotated[SerialNumberIdentifier | int, Field(union_mode="left_to_right")]


class SerialNumberType(WatsModel):
    """A kind of serial number the server hands out (``SerialNumbers/Types``)."""

    name: str | None = None
    description: str | None = None
    format: str | None = None
    reg_ex: str | None = Field(default=None, alias="regEx")
    identifier: IdentifierValue | None = None
    identifier_name: str | None = Field(default=None, alias="identifierName")


class SerialNumber(WatsModel):
    """A serial number of a type: its text, numeric ``address`` and who took it, when."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    type_name: str | None = Field(default=None, alias="typeName")
    address: int | None = None
    state: str | None = None
    taken_utc: datetime | None = Field(default=None, alias="takenUtc")
    reference_serial_number: str | None = Field(default=None, alias="referenceSerialNumber")
    reference_part_number: str | None = Field(default=None, alias="referencePartNumber")
    station_name: str | None = Field(default=None, alias="stationName")


class SerialNumberRange(WatsModel):
    """An inclusive range of a type's numbers: read from ``SerialNumbers/Ranges``, or sent to
    free or delete numbers (``from``/``to`` take serial numbers or plain addresses)."""

    type_name: str | None = Field(default=None, alias="typeName")
    from_serial_number: str | int | None = Field(default=None, alias="from")
    to_serial_number: str | int | None = Field(default=None, alias="to")
    from_address: int | None = Field(default=None, alias="fromAddress")
    to_address: int | None = Field(default=None, alias="toAddress")
    count: int | None = None


class SerialNumberStatistics(WatsModel):
    """How many numbers of a type are free and taken."""

    type_name: str | None = Field(default=None, alias="typeName")
    free_count: int | None = Field(default=None, alias="freeCount")
    taken_count: int | None = Field(default=None, alias="takenCount")
    range_count: int | None = Field(default=None, alias="rangeCount")
    first_taken_utc: datetime | None = Field(default=None, alias="firstTakenUtc")
    last_taken_utc: datetime | None = Field(default=None, alias="lastTakenUtc")
    next_free_serial_number: str | None = Field(default=None, alias="nextFreeSerialNumber")


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _from_xml(text: str) -> list[str]:
    try:
        root = parse_untrusted_xml(text)
    except XmlRejected as exc:
        raise ValueError(f"take_serial_numbers: the answer is refused: {exc}") from None
    numbers = []
    for element in root.iter():
        if _local_name(element.tag) != "SN":
            continue
        value = element.get("id") or (element.text or "").strip()
        if not value:
            raise ValueError("take_serial_numbers: the answer has an <SN> without an id")
        numbers.append(value)
    return numbers


def parse_taken_serial_numbers(body: Any) -> list[str]:
    """The serial numbers in a take answer: a JSON list of strings, or the XML form.

    Example:
        >>> parse_taken_serial_numbers('<SerialNumbers><SN id="SN1"/></SerialNumbers>')
        ['SN1']

    Raises:
        ValueError: XML that is malformed, has a DOCTYPE, or an ``<SN>`` without an id.
        TypeError: any other shape.
    """
    if body is None:
        return []
    if isinstance(body, bytes):
        body = body.decode("utf-8-sig")
    if isinstance(body, list):
        return [str(item) for item in body]
    if isinstance(body, str):
        text = body.strip()
        return _from_xml(text) if text else []
    raise TypeError(
        f"take_serial_numbers: expected XML or a JSON list of strings, got {type(body).__name__}"
    )
