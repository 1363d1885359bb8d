"""The ``stepFilters`` / ``sequenceFilters`` XML of the internal App endpoints (wats-api.md §2.2).

WATS sends these as XML query parameters but documents no schema, so the emulator reads a
small, lenient shape (docs/emulator.md, "Internal analytics")::

    <StepFilters><Step name="VCC;LED"/><Step path="MainSequence Callback¶Power¶%"/></StepFilters>
    <SequenceFilters><Sequence name="Power"/></SequenceFilters>

Element and root names are free. An element's ``name`` (or ``stepName``/``sequenceName``)
attribute is a step-name pattern, ``path`` (or ``stepPath``/``sequencePath``) a ``¶`` path
pattern; attribute names ignore case. An element without those attributes contributes its text
(a path when it holds ``¶``, else a name). Values take the filter wildcards (``;``, ``%``,
``_``). A step passes ``stepFilters`` when its name or path matches; it passes
``sequenceFilters`` when one of its enclosing sequences (not the step itself) matches. No
patterns (absent, empty text, or an empty document) means no restriction. DOCTYPE and entity
declarations are refused before parsing, like every XML input of the emulator.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pywats.core.xmlsafe import XmlRejected, parse_untrusted_xml
from pywats_emulator.analytics.matching import LikeMatcher, split_values
from pywats_emulator.analytics.steps import SEPARATOR, StepVisit
from pywats_emulator.errors import ApiError

__all__ = ["StepScope", "parse_step_filter"]

_NAME_ATTRIBUTES = frozenset({"name", "stepname", "sequencename"})
_PATH_ATTRIBUTES = frozenset({"path", "steppath", "sequencepath"})
_EXAMPLE = {
    "stepFilters": '<StepFilters><Step name="VCC"/></StepFilters>',
    "sequenceFilters": '<SequenceFilters><Sequence name="Power"/></SequenceFilters>',
}


@dataclass(frozen=True)
class _Patterns:
    names: LikeMatcher
    paths: LikeMatcher

    def __bool__(self) -> bool:
        return bool(self.names) or bool(self.paths)

    def matches(self, name: str, path: str) -> bool:
        return (bool(self.names) and self.names.matches(name)) or (
            bool(self.paths) and self.paths.matches(path)
        )


_NONE = _Patterns(LikeMatcher(()), LikeMatcher(()))


def _bad(key: str, problem: str) -> ApiError:
    return ApiError(400, f"{key}: {problem}; expected XML such as {_EXAMPLE[key]}")


def _parse_xml(text: str, key: str) -> ET.Element:
    try:
        return parse_untrusted_xml(text)
    except XmlRejected as exc:
        raise _bad(key, str(exc)) from None


def _patterns(text: str | None, key: str) -> _Patterns:
    if text is None or not text.strip():
        return _NONE
    names: list[str] = []
    paths: list[str] = []
    for element in _parse_xml(text, key).iter():
        found = False
        for attribute, value in element.attrib.items():
            lowered = attribute.lower()
            if lowered in _NAME_ATTRIBUTES:
                names.extend(split_values(value))
                found = True
            elif lowered in _PATH_ATTRIBUTES:
                paths.extend(split_values(value))
                found = True
        content = (element.text or "").strip()
        if not found and content and len(element) == 0:
            (paths if SEPARATOR in content else names).extend(split_values(content))
    return _Patterns(LikeMatcher(names), LikeMatcher(paths))


@dataclass(frozen=True)
class StepScope:
    """Which steps the two XML filters keep (both must agree)."""

    steps: _Patterns = _NONE
    sequences: _Patterns = _NONE

    def keeps(self, visit: StepVisit) -> bool:
        """Whether ``visit`` passes both filters."""
        if self.steps and not self.steps.matches(visit.name, visit.path):
            return False
        if not self.sequences:
            return True
        names = visit.path.split(SEPARATOR)[:-1]
        return any(
            self.sequences.matches(name, SEPARATOR.join(names[: depth + 1]))
            for depth, name in enumerate(names)
        )


def parse_step_filter(step_filters: str | None, sequence_filters: str | None) -> StepScope:
    """The scope of the ``stepFilters`` and ``sequenceFilters`` query values.

    Raises:
        ApiError: 400 for malformed XML or a DOCTYPE/entity declaration.
    """
    return StepScope(
        _patterns(step_filters, "stepFilters"), _patterns(sequence_filters, "sequenceFilters")
    )
