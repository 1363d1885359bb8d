"""Read TestStand's property-object XML (``<Prop Name= Type=>`` trees) used by its XML reports.

A property is ``<Prop Name='X' Type='Number|String|Boolean|Obj|TEResult|Array|...'>``: scalars
hold a ``<Value>`` child; objects hold named ``<Prop>`` children; arrays hold ``<Value ID='[i]'>``
elements (text for scalar arrays, one unnamed ``<Prop>`` for object arrays). Prototypes,
attributes and comments are metadata and are skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ._inputs import parse_number

__all__ = ["array_items", "boolean", "child", "number", "path", "text"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child(element: ET.Element | None, name: str) -> ET.Element | None:
    """The direct ``<Prop Name=name>`` child of a property (None when absent)."""
    if element is None:
        return None
    for sub in element:
        if _local(sub.tag) == "Prop" and sub.get("Name") == name:
            return sub
    return None


def path(element: ET.Element | None, *names: str) -> ET.Element | None:
    """Follow ``names`` down the property tree (``path(step, "TS", "StepName")``)."""
    for name in names:
        element = child(element, name)
    return element


def text(element: ET.Element | None) -> str | None:
    """A scalar property's value text, stripped (None when absent or empty)."""
    if element is None:
        return None
    for sub in element:
        if _local(sub.tag) == "Value":
            value = (sub.text or "").strip()
            return value or None
    return None


def number(element: ET.Element | None) -> int | float | None:
    """A Number property's value (``"NaN"``, ``"+Inf"`` included); None when absent or not one."""
    value = text(element)
    if value is None:
        return None
    parsed = parse_number(value)
    if isinstance(parsed, float) and parsed.is_integer() and "." not in value and "e" not in value:
        return int(parsed)
    return parsed


def boolean(element: ET.Element | None) -> bool | None:
    """A Boolean property's value (``True``/``False``); None when absent."""
    value = text(element)
    if value is None:
        return None
    return value.strip().lower() == "true"


def array_items(element: ET.Element | None) -> list[ET.Element]:
    """The object elements of an array property (``<Value ID='[i]'><Prop .../></Value>``)."""
    if element is None:
        return []
    items = []
    for value in element:
        if _local(value.tag) != "Value":
            continue
        for sub in value:
            if _local(sub.tag) == "Prop":
                items.append(sub)
                break
    return items
