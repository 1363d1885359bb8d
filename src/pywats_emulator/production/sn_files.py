"""Serial number files: the take answer in XML, and CSV/XML export and upload.

One column set serves export and upload, so an exported file uploads unchanged:
``typeName, serialNumber, state, takenUtc, referenceSerialNumber, referencePartNumber,
stationName``. CSV has a header row; XML is ``<SerialNumbers typeName="..."><SN id="..."
state="..." .../></SerialNumbers>`` (the take answer's shape with more attributes).
XML uploads with a DOCTYPE or entity declaration are refused before parsing.
"""

from __future__ import annotations

import csv
import enum
import io
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from pywats.core.xmlsafe import XmlRejected, parse_untrusted_xml
from pywats_emulator.errors import ApiError

__all__ = ["COLUMNS", "FileFormat", "parse_upload", "take_xml", "write_csv", "write_xml"]

COLUMNS = (
    "typeName",
    "serialNumber",
    "state",
    "takenUtc",
    "referenceSerialNumber",
    "referencePartNumber",
    "stationName",
)
_XML_ATTRIBUTES = {"id": "serialNumber", **{c: c for c in COLUMNS if c != "serialNumber"}}


class FileFormat(str, enum.Enum):
    CSV = "csv"
    XML = "xml"

    @property
    def media_type(self) -> str:
        return "text/csv" if self is FileFormat.CSV else "application/xml"

    @classmethod
    def parse(cls, text: str | None) -> FileFormat:
        value = (text or "csv").strip().lower()
        for item in cls:
            if item.value == value:
                return item
        raise ApiError(400, f"unknown format {text!r}: use csv or xml")


def take_xml(type_name: str, serial_numbers: Sequence[str]) -> bytes:
    """The XML answer of ``SerialNumbers/Take``."""
    root = ET.Element("SerialNumbers", {"typeName": type_name})
    for serial_number in serial_numbers:
        ET.SubElement(root, "SN", {"id": serial_number})
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def write_csv(records: Sequence[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if record.get(k) is None else record[k] for k in COLUMNS})
    return out.getvalue().encode("utf-8")


def write_xml(type_name: str, records: Sequence[dict[str, Any]]) -> bytes:
    root = ET.Element("SerialNumbers", {"typeName": type_name})
    for record in records:
        attributes = {
            attr: str(record[key])
            for attr, key in _XML_ATTRIBUTES.items()
            if key != "typeName" and record.get(key) is not None
        }
        ET.SubElement(root, "SN", attributes)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def _parse_csv(text: str, default_type: str | None) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "serialNumber" not in reader.fieldnames:
        raise ApiError(
            400, f"CSV needs a header row with serialNumber (columns: {', '.join(COLUMNS)})"
        )
    rows = []
    for row in reader:
        clean = {k: (v or None) for k, v in row.items() if k in COLUMNS}
        clean.setdefault("typeName", None)
        clean["typeName"] = clean["typeName"] or default_type
        rows.append(clean)
    return rows


def _parse_xml(data: bytes, default_type: str | None) -> list[dict[str, Any]]:
    try:
        root = parse_untrusted_xml(data)
    except XmlRejected as exc:
        raise ApiError(400, str(exc)) from None
    if root.tag != "SerialNumbers":
        raise ApiError(400, f"XML root must be <SerialNumbers>, not <{root.tag}>")
    file_type = root.get("typeName") or default_type
    rows = []
    for element in root.iter("SN"):
        row: dict[str, Any] = {key: element.get(attr) for attr, key in _XML_ATTRIBUTES.items()}
        row["typeName"] = row["typeName"] or file_type
        rows.append(row)
    return rows


def parse_upload(data: bytes, content_type: str, default_type: str | None) -> list[dict[str, Any]]:
    """Rows of an uploaded CSV or XML file (XML when the type says so or it starts with ``<``)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(400, "serial number file is not UTF-8") from None
    if not text.strip():
        raise ApiError(400, "serial number file is empty")
    if "xml" in content_type.lower() or text.lstrip().startswith("<"):
        return _parse_xml(text.encode("utf-8"), default_type)
    return _parse_csv(text, default_type)
