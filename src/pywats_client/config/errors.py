"""Configuration errors that name the key, the bad value and what is allowed.

pydantic's ValidationError is translated once, here, into :class:`ConfigError` with one line
per problem, e.g. ``queue.max_attempts = -3: must be >= 1 (from env PYWATS_QUEUE__MAX_ATTEMPTS)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from pywats_client.errors import ClientError

__all__ = ["ConfigError", "ConfigProblem", "UnknownConfigKey", "format_key", "is_secret_key"]

# Keys whose values are never printed, even in error messages.
_SECRET_LEAVES = {"token_encrypted", "api_token", "password_encrypted"}

_BOUND_MESSAGES = {
    "greater_than_equal": ("ge", ">="),
    "greater_than": ("gt", ">"),
    "less_than_equal": ("le", "<="),
    "less_than": ("lt", "<"),
}
_PLAIN_MESSAGES = {
    "int_parsing": "must be an integer",
    "int_type": "must be an integer",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "extra_forbidden": "unknown key",
    "missing": "is required",
    "path_type": "must be a path",
}


def is_secret_key(key: str) -> bool:
    """True for keys whose values must never be displayed (tokens, passwords)."""
    return key.rsplit(".", 1)[-1] in _SECRET_LEAVES


def format_key(loc: Sequence[int | str]) -> str:
    """``("converters", 0, "name")`` -> ``"converters.0.name"`` (the CLI's key syntax)."""
    return ".".join(str(part) for part in loc)


def _format_value(key: str, value: Any) -> str:
    if is_secret_key(key) and value not in (None, ""):
        return "***"
    if isinstance(value, str) and value and value == value.strip():
        return value  # env and CLI values are text; quoting them would mislead
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _BOUND_MESSAGES:
        name, symbol = _BOUND_MESSAGES[kind]
        return f"must be {symbol} {ctx.get(name)}"
    if kind in ("enum", "literal_error"):
        return f"must be one of {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return f"must match the pattern {ctx.get('pattern')}"
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return "must not be empty" if minimum == 1 else f"must have at least {minimum} characters"
    if kind == "string_too_long":
        return f"must have at most {ctx.get('max_length')} characters"
    if kind in _PLAIN_MESSAGES:
        return _PLAIN_MESSAGES[kind]
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:]


@dataclass(frozen=True)
class ConfigProblem:
    """One invalid setting: where it is, what it was, what is allowed, where it came from."""

    key: str
    message: str
    value: Any = None
    has_value: bool = False
    origin: str | None = None

    def __str__(self) -> str:
        where = f" ({self.origin})" if self.origin else ""
        if not self.key or (not self.has_value and self.message.startswith(f"{self.key}.")):
            return f"{self.message}{where}"
        if self.has_value:
            return f"{self.key} = {_format_value(self.key, self.value)}: {self.message}{where}"
        return f"{self.key}: {self.message}{where}"


class ConfigError(ClientError):
    """Configuration that cannot be used. ``str()`` is a header plus one line per problem."""

    def __init__(self, message: str, problems: Sequence[ConfigProblem] = ()) -> None:
        self.problems = list(problems)
        self.header = message
        lines = [message, *(f"  {problem}" for problem in self.problems)]
        super().__init__("\n".join(lines))

    @classmethod
    def from_validation(
        cls,
        exc: ValidationError,
        *,
        where: str,
        origin_of: Callable[[tuple[int | str, ...]], str | None] | None = None,
    ) -> ConfigError:
        """Translate pydantic's error into ours.

        Args:
            exc: The validation error.
            where: What was being validated, e.g. the config file path.
            origin_of: Maps an error location to where the value came from (env var name...).
        """
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            key = format_key(loc)
            has_value = (
                error["type"] != "missing"
                and bool(loc)
                and not isinstance(error.get("input"), dict)
            )
            problems.append(
                ConfigProblem(
                    key=key,
                    message=_describe(error),
                    value=error.get("input"),
                    has_value=has_value,
                    origin=origin_of(loc) if origin_of else None,
                )
            )
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        return cls(f"invalid configuration ({where}): {count} {noun}", problems)


class UnknownConfigKey(ConfigError, KeyError):
    """A dotted key that names no setting."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.header
