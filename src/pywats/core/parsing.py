"""Turning JSON bodies into models, and ids into safe path segments.

Shared by every repository so each domain parses rows and builds ``{id}`` paths the same way.
"""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import quote
from uuid import UUID

from pydantic import BaseModel

__all__ = ["parse_rows", "path_segment"]

M = TypeVar("M", bound=BaseModel)


def parse_rows(data: Any, model: type[M], operation: str) -> list[M]:
    """Validate a JSON array into models; ``None`` (allowed empty / lenient) gives ``[]``.

    Raises:
        TypeError: The body is not a JSON array (the server answered something unexpected).
    """
    if data is None:
        return []
    if not isinstance(data, list):
        raise TypeError(
            f"{operation}: expected a JSON array of {model.__name__}, got {type(data).__name__}"
        )
    return [model.model_validate(row) for row in data]


def path_segment(value: str | int | UUID) -> str:
    """One URL path segment: everything but unreserved characters is percent-encoded, so an
    id such as ``"../x"`` can never change the path it is put in.

    Example:
        >>> path_segment("a/b c")
        'a%2Fb%20c'
    """
    text = str(value)
    if not text:
        raise ValueError("an id in a URL path must not be empty")
    return quote(text, safe="")
