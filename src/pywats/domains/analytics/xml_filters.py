"""The ``stepFilters`` / ``sequenceFilters`` XML of the internal MeasurementList and
StepStatusList endpoints (wats-api.md §2.2).

WATS takes these as XML text in the query string but documents no schema. These helpers write
the shape the pyWATS emulator reads (docs/emulator.md, "Internal analytics")::

    <StepFilters><Step name="VCC"/><Step path="MainSequence Callback¶Power¶VCC"/></StepFilters>

Names and paths take WATS wildcards (``%``, ``_``, ``;`` alternatives); paths are converted
with :func:`~pywats.domains.analytics.measurement_path`, so ``"MainSequence Callback/Power"``
works. Any other XML text can be passed to the service methods as is.

Example:
    >>> step_filters_xml(names=["VCC"])
    '<StepFilters><Step name="VCC" /></StepFilters>'
    >>> sequence_filters_xml(paths=["MainSequence Callback/Power"])
    '<SequenceFilters><Sequence path="MainSequence Callback¶Power" /></SequenceFilters>'
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from pywats.domains.analytics.filters import measurement_path

__all__ = ["sequence_filters_xml", "step_filters_xml"]


def _document(root: str, item: str, names: Iterable[str], paths: Iterable[str]) -> str:
    # A lone string is one name or path, not a sequence of characters.
    names = [names] if isinstance(names, str) else names
    paths = [paths] if isinstance(paths, str) else paths
    element = ET.Element(root)
    for name in names:
        if not name:
            raise ValueError(f"a {item.lower()} name in a filter must not be empty")
        ET.SubElement(element, item, {"name": name})
    for path in paths:
        ET.SubElement(element, item, {"path": measurement_path(path)})
    if len(element) == 0:
        raise ValueError(f"give at least one {item.lower()} name or path")
    return ET.tostring(element, encoding="unicode")


def step_filters_xml(*, names: Iterable[str] = (), paths: Iterable[str] = ()) -> str:
    """``stepFilters`` keeping the steps with one of these names or paths.

    Raises:
        ValueError: No name or path, or an empty one.
    """
    return _document("StepFilters", "Step", names, paths)


def sequence_filters_xml(*, names: Iterable[str] = (), paths: Iterable[str] = ()) -> str:
    """``sequenceFilters`` keeping the steps inside a sequence with one of these names or paths.

    Raises:
        ValueError: No name or path, or an empty one.
    """
    return _document("SequenceFilters", "Sequence", names, paths)
