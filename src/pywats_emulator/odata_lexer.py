"""Tokens of the OData ``$filter`` subset, each with its character position.

Kept apart from the parser so each stays small. Datetimes and dates are unquoted in OData
(``start ge 2026-01-01T00:00:00Z``); they are recognised before numbers so ``2026-01-01`` is
never read as arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

__all__ = ["ODataError", "Token", "TokenKind", "tokenize"]

MAX_FILTER_CHARS = 8000


class ODataError(ValueError):
    """A malformed or unsupported expression; ``position`` is a 0-based character offset."""

    def __init__(self, option: str, message: str, position: int) -> None:
        super().__init__(f"{option}: {message} at position {position}")
        self.position = position


class TokenKind(Enum):
    WORD = "word"
    STRING = "string"
    NUMBER = "number"
    DATETIME = "datetime"
    DATE = "date"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    COLON = ":"
    END = "end"


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    position: int
    value: Any = None

    def describe(self) -> str:
        if self.kind is TokenKind.END:
            return "the end of the expression"
        return repr(self.text)


_PATTERNS = (
    (
        TokenKind.DATETIME,
        re.compile(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?(?![\w.])"
        ),
    ),
    (TokenKind.DATE, re.compile(r"\d{4}-\d{2}-\d{2}(?![\w.:])")),
    (TokenKind.NUMBER, re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])")),
    (TokenKind.WORD, re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*")),
)
_PUNCTUATION = {
    "(": TokenKind.LPAREN,
    ")": TokenKind.RPAREN,
    ",": TokenKind.COMMA,
    ":": TokenKind.COLON,
}


def _error(option: str, message: str, position: int) -> ODataError:
    return ODataError(option, message, position)


def tokenize(text: str, option: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an ``END`` token."""
    if len(text) > MAX_FILTER_CHARS:
        raise _error(option, f"longer than {MAX_FILTER_CHARS} characters", MAX_FILTER_CHARS)
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
            continue
        if char in _PUNCTUATION:
            tokens.append(Token(_PUNCTUATION[char], char, pos))
            pos += 1
            continue
        if char == "'":
            pos = _read_string(text, pos, tokens, option)
            continue
        for kind, pattern in _PATTERNS:
            match = pattern.match(text, pos)
            if match:
                tokens.append(Token(kind, match.group(), pos, _value(kind, match.group())))
                pos = match.end()
                break
        else:
            raise _error(option, f"unexpected character {char!r}", pos)
    tokens.append(Token(TokenKind.END, "", len(text)))
    return tokens


def _read_string(text: str, start: int, tokens: list[Token], option: str) -> int:
    """Read ``'...'`` where ``''`` stands for one quote; return the position after it."""
    chars: list[str] = []
    pos = start + 1
    while pos < len(text):
        if text[pos] == "'":
            if pos + 1 < len(text) and text[pos + 1] == "'":
                chars.append("'")
                pos += 2
                continue
            tokens.append(Token(TokenKind.STRING, text[start : pos + 1], start, "".join(chars)))
            return pos + 1
        chars.append(text[pos])
        pos += 1
    raise _error(option, "unterminated string (quotes inside are written '')", start)


def _value(kind: TokenKind, text: str) -> Any:
    if kind is TokenKind.NUMBER:
        return float(text) if any(c in text for c in ".eE") else int(text)
    return text
