"""Case-insensitive routing, as on the real server.

Virinco's docs write ``/api/report/wsjf`` while clients send ``/api/Report/WSJF``; both must
work. Starlette matches paths case-sensitively, so a middleware rewrites the *literal* segments
of an incoming path to the spelling of the registered route before routing. Parameter segments
(ids, codes) are left exactly as sent. Query parameter *names* are matched the same way
(ASP.NET binds them case-insensitively: ``includeChartData`` works like ``includeChartdata``);
their values are untouched. The same table gives the statistics a stable key per route
(``/api/Report/Wsjf/{id}``) instead of one key per id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["CaseInsensitiveRoutingMiddleware", "RouteTable", "RouteTemplate"]


@dataclass(frozen=True)
class RouteTemplate:
    """One registered path, e.g. ``/api/Report/Wsjf/{id}``, split into segments."""

    path: str
    segments: tuple[str, ...]
    # casefolded query parameter name -> registered spelling
    query_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def literal_count(self) -> int:
        return sum(1 for segment in self.segments if not _is_param(segment))

    def matches(self, parts: list[str]) -> bool:
        if len(parts) != len(self.segments):
            return False
        return all(
            _is_param(expected) or expected.casefold() == actual.casefold()
            for expected, actual in zip(self.segments, parts, strict=True)
        )

    def canonical(self, parts: list[str]) -> str:
        """The incoming path with literal segments spelled as registered."""
        return "/".join(
            actual if _is_param(expected) else expected
            for expected, actual in zip(self.segments, parts, strict=True)
        )


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _split(path: str) -> list[str]:
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path.split("/")


class RouteTable:
    """The emulator's registered paths, searched case-insensitively."""

    def __init__(self, paths: Iterable[str | tuple[str, Iterable[str]]]) -> None:
        names_by_path: dict[str, dict[str, str]] = {}
        for item in paths:
            path, names = (item, ()) if isinstance(item, str) else item
            known = names_by_path.setdefault(path, {})
            known.update({name.casefold(): name for name in names})
        templates = [
            RouteTemplate(path, tuple(_split(path)), names) for path, names in names_by_path.items()
        ]
        # Most specific first: a literal segment beats a parameter at the same place.
        self._templates = sorted(templates, key=lambda t: -t.literal_count)

    @classmethod
    def from_routers(cls, routers: Iterable[APIRouter]) -> RouteTable:
        return cls(
            (path, _query_names(route.dependant))
            for router in routers
            for path, route in endpoints(router)
        )

    def match(self, path: str) -> RouteTemplate | None:
        """The registered template for ``path`` (any letter case), or ``None``."""
        parts = _split(path)
        for template in self._templates:
            if template.matches(parts):
                return template
        return None

    def canonical_path(self, path: str) -> str | None:
        template = self.match(path)
        return None if template is None else template.canonical(_split(path))


def endpoints(router: APIRouter, prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """``(full path, route)`` of every endpoint of ``router``, including included routers.

    FastAPI (0.163) keeps an included router as one nested entry whose context carries the
    prefix; walk into it so nested endpoints are routed case-insensitively like the others.
    """
    for route in router.routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
            continue
        context = getattr(route, "include_context", None)
        nested = getattr(context, "included_router", None)
        if isinstance(nested, APIRouter):
            yield from endpoints(nested, prefix + str(getattr(context, "prefix", "") or ""))


def _query_names(dependant: Dependant) -> list[str]:
    names = [param.alias for param in dependant.query_params]
    for sub in dependant.dependencies:
        names.extend(_query_names(sub))
    return names


def canonical_query(query_string: bytes, names: Mapping[str, str]) -> bytes:
    """Rename query parameters to their registered spelling (unchanged bytes if none differ)."""
    if not query_string or not names:
        return query_string
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    renamed = [(names.get(key.casefold(), key), value) for key, value in pairs]
    if renamed == pairs:
        return query_string
    return urlencode(renamed).encode("latin-1")


class CaseInsensitiveRoutingMiddleware:
    """Rewrite ``scope["path"]`` to the registered spelling before Starlette routes it."""

    def __init__(self, app: ASGIApp, *, table: RouteTable) -> None:
        self.app = app
        self._table = table

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            template = self._table.match(scope["path"])
            if template is not None:
                path = template.canonical(_split(scope["path"]))
                query = canonical_query(scope.get("query_string", b""), template.query_names)
                if path != scope["path"] or query != scope.get("query_string", b""):
                    scope = dict(scope)
                    scope["path"] = path
                    scope["query_string"] = query
        await self.app(scope, receive, send)
