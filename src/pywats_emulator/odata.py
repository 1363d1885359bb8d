"""A small OData ``$filter`` / ``$orderby`` compiler to parameterised SQLite.

Supported (``wats-api.md`` §2.1, §8.6): ``eq ne gt ge lt le``, ``and``/``or``/``not``,
parentheses, quoted strings with doubled quotes (``'O''Brien'``), numbers, ``null``, ``true``,
``false``, unquoted datetimes (``2026-01-01T00:00:00Z``, any offset) and dates (``2026-01-01``,
midnight UTC), ``contains``/``startswith``/``endswith(field, 'text')``, and lambda filters over
a collection, ``subUnits/any(s: s/partNumber eq 'X')`` (``and``/``or`` inside as well).

Field names come from a :class:`FilterSchema` the caller defines; the SQL only ever contains
those known column expressions, and every value the client sent is a ``?`` parameter. Errors
raise :class:`ODataError` with the character position they refer to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pywats_emulator.datetimes import parse_date_literal, parse_instant
from pywats_emulator.odata_lexer import ODataError, Token, TokenKind, tokenize

__all__ = [
    "Collection",
    "FieldKind",
    "FilterField",
    "FilterSchema",
    "ODataError",
    "compile_filter",
    "compile_orderby",
]

MAX_DEPTH = 50
_COMPARISONS = {"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
_FUNCTIONS = {"contains": ("%", "%"), "startswith": ("", "%"), "endswith": ("%", "")}


class FieldKind(Enum):
    STRING = "string"
    NUMBER = "number"
    DATETIME = "datetime"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class FilterField:
    """A filterable field: its SQL expression (``{a}`` = table alias) and value kind.

    ``normalize`` maps an accepted literal to the stored form (e.g. GUIDs to lower case).
    """

    sql: str
    kind: FieldKind
    normalize: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Collection:
    """A one-to-many side table usable with ``name/any(x: x/field ...)``."""

    table: str
    parent_key: str
    fields: Mapping[str, FilterField]


@dataclass(frozen=True)
class FilterSchema:
    fields: Mapping[str, FilterField]
    collections: Mapping[str, Collection] = field(default_factory=dict)
    alias: str = "r"
    key_sql: str = "r.id_key"


def compile_filter(text: str, schema: FilterSchema) -> tuple[str, list[Any]]:
    """Compile ``$filter`` text to ``(sql, params)``; empty text matches everything."""
    if not text.strip():
        return "1 = 1", []
    parser = _Parser(tokenize(text, "$filter"), schema)
    sql = parser.parse()
    return sql, parser.params


def compile_orderby(text: str, sortable: Mapping[str, str], default: str) -> str:
    """Compile ``$orderby`` (``field [asc|desc], ...``) to an ``ORDER BY`` list."""
    if not text.strip():
        return default
    parts, offset = [], 0
    for raw in text.split(","):
        item = raw.strip()
        position = offset + (len(raw) - len(raw.lstrip()))
        offset += len(raw) + 1
        words = item.split()
        if not words or len(words) > 2:
            raise ODataError("$orderby", f"expected 'field [asc|desc]', got {item!r}", position)
        column = sortable.get(words[0])
        if column is None:
            known = ", ".join(sorted(sortable))
            raise ODataError("$orderby", f"unknown field {words[0]!r} (known: {known})", position)
        direction = words[1].lower() if len(words) == 2 else "asc"
        if direction not in ("asc", "desc"):
            raise ODataError("$orderby", f"expected asc or desc, got {words[1]!r}", position)
        parts.append(f"{column} {direction.upper()}")
    return ", ".join(parts)


@dataclass
class _Scope:
    """Field lookup: the report's fields, or a lambda variable's collection fields."""

    fields: Mapping[str, FilterField]
    alias: str
    variable: str | None = None


class _Parser:
    """Recursive descent: or_expr > and_expr > not_expr > primary."""

    def __init__(self, tokens: list[Token], schema: FilterSchema) -> None:
        self.tokens = tokens
        self.index = 0
        self.schema = schema
        self.params: list[Any] = []
        self.depth = 0
        self.lambda_count = 0

    # -- token helpers ------------------------------------------------------------------------

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def error(self, message: str, token: Token | None = None) -> ODataError:
        return ODataError("$filter", message, (token or self.current).position)

    def expect(self, kind: TokenKind, what: str) -> Token:
        if self.current.kind is not kind:
            raise self.error(f"expected {what}, found {self.current.describe()}")
        return self.advance()

    def at_word(self, *words: str) -> bool:
        return self.current.kind is TokenKind.WORD and self.current.text.lower() in words

    # -- grammar ------------------------------------------------------------------------------

    def parse(self) -> str:
        sql = self.or_expr(_Scope(self.schema.fields, self.schema.alias))
        if self.current.kind is not TokenKind.END:
            raise self.error(f"expected 'and', 'or' or the end, found {self.current.describe()}")
        return sql

    def or_expr(self, scope: _Scope) -> str:
        parts = [self.and_expr(scope)]
        while self.at_word("or"):
            self.advance()
            parts.append(self.and_expr(scope))
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def and_expr(self, scope: _Scope) -> str:
        parts = [self.not_expr(scope)]
        while self.at_word("and"):
            self.advance()
            parts.append(self.not_expr(scope))
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def not_expr(self, scope: _Scope) -> str:
        if self.at_word("not"):
            self.advance()
            return f"(NOT {self.not_expr(scope)})"
        return self.primary(scope)

    def primary(self, scope: _Scope) -> str:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"expression nested deeper than {MAX_DEPTH} levels")
        try:
            if self.current.kind is TokenKind.LPAREN:
                self.advance()
                sql = self.or_expr(scope)
                self.expect(TokenKind.RPAREN, "')'")
                return f"({sql})"
            if self.current.kind is not TokenKind.WORD:
                raise self.error(f"expected a field name, found {self.current.describe()}")
            name_token = self.advance()
            if self.tokens[self.index].kind is TokenKind.LPAREN:
                return self.function(name_token, scope)
            return self.comparison(name_token, scope)
        finally:
            self.depth -= 1

    def function(self, name_token: Token, scope: _Scope) -> str:
        name = name_token.text
        if name.lower().endswith("/any") and scope.variable is None:
            return self.any_lambda(name_token, scope)
        affixes = _FUNCTIONS.get(name.lower())
        if affixes is None:
            raise self.error(f"unsupported function {name!r}", name_token)
        self.advance()  # (
        field_token = self.expect(TokenKind.WORD, "a field name")
        column = self.resolve(field_token, scope)
        if column.kind is not FieldKind.STRING:
            raise self.error(f"{name}() needs a text field", field_token)
        self.expect(TokenKind.COMMA, "','")
        literal = self.expect(TokenKind.STRING, "a quoted string")
        self.expect(TokenKind.RPAREN, "')'")
        escaped = str(literal.value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        self.params.append(f"{affixes[0]}{escaped}{affixes[1]}")
        return f"{column.sql.format(a=scope.alias)} LIKE ? ESCAPE '\\'"

    def any_lambda(self, name_token: Token, scope: _Scope) -> str:
        collection_name = name_token.text[: -len("/any")]
        collection = self.schema.collections.get(collection_name)
        if collection is None:
            known = ", ".join(sorted(self.schema.collections))
            raise self.error(f"unknown collection {collection_name!r} (known: {known})", name_token)
        self.advance()  # (
        variable = self.expect(TokenKind.WORD, "a lambda variable").text
        if "/" in variable:
            raise self.error("expected a lambda variable name", self.tokens[self.index - 1])
        self.expect(TokenKind.COLON, "':'")
        self.lambda_count += 1
        alias = f"c{self.lambda_count}"
        inner = self.or_expr(_Scope(collection.fields, alias, variable))
        self.expect(TokenKind.RPAREN, "')'")
        # Only schema-defined names are formatted in; values are parameters.
        return (
            f"EXISTS (SELECT 1 FROM {collection.table} AS {alias}"  # noqa: S608
            f" WHERE {alias}.{collection.parent_key} = {self.schema.key_sql} AND {inner})"
        )

    def resolve(self, token: Token, scope: _Scope) -> FilterField:
        name = token.text
        if scope.variable is not None:
            prefix = scope.variable + "/"
            if not name.startswith(prefix):
                raise self.error(f"expected '{prefix}<field>' inside the lambda", token)
            name = name[len(prefix) :]
        found = scope.fields.get(name)
        if found is None:
            known = ", ".join(sorted(scope.fields))
            raise self.error(f"unknown field {name!r} (known: {known})", token)
        return found

    def comparison(self, name_token: Token, scope: _Scope) -> str:
        column = self.resolve(name_token, scope)
        if not self.at_word(*_COMPARISONS):
            raise self.error(
                f"expected a comparison (eq, ne, gt, ge, lt, le) after {name_token.text!r},"
                f" found {self.current.describe()}"
            )
        operator = _COMPARISONS[self.advance().text.lower()]
        literal_token = self.advance()
        value = self.literal(literal_token, column)
        sql = column.sql.format(a=scope.alias)
        if value is None:
            if operator not in ("=", "<>"):
                raise self.error("null can only be compared with eq or ne", literal_token)
            return f"{sql} IS {'NOT ' if operator == '<>' else ''}NULL"
        self.params.append(value)
        return f"{sql} {operator} ?"

    def literal(self, token: Token, column: FilterField) -> Any:
        kind = token.kind
        if kind is TokenKind.WORD and token.text == "null":
            return None
        value: Any
        if (column.kind is FieldKind.STRING and kind is TokenKind.STRING) or (
            column.kind is FieldKind.NUMBER and kind is TokenKind.NUMBER
        ):
            value = token.value
        elif column.kind is FieldKind.BOOLEAN and kind is TokenKind.WORD and token.text in (
            "true", "false"
        ):  # fmt: skip
            value = 1 if token.text == "true" else 0
        elif column.kind is FieldKind.DATETIME and kind in (
            TokenKind.DATETIME, TokenKind.DATE, TokenKind.STRING
        ):  # fmt: skip
            value = self.datetime_key(token)
        else:
            raise self.error(
                f"expected a {column.kind.value} value, found {token.describe()}", token
            )
        if column.normalize is not None:
            try:
                value = column.normalize(value)
            except ValueError as exc:
                raise self.error(str(exc), token) from None
        return value

    def datetime_key(self, token: Token) -> str:
        text = str(token.value)
        try:
            if token.kind is TokenKind.DATE:
                return parse_date_literal(text).sort_key()
            return parse_instant(text, require_offset=False).sort_key()
        except ValueError as exc:
            raise self.error(f"bad datetime {text!r}: {exc}", token) from None
