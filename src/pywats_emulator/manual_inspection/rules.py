"""Manual inspection JSON rules without I/O: definition and relation fields, relation
conflicts, and the name of a definition copy.

wats-api.md gives no body shapes for this domain; the emulator's choices (camelCase keys, what
the server owns, the conflict rule) are in ``docs/emulator.md``, *Manual inspection*.

**Relations** tie a test sequence definition to the units it inspects: a ``partNumber``, an
optional ``revision`` (``null`` = every revision) and an optional ``processCode`` (``null`` =
every test operation). Two relations of *different* definitions **conflict** when a unit
could match both: same part number and overlapping revision and process (equal, or either one
``null``); the station would not know which definition to run. Part numbers and revisions
compare ignoring letter case.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

__all__ = [
    "DEFINITION_KEYS",
    "RELATION_KEYS",
    "SEQUENCE_KEYS",
    "SERVER_OWNED",
    "MiValueError",
    "clean_definition",
    "clean_relation",
    "conflicts",
    "copy_name",
    "relation_matches_unit",
    "relations_conflict",
    "same_target",
    "show",
]

# Keys every object is shown with (``null`` when unset), in this order; other keys follow.
DEFINITION_KEYS = (
    "definitionId", "name", "description", "version", "isGlobal", "createdUtc",
    "modifiedUtc", "createdBy", "modifiedBy",
)  # fmt: skip
RELATION_KEYS = ("relationId", "definitionId", "partNumber", "revision", "processCode")
SEQUENCE_KEYS = (
    "sequenceId", "name", "description", "version", "createdUtc", "modifiedUtc", "createdBy",
    "modifiedBy",
)  # fmt: skip
SERVER_OWNED = ("version", "createdUtc", "modifiedUtc", "createdBy", "modifiedBy")
MAX_NAME_LENGTH = 100


class MiValueError(ValueError):
    """A field has a value of the wrong kind (the route answers 400)."""


def show(stored: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """An object as the API shows it: ``keys`` first (``null`` when unset), then the rest."""
    shown = {key: stored.get(key) for key in keys}
    shown.update((k, v) for k, v in stored.items() if k not in shown)
    return shown


def _object(body: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise MiValueError(f"the {what} must be a JSON object")
    return body


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MiValueError("name must be a non-empty string")
    if len(value.strip()) > MAX_NAME_LENGTH:
        raise MiValueError(f"name is longer than {MAX_NAME_LENGTH} characters")
    return value.strip()


def clean_definition(body: Any, *, id_key: str) -> dict[str, Any]:
    """The keys of a definition (or sequence) body a client may set, checked.

    ``id_key`` (``definitionId``/``sequenceId``), ``xaml`` and the server-owned keys are left
    out: the caller handles the id, the XAML is stored apart. ``null`` means "not given".

    Raises:
        MiValueError: Not an object, or ``name``/``description``/``isGlobal`` of the wrong kind.
    """
    fields = {
        key: value
        for key, value in _object(body, "body").items()
        if key not in (id_key, "xaml", *SERVER_OWNED) and value is not None
    }
    if "name" in fields:
        fields["name"] = _name(fields["name"])
    if "description" in fields and not isinstance(fields["description"], str):
        raise MiValueError("description must be a string")
    if "isGlobal" in fields and not isinstance(fields["isGlobal"], bool):
        raise MiValueError("isGlobal must be true or false")
    return fields


def clean_relation(body: Any, is_test_operation: Callable[[int], bool]) -> dict[str, Any]:
    """The fields of a relation body, checked (``relationId`` is left to the caller).

    Args:
        body: The parsed JSON.
        is_test_operation: Whether a process code is a known test operation.

    Raises:
        MiValueError: A required field is missing or a value is of the wrong kind.
    """
    sent = _object(body, "relation")
    fields = {k: v for k, v in sent.items() if k != "relationId"}
    if not isinstance(fields.get("definitionId"), str):
        raise MiValueError("definitionId is required: the definition the relation runs")
    part_number = fields.get("partNumber")
    if not isinstance(part_number, str) or not part_number.strip():
        raise MiValueError("partNumber is required: the product the definition inspects")
    fields["partNumber"] = part_number.strip()
    revision = fields.get("revision")
    if revision is not None and not isinstance(revision, str):
        raise MiValueError("revision must be a string, or null for every revision")
    if isinstance(revision, str):
        revision = revision.strip() or None  # "" means every revision too
    fields["revision"] = revision
    code = fields.get("processCode")
    if code is not None:
        if not isinstance(code, int) or isinstance(code, bool):
            raise MiValueError("processCode must be a whole number, or null for every process")
        if not is_test_operation(code):
            raise MiValueError(
                f"processCode {code} is not a test operation: use one of GET /api/App/Processes"
                " with isTestOperation true, or null for every process"
            )
    fields["processCode"] = code
    return fields


def _overlap(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    return bool(a == b)


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def same_target(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two relations name exactly the same part number, revision and process."""
    return all(
        _fold(a.get(k)) == _fold(b.get(k)) for k in ("partNumber", "revision", "processCode")
    )


def relations_conflict(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether a unit could match both relations while they run different definitions."""
    return (
        str(a["definitionId"]) != str(b["definitionId"])
        and str(a["partNumber"]).casefold() == str(b["partNumber"]).casefold()
        and _overlap(a.get("revision"), b.get("revision"))
        and _overlap(a.get("processCode"), b.get("processCode"))
    )


def conflicts(
    own: Iterable[Mapping[str, Any]], others: Collection[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], list[Mapping[str, Any]]]]:
    """For each relation of ``own`` that has conflicts, the relations of ``others`` it
    conflicts with."""
    found = []
    for relation in own:
        clashing = [other for other in others if relations_conflict(relation, other)]
        if clashing:
            found.append((relation, clashing))
    return found


def relation_matches_unit(relation: Mapping[str, Any], part_number: str, revision: str) -> bool:
    """Whether a unit of ``part_number``/``revision`` is inspected through ``relation``."""
    return str(relation["partNumber"]).casefold() == part_number.casefold() and _overlap(
        relation.get("revision"), revision
    )


def copy_name(name: str, taken: Collection[str]) -> str:
    """``"<name> - Copy"``, numbered from 2 when taken (``taken`` holds casefolded names);
    ``name`` is shortened so the result still fits :data:`MAX_NAME_LENGTH`.

    Example:
        >>> copy_name("Visual", {"visual - copy"})
        'Visual - Copy 2'
    """
    number = 1
    while True:
        suffix = " - Copy" if number == 1 else f" - Copy {number}"
        candidate = name[: MAX_NAME_LENGTH - len(suffix)] + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1
