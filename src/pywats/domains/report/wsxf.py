"""WSXF (WATS Standard XML Format) <-> WSJF mapping shared by pyWATS and the emulator.

``wats-api.md`` does not define the WSXF schema, so pyWATS uses this documented mapping of the
same data: the emulator serves and accepts it on ``/api/Report/WSXF``, and the station service's
``wsxf`` converter reads it. It converts both ways without loss (as JSON trees; key order aside),
so a report posted as XML can be read as JSON and the other way round. Standard library only,
so the emulator can use it without the rest of pyWATS.

Format::

    <Report xmlns="http://wats.virinco.com/schemas/WATS/Report/wsxf"
            xmlns:t="urn:pywats-emulator:wsxf-types"
            type="T" id="5f0c..." pn="PCB-100" sn="SN-1" rev="B" processCode="50" ...>
      <uut user="op" execTime="12.5" t:nil="comment"/>
      <root id="1" group="M" stepType="SequenceCall" name="MainSequence Callback" status="F">
        <seqCall path="C:/seq/pcb.seq" name="MainSequence Callback" version="2.0.0"/>
        <steps>
          <Step id="2" name="VCC" status="P" ...>
            <numericMeas><NumericMeas compOp="GELE" value="3.31" lowLimit="3.2" .../></numericMeas>
          </Step>
        </steps>
      </root>
      <miscInfos><MiscInfo description="Firmware" text="1.4.2"/></miscInfos>
    </Report>

Rules:

* A JSON object is an element: ``Report`` for the report, the key for a nested object
  (``uut``, ``root``, ``seqCall``...), the item name for an array element (``Step``,
  ``NumericMeas``, ``MiscInfo``, ``SubUnit``, ``Failure``...; ``Item`` when not listed).
* Scalar members are attributes. Their JSON type comes from a per-element table of known
  numeric and boolean keys (everything else is a string). A value whose type differs from the
  table is listed by key in ``t:number``, ``t:boolean`` or ``t:string``; ``null`` members are
  listed in ``t:nil`` (space-separated key lists).
* An array member is a wrapper element named by its key holding one element per item; scalar
  items are ``<Value v="..."/>`` with ``t:type`` = ``number``/``boolean``/``null``/``json``
  when not a string, nested arrays ``<Value t:type="array">``. A wrapper for a key not known to
  be an array has ``t:kind="array"``; an object under a known array key ``t:kind="object"``.
* Anything XML cannot carry as such (a key that is not an XML name, text with characters XML
  forbids) is a ``<t:json name="key">JSON text</t:json>`` child.
* A numeric value ``NaN``/``Infinity`` is read as the string WSJF uses for it (``"NaN"``).

Parsing is safe: documents with a DOCTYPE or entity declaration are rejected before parsing,
so neither external entities nor entity expansion can happen. Errors name where the problem is:
the line and column for malformed XML, the element path (``/Report/root/steps/Step[2]``) for a
bad value.

Example:
    >>> report = {"type": "T", "pn": "PCB-1", "processCode": 50, "uut": {"execTime": 1.5}}
    >>> wsxf_to_dict(dict_to_wsxf(report))
    {'type': 'T', 'pn': 'PCB-1', 'processCode': 50, 'uut': {'execTime': 1.5}}
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

from pywats.core.xmlsafe import XmlRejected, parse_untrusted_xml

__all__ = ["NAMESPACE", "TYPES_NAMESPACE", "WsxfError", "dict_to_wsxf", "wsxf_to_dict"]

NAMESPACE = "http://wats.virinco.com/schemas/WATS/Report/wsxf"
TYPES_NAMESPACE = "urn:pywats-emulator:wsxf-types"
_T = f"{{{TYPES_NAMESPACE}}}"
_NUMBER, _BOOLEAN, _STRING = "number", "boolean", "string"

ITEM_NAMES = {
    "steps": "Step", "numericMeas": "NumericMeas", "booleanMeas": "BooleanMeas",
    "stringMeas": "StringMeas", "miscInfos": "MiscInfo", "subUnits": "SubUnit",
    "failures": "Failure", "assets": "Asset", "assetStats": "AssetStats",
    "additionalData": "AdditionalData", "additionalResults": "AdditionalData",
    "binaryData": "BinaryData", "series": "Series", "props": "Prop", "indexes": "Index",
    "referencedByUURs": "ReferencedByUUR", "children": "Child",
}  # fmt: skip
# Element name (or nested-object key) -> the table of typed attributes that applies.
_ROLES = {"root": "Step"}
_TYPED: dict[str, dict[str, str]] = {
    "Report": {"processCode": _NUMBER},
    "uut": dict.fromkeys(
        (
            "execTime",
            "testSocketIndex",
            "errorCode",
            "batchFailCount",
            "batchLoopIndex",
            "stepIdCausedUUTFailure",
        ),
        _NUMBER,
    ),
    "uur": {"processCode": _NUMBER, "execTime": _NUMBER, "active": _BOOLEAN},
    "Step": {
        "id": _NUMBER,
        "totTime": _NUMBER,
        "errorCode": _NUMBER,
        "causedUUTFailure": _BOOLEAN,
        "causedSeqFailure": _BOOLEAN,
    },
    "NumericMeas": {"value": _NUMBER, "lowLimit": _NUMBER, "highLimit": _NUMBER},
    "BooleanMeas": {"value": _BOOLEAN},
    "MiscInfo": {"numeric": _NUMBER},
    "SubUnit": dict.fromkeys(("idx", "parentIdx", "position", "replacedIdx"), _NUMBER),
    "Failure": {"refStepId": _NUMBER},
    "loop": dict.fromkeys(("idx", "num", "endingIndex", "passed", "failed", "i", "n"), _NUMBER),
    "messagePopup": {"button": _NUMBER},
    "callExe": {"exitCode": _NUMBER},
    "Asset": {"usageCount": _NUMBER},
}
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = {"NaN", "Infinity", "-Infinity"}


class WsxfError(ValueError):
    """The XML is not a WSXF document this codec can read; the message says where."""


# -- dict -> XML -------------------------------------------------------------------------------


def dict_to_wsxf(report: dict[str, Any]) -> bytes:
    """Serialise a WSJF report tree as WSXF (UTF-8 bytes with an XML declaration)."""
    namespaces = {"xmlns": NAMESPACE, "xmlns:t": TYPES_NAMESPACE}
    root = _object_element("Report", report, "Report", namespaces)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def _xml_safe(name: str) -> bool:
    return bool(_NAME_RE.match(name)) and not name.lower().startswith("xml")


def _json_child(parent: ET.Element, key: str, value: Any) -> None:
    child = ET.SubElement(parent, "t:json", {"name": key})
    child.text = json.dumps(value, ensure_ascii=True)


def _object_element(
    tag: str, obj: dict[str, Any], role: str, attrib: dict[str, str] | None = None
) -> ET.Element:
    element = ET.Element(tag, attrib or {})
    typed = _TYPED.get(role, {})
    marks: dict[str, list[str]] = {"nil": [], _NUMBER: [], _BOOLEAN: [], _STRING: []}
    for key, value in obj.items():
        if not _xml_safe(key):
            _json_child(element, key, value)
        elif value is None:
            marks["nil"].append(key)
        elif isinstance(value, (bool, int, float, str)):
            kind, text = _scalar(value)
            if kind == _STRING and _XML_FORBIDDEN.search(text):
                _json_child(element, key, value)
                continue
            element.set(key, text)
            if typed.get(key, _STRING) != kind:
                marks[kind].append(key)
        elif isinstance(value, dict):
            child = _object_element(key, value, _ROLES.get(key, key))
            if key in ITEM_NAMES:
                child.set("t:kind", "object")
            element.append(child)
        elif isinstance(value, list):
            wrapper = _array_element(key, value, ITEM_NAMES.get(key, "Item"))
            if key not in ITEM_NAMES:
                wrapper.set("t:kind", "array")
            element.append(wrapper)
        else:
            _json_child(element, key, value)
    for mark, keys in marks.items():
        if keys:
            element.set(f"t:{mark}", " ".join(keys))
    return element


def _scalar(value: bool | int | float | str) -> tuple[str, str]:
    if isinstance(value, bool):
        return _BOOLEAN, "true" if value else "false"
    if isinstance(value, (int, float)):
        return _NUMBER, json.dumps(value)
    return _STRING, value


def _array_element(tag: str, items: list[Any], item_tag: str) -> ET.Element:
    wrapper = ET.Element(tag)
    for item in items:
        if isinstance(item, dict):
            wrapper.append(_object_element(item_tag, item, item_tag))
        elif isinstance(item, list):
            nested = _array_element("Value", item, "Item")
            nested.set("t:type", "array")
            wrapper.append(nested)
        else:
            wrapper.append(_value_element(item))
    return wrapper


def _value_element(item: Any) -> ET.Element:
    element = ET.Element("Value")
    if item is None:
        element.set("t:type", "null")
        return element
    if not isinstance(item, (bool, int, float, str)):
        element.set("v", json.dumps(item, ensure_ascii=True))
        element.set("t:type", "json")
        return element
    kind, text = _scalar(item)
    if kind == _STRING and _XML_FORBIDDEN.search(text):
        element.set("v", json.dumps(item, ensure_ascii=True))
        element.set("t:type", "json")
        return element
    element.set("v", text)
    if kind != _STRING:
        element.set("t:type", kind)
    return element


# -- XML -> dict -------------------------------------------------------------------------------


def wsxf_to_dict(data: bytes) -> dict[str, Any]:
    """Parse a WSXF document into a WSJF report tree.

    Raises:
        WsxfError: for malformed XML, a DOCTYPE/entity declaration or an unexpected structure.
    """
    try:
        root = parse_untrusted_xml(data)
    except XmlRejected as exc:
        raise WsxfError(str(exc)) from None
    if _local(root.tag) != "Report":
        raise WsxfError(f"root element must be <Report>, found <{_local(root.tag)}>")
    try:
        return _read_object(root, "Report", "/Report")
    except RecursionError:
        raise WsxfError("elements are nested too deeply") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _is_meta(tag: str) -> bool:
    return tag.startswith(_T)


def _read_object(element: ET.Element, role: str, path: str) -> dict[str, Any]:
    typed = _TYPED.get(role, {})
    overrides: dict[str, str] = {}
    for kind in (_NUMBER, _BOOLEAN, _STRING):
        for key in (element.get(f"{_T}{kind}") or "").split():
            overrides[key] = kind
    out: dict[str, Any] = {}
    for name, text in element.attrib.items():
        if name.startswith("{"):
            continue
        out[name] = _convert(text, overrides.get(name, typed.get(name, _STRING)), f"{path}@{name}")
    for key in (element.get(f"{_T}nil") or "").split():
        out[key] = None
    for child in element:
        tag = _local(child.tag)
        child_path = f"{path}/{tag}"
        if _is_meta(child.tag):
            if tag != "json" or child.get("name") is None:
                raise WsxfError(f"{path}: unexpected element <t:{tag}>")
            out[str(child.get("name"))] = _json(child.text or "", child_path)
            continue
        marker = child.get(f"{_T}kind")
        if marker == "array" or (marker is None and tag in ITEM_NAMES):
            out[tag] = _read_array(child, child_path)
        else:
            out[tag] = _read_object(child, _ROLES.get(tag, tag), child_path)
    return out


def _read_array(wrapper: ET.Element, path: str) -> list[Any]:
    items: list[Any] = []
    for index, child in enumerate(wrapper, start=1):
        tag = _local(child.tag)
        item_path = f"{path}/{tag}[{index}]"
        if tag != "Value":
            items.append(_read_object(child, tag, item_path))
            continue
        kind = child.get(f"{_T}type")
        if kind == "array":
            items.append(_read_array(child, item_path))
        elif kind == "null":
            items.append(None)
        elif kind == "json":
            items.append(_json(child.get("v") or "", item_path))
        else:
            items.append(_convert(child.get("v") or "", kind or _STRING, f"{item_path}@v"))
    return items


def _convert(text: str, kind: str, where: str) -> Any:
    if kind == _STRING:
        return text
    if kind == _BOOLEAN:
        if text not in ("true", "false"):
            raise WsxfError(f"attribute {where}: expected true or false, got {text!r}")
        return text == "true"
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WsxfError(f"attribute {where}: expected a number, got {text!r}")
    if isinstance(value, float) and not math.isfinite(value):
        return text if text in _SPECIAL else str(value)
    return value


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise WsxfError(f"{where}: bad JSON in <t:json>: {exc}") from None
