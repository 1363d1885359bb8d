"""WSBF: the XML bill of materials ``PUT /api/Product/BOM`` takes (wats-api.md §2.3).

Root ``BOM`` in namespace :data:`WSBF_NAMESPACE` with attributes ``Partnumber``, ``Revision``
and ``Desc``; one ``Component`` child per line with ``Number``, ``Rev``, ``Qty``, ``Desc`` and
``Ref`` (reference designators joined with ``;``). Absent values are left out, never written
as empty attributes.

Example:
    >>> xml = build_wsbf("PSU-100", "A", [BomComponent("R-10K", quantity=2, refs=("R1", "R2"))])
    >>> 'Ref="R1;R2"' in xml
    True
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["WSBF_NAMESPACE", "BomComponent", "build_wsbf"]

WSBF_NAMESPACE = "http://wats.virinco.com/schemas/WATS/wsbf"
_REF_SEPARATOR = ";"


@dataclass(frozen=True)
class BomComponent:
    """One BOM line: ``quantity`` of part ``part_number`` (revision ``revision``) placed at
    the reference designators ``refs`` (e.g. ``("R1", "R2")``)."""

    part_number: str
    quantity: int | float | None = None
    revision: str | None = None
    description: str | None = None
    refs: Sequence[str] = ()

    def attributes(self) -> dict[str, str]:
        """The WSBF ``Component`` attributes (raises ``ValueError`` for unusable values)."""
        if not self.part_number.strip():
            raise ValueError("a BOM component needs a part number")
        attrs = {"Number": self.part_number}
        if self.revision is not None:
            attrs["Rev"] = self.revision
        if self.quantity is not None:
            attrs["Qty"] = _quantity_text(self.quantity, self.part_number)
        if self.description is not None:
            attrs["Desc"] = self.description
        refs = [self.refs] if isinstance(self.refs, str) else list(self.refs)
        bad = [ref for ref in refs if not ref.strip() or _REF_SEPARATOR in ref]
        if bad:
            raise ValueError(
                f"component {self.part_number}: references must be non-empty and free of "
                f"{_REF_SEPARATOR!r} (give them as a list): {bad!r}"
            )
        if refs:
            attrs["Ref"] = _REF_SEPARATOR.join(refs)
        return attrs


def _quantity_text(quantity: float, part_number: str) -> str:
    if isinstance(quantity, bool) or not math.isfinite(quantity) or quantity < 0:
        raise ValueError(f"component {part_number}: quantity must be >= 0, not {quantity!r}")
    if isinstance(quantity, float) and quantity.is_integer():
        return str(int(quantity))
    return str(quantity)


def build_wsbf(
    part_number: str,
    revision: str,
    components: Sequence[BomComponent],
    *,
    description: str | None = None,
) -> str:
    """The WSBF document for the BOM of ``part_number`` revision ``revision``.

    Raises:
        ValueError: An empty part number or revision, or an unusable component value.
    """
    if not part_number.strip() or not revision.strip():
        raise ValueError("a BOM needs a part number and a revision")
    # The namespace is the document's default (xmlns on the root), so every element is in it
    # and the attributes stay unqualified, as WSBF has them.
    attrs = {"xmlns": WSBF_NAMESPACE, "Partnumber": part_number, "Revision": revision}
    if description is not None:
        attrs["Desc"] = description
    root = ET.Element("BOM", attrs)
    for component in components:
        ET.SubElement(root, "Component", component.attributes())
    text: str = ET.tostring(root, encoding="unicode")
    return text
