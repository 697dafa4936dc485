"""Starlette's Router, with each request trying only the routes its path could match.

Starlette tries every route in order, a regular expression each, until one matches: a request
for edu's last route ran some seventy of them. This router sorts its routes once into a tree of
path segments (a literal segment, or a parameter taking any non-empty one) and, per request,
walks it to the routes of the request's shape. Those few are tried exactly as Starlette would,
in their declared order, first full match wins and a path match with another method answers 405,
so what matches is unchanged; only the routes that could not match are skipped. A route the
tree cannot describe (a `{name:path}` parameter, a host, a mount with a parameter) is tried for
every request."""

from __future__ import annotations

from typing import Any

from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Match, Mount, Route, Router
from starlette.types import Receive, Scope, Send

Entry = tuple[int, BaseRoute]  # its place in the declared order, the route


class _Node:
    __slots__ = ("literal", "param", "ends", "mounts", "routes")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.ends: list[Entry] = []  # routes whose whole path ends here
        self.mounts: list[Entry] = []  # mounts whose prefix ends here: they take any rest
        self.routes: list[BaseRoute] = []  # `ends` alone, in their order


def _segments(path: str) -> list[str] | None:
    return path.split("/")[1:] if path.startswith("/") else None


def _describable(route: BaseRoute) -> list[str] | None:
    """The route's path as segments the tree can hold, or None."""
    if type(route) is Route:
        path = route.path
    elif type(route) is Mount:
        path = route.path
        if "{" in path:
            return None
    else:
        return None
    if ":path}" in path:
        return None
    return _segments(path) if path else []


class IndexedRouter(Router):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._root = _Node()
        self._always: list[Entry] = []
        for place, route in enumerate(self.routes):
            parts = _describable(route)
            if parts is None:
                self._always.append((place, route))
                continue
            node = self._root
            for part in parts:
                if "{" in part:
                    node.param = node.param or _Node()
                    node = node.param
                else:
                    node = node.literal.setdefault(part, _Node())
            if isinstance(route, Mount):
                node.mounts.append((place, route))
            else:
                node.ends.append((place, route))
                node.routes.append(route)  # places only grow: already in declared order

    def candidates(self, path: str) -> list[BaseRoute]:
        """The routes `path` could match, in their declared order."""
        parts = path.split("/")
        if parts[0]:  # not starting with "/": no route's pattern can match it
            return self.routes
        found = list(self._always)
        nodes = [self._root]
        for part in parts[1:]:
            below = []
            for node in nodes:
                found += node.mounts  # the path goes on below a mount's prefix
                child = node.literal.get(part)
                if child is not None:
                    below.append(child)
                if node.param is not None and part:
                    below.append(node.param)
            nodes = below
            if not nodes:
                break
        else:
            if len(nodes) == 1 and not found:
                return nodes[0].routes  # the usual case: one shape, no mount or catch-all
            for node in nodes:
                found += node.ends
        found.sort(key=_place)
        return [route for _, route in found]

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.redirect_slashes:
            await super().app(scope, receive, send)
            return
        if "router" not in scope:
            scope["router"] = self
        partial = partial_scope = None
        for route in self.candidates(get_route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial, partial_scope = route, child_scope
        if partial is not None:
            # A path that matched with another method: Starlette's 405.
            scope["route"] = partial
            scope.update(partial_scope or {})
            await partial.handle(scope, receive, send)
            return
        await self.default(scope, receive, send)


def _place(entry: Entry) -> int:
    return entry[0]
