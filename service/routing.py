"""Endpoints as data: what an app declares (method, path, body and response types, who may call
it), and the one wrapper that authenticates, decodes, calls the handler and encodes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from service import etags, idempotency
from service.auth import ANONYMOUS, Principal, Tokens, check_subject
from service.db import Database
from service.errors import FieldError, Forbidden, NotFound, translate
from service.http import json, read_json

Access = Literal["public", "user", "admin"]
# An app's own credentials (session tokens, API keys): who the request is, or None when it
# carries none of them, and the service's JWTs decide.
Credentials = Callable[[Request, Database], Awaitable[Principal | None]]


@dataclass(frozen=True)
class Param:
    name: str
    kind: type
    doc: str


@dataclass
class Call:
    """What a handler gets: the request, who is calling, the app's database and the body."""

    request: Request
    principal: Principal
    db: Database
    body: Any = None

    def path(self, name: str) -> str:
        value: str = self.request.path_params[name]
        return value

    def acting_for(self, requested: str | None) -> str | None:
        """Whose rows this call touches: a user only ever their own; an admin anyone's, or
        everyone's when no user is named."""
        if self.principal.is_admin:
            return requested
        if requested is not None and requested != self.principal.subject:
            raise Forbidden("only an admin token may act for another user")
        return self.principal.subject


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Callable[[Call], Awaitable[Any]]
    summary: str
    body: Any = None
    response: Any = None
    status: int = 200
    access: Access = "user"
    query: tuple[Param, ...] = ()
    errors: tuple[int, ...] = field(default=(400, 401, 404, 422))
    # Honours an Idempotency-Key header: a retry gets the first answer, never a second write
    # (for POSTs that create or append; service/idempotency.py).
    idempotent: bool = False
    # A single-row GET's lock on the row its path names (SELECT ... FOR UPDATE): If-Match on the
    # PATCH / DELETE at the same path is compared under it (service/etags.py).
    lock: Callable[[Call], Awaitable[Any]] | None = None


@dataclass(frozen=True)
class AppSpec:
    """What an app module declares as APP: its endpoints; which result columns hold JSON and
    which booleans (MySQL's metadata cannot tell: MariaDB keeps JSON as text, and a UNION drops
    the TINYINT(1) width); and which request field each unique or foreign key guards (409 / 422
    naming the field)."""

    name: str
    endpoints: tuple[Endpoint, ...]
    json_columns: frozenset[str] = frozenset()
    bool_columns: frozenset[str] = frozenset()
    constraints: Mapping[str, FieldError] = field(default_factory=dict)
    # The type of a user token's `sub`: the app's user key (a bounded int for SERIAL ids).
    subject: Any = str
    credentials: Credentials | None = None


class _Asgi:
    """A route's endpoint as a plain ASGI app: Starlette calls it without its request_response
    wrapper (two more frames on every await of the request, and a per-route copy of the
    exception handling the application's ExceptionMiddleware does anyway)."""

    __slots__ = ("run",)

    def __init__(self, run: Callable[[Request], Awaitable[Response]]) -> None:
        self.run = run

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.run(Request(scope, receive, send))
        await response(scope, receive, send)


def route(spec: AppSpec, endpoint: Endpoint, tokens: Tokens) -> Route:
    """The endpoint at its full path, /<app><path>: the application's one router holds every
    app's routes (no Mount and second router between a request and its route)."""
    app = spec.name

    async def authenticate(request: Request, db: Database) -> Principal:
        if endpoint.access == "public":
            return ANONYMOUS
        principal = await spec.credentials(request, db) if spec.credentials else None
        if principal is None:
            principal = tokens.verify(request.headers.get("authorization"), app)
            check_subject(principal, spec.subject, app)
        return principal

    async def run(request: Request) -> Response:
        databases: dict[str, Database] = request.app.state.databases
        principal = await authenticate(request, databases[app])
        if endpoint.access == "admin" and not principal.is_admin:
            raise Forbidden("this route needs an admin token")
        body = await read_json(request, endpoint.body) if endpoint.body is not None else None
        call = Call(request, principal, databases[app], body)
        key = request.headers.get(idempotency.HEADER) if endpoint.idempotent else None
        try:
            if key is None:
                return await respond(call)
            ttl = request.app.state.settings.idempotency_ttl
            return await idempotency.once(call, key, respond, ttl)
        except Exception as exc:
            problem = translate(exc, spec.constraints)
            if problem is None:
                raise
            raise problem from exc

    async def answer(call: Call) -> Response:
        result = await endpoint.handler(call)
        if isinstance(result, Response):  # a handler that streams (a file download) answers
            return result
        if endpoint.status == 204:
            return Response(status_code=204)
        return json(result, endpoint.status)

    respond = etags.conditional(spec, endpoint, answer)  # ETag, If-Match, If-None-Match
    return Route(
        f"/{app}{endpoint.path}",
        _Asgi(run),
        methods=[endpoint.method],
        name=f"{app}:{endpoint.summary}",
    )


def found(row: Any, what: str) -> Any:
    """The row, or 404: an unknown id and another user's id look the same from outside."""
    if row is None:
        raise NotFound(f"no {what} with that id")
    return row
