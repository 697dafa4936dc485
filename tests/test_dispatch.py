"""The indexed router picks exactly the route Starlette's own scan picks (or the same 405 / 404),
for every path shape every app declares and for near misses of them."""

from __future__ import annotations

import re

import pytest
from starlette.routing import BaseRoute, Match, Mount, Route, Router
from starlette.types import Scope

from service import apps
from service.auth import Tokens
from service.dispatch import IndexedRouter
from service.routing import route

TOKENS = Tokens("s" * 40, list(apps.REGISTRY))
METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")


def pick(routes: list[BaseRoute], scope: Scope) -> tuple[BaseRoute | None, str]:
    """Starlette's rule: the first full match, else the first partial (405), else none (404)."""
    partial = None
    for candidate in routes:
        match, _ = candidate.matches(scope)
        if match is Match.FULL:
            return candidate, "full"
        if match is Match.PARTIAL and partial is None:
            partial = candidate
    return (partial, "partial") if partial is not None else (None, "none")


def paths(template: str) -> list[str]:
    filled = re.sub(r"\{[^}]+\}", "7", template)
    return [filled, filled + "/", filled + "/x", filled.rsplit("/", 1)[0] + "/other", filled + "//"]


@pytest.mark.parametrize("name", list(apps.REGISTRY))
def test_each_request_reaches_the_route_a_full_scan_reaches(name: str) -> None:
    spec = apps.load(name).APP
    routes = [route(spec, e, TOKENS) for e in spec.endpoints]
    indexed = IndexedRouter(routes, redirect_slashes=False)
    tried = 0
    for endpoint in spec.endpoints:
        for path in paths(f"/{name}{endpoint.path}"):
            for method in METHODS:
                scope: Scope = {"type": "http", "path": path, "root_path": "", "method": method}
                assert pick(indexed.candidates(path), scope) == pick(Router(routes).routes, scope)
                tried += 1
    assert tried == len(spec.endpoints) * 5 * len(METHODS)


def test_mounts_take_the_rest_of_the_path_and_a_path_parameter_is_always_tried() -> None:
    async def nothing(scope: object, receive: object, send: object) -> None: ...

    inner = Router([])
    routes: list[BaseRoute] = [
        Route("/health", nothing),
        Mount("/chat", app=inner),
        Route("/files/{rest:path}", nothing),
        Route("/", nothing),
    ]
    indexed = IndexedRouter(routes)
    for path in ("/chat/api/chats", "/chat/", "/chat", "/files/a/b/c", "/", "/health", "/nope"):
        scope: Scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
        assert pick(indexed.candidates(path), scope) == pick(routes, scope), path
    assert indexed.candidates("/chat/x") == [routes[1], routes[2]]
