"""Checks the manual inspection API runs on what an operator or designer sends, without I/O:
misc info entries (``ValidateMiscInfo``), string tests (``PutStringTest``) and XAML.

Like the report validator, these read the raw JSON themselves (the emulator does not share the
client's models), so a client bug cannot hide behind shared code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pywats.core.xmlsafe import XmlRejected, parse_untrusted_xml
from pywats_emulator.checks import Checker

__all__ = [
    "STRING_OPERATORS",
    "CheckError",
    "check_xaml",
    "evaluate_string_test",
    "validate_misc_infos",
]

STRING_OPERATORS = ("CASESENSIT", "IGNORECASE", "EQ", "LOG")
"""``compOp`` values a string test takes (wats-api.md §3.6; ``EQ`` is ``CASESENSIT``)."""


class CheckError(ValueError):
    """The request cannot be checked at all (the route answers 400)."""


def validate_misc_infos(body: Any) -> list[str]:
    """Problems of misc info entries (wats-api.md §3.1 MiscInfo), as ``path: reason``.

    ``body`` is a JSON array of entries or an object with one under ``miscInfos``. Each entry
    needs a ``description`` (≤ 100) and a ``text`` (≤ 100) or ``numeric`` value; ``typedef``
    ≤ 30. Descriptions must be unique (ignoring letter case): an operator fills each once.

    Raises:
        CheckError: ``body`` is neither form.
    """
    if isinstance(body, Mapping):
        body = body.get("miscInfos")
    if not isinstance(body, list):
        raise CheckError(
            'send the misc info entries as a JSON array, e.g. [{"description": "Operator",'
            ' "text": "Ann"}], or as {"miscInfos": [...]}'
        )
    c = Checker()
    seen: dict[str, int] = {}
    for i, info in c.objects({"miscInfos": body}, "miscInfos", ""):
        path = f"miscInfos[{i}]"
        description = c.string(info, "description", path, max_len=100, required=True)
        c.string(info, "text", path, max_len=100)
        c.number(info, "numeric", path)
        if info.get("text") is None and info.get("numeric") is None:
            c.add(path, "needs 'text' or 'numeric'")
        c.string(info, "typedef", path, max_len=30)
        if description is not None:
            first = seen.setdefault(description.casefold(), i)
            if first != i:
                c.add(f"{path}.description", f"'{description}' repeats miscInfos[{first}]")
    return c.problems


def evaluate_string_test(body: Any) -> dict[str, Any]:
    """A ``stringMeas`` (wats-api.md §3.4) with its ``status`` computed from ``compOp``.

    ``compOp`` defaults to ``CASESENSIT``; ``LOG`` always passes; ``IGNORECASE`` compares
    ignoring letter case. Other keys are answered as sent.

    Raises:
        CheckError: Not an object, ``value`` not a string, no ``limit`` where needed, or an
            operator that does not compare strings.
    """
    if not isinstance(body, Mapping):
        raise CheckError("the string test must be a JSON object with value, limit and compOp")
    op = body.get("compOp") or "CASESENSIT"
    if op not in STRING_OPERATORS:
        raise CheckError(
            f"compOp {op!r} does not compare strings: use one of {', '.join(STRING_OPERATORS)}"
        )
    value, limit = body.get("value"), body.get("limit")
    if not isinstance(value, str):
        raise CheckError("value is required: the string the operator entered")
    if op == "LOG":
        passed = True
    elif not isinstance(limit, str):
        raise CheckError(f"limit is required with compOp {op}: the expected string")
    elif op == "IGNORECASE":
        passed = value.casefold() == limit.casefold()
    else:
        passed = value == limit
    return {**body, "compOp": op, "status": "P" if passed else "F"}


def check_xaml(value: Any) -> str:
    """A definition's XAML: a string, empty or a well-formed XML document.

    Raises:
        CheckError: Not a string, a DOCTYPE/entity declaration, or malformed XML.
    """
    if not isinstance(value, str):
        raise CheckError("xaml must be a string holding the XAML document")
    if not value.strip():
        return ""
    try:
        parse_untrusted_xml(value)
    except XmlRejected as exc:
        raise CheckError(f"xaml: {exc}") from None
    return value
