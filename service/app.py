"""The Starlette application: service routes, each enabled app mounted at /<app>."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import pymysql
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import apps, config, errors, openapi, runtime
from service.auth import Tokens
from service.config import Settings
from service.db import Database
from service.deadlines import Deadline
from service.dispatch import IndexedRouter
from service.http import BodyLimit, json
from service.routing import route

HANDLED: tuple[type[BaseException], ...] = (
    errors.Problem,
    HTTPException,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    pymysql.err.MySQLError,
    OSError,
)


async def health(request: Request) -> Response:
    return json({"status": "ok"})


class RequestTimeout:
    """A request the service works on for REQUEST_TIMEOUT_MS without an answer is cancelled and
    answered 503 + Retry-After. The clock restarts with each chunk of the body received (a slow
    upload that keeps moving is the client's pace, not a stuck database) and stops once the
    answer has started (a long download). A cancelled request's connection is never reused
    mid-statement: asyncpg waits out the cancel or discards the connection, aiomysql closes a
    connection cancelled mid-read, and a transaction left open is rolled back (PostgreSQL) or its
    connection closed (MySQL) by the pools."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = Deadline(self.seconds)
        started = False

        async def receiving() -> Message:
            message = await receive()
            if not started and message["type"] == "http.request":
                deadline.extend()
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start" and not deadline.expired:
                started = True
                deadline.stop()
            await send(message)

        try:
            async with deadline:
                await self.app(scope, receiving, sending)
        except TimeoutError:
            if not deadline.expired or started:
                raise
            problem = errors.unavailable(
                "timeout", f"the request ran past {self.seconds:g} s and was cancelled; retry"
            )
            errors.log_outage("timeout", problem)
            await errors.render(problem, Request(scope))(scope, receive, send)


async def _probe(app: str, db: Database, seconds: float) -> dict[str, Any]:
    """One app's readiness, bounded: the probe has its own connection (not the app's pool) and
    gives up after READY_TIMEOUT_MS, so one stuck database cannot hold /ready."""
    entry: dict[str, Any] = {"engine": db.engine, "database": db.url.database}
    try:
        async with asyncio.timeout(seconds):
            waiting = await runtime.pending(app, db)  # reading them is the ping
    except TimeoutError:
        entry["error"] = f"database did not answer within {seconds:g} s"
    except Exception as exc:  # any failure here is "not ready", never a 500
        entry["error"] = f"database unreachable: {exc}"
    else:
        entry["pending_migrations"] = waiting
        if waiting:
            entry["error"] = f"migrations not applied: {', '.join(waiting)}"
    return entry


async def ready(request: Request) -> Response:
    databases: dict[str, Database] = request.app.state.databases
    settings: Settings = request.app.state.settings
    entries = await asyncio.gather(
        *(_probe(app, db, settings.timeouts.ready) for app, db in databases.items())
    )
    report = dict(zip(databases, entries, strict=True))
    failing = [app for app, entry in report.items() if "error" in entry]
    if failing:
        problem = errors.unavailable("unreachable", f"not ready: {', '.join(failing)}")
        return errors.render(problem, request, extra={"apps": report})
    return json({"status": "ready", "apps": report})


def create_app(settings: Settings | None = None, *, migrate: bool = False) -> Starlette:
    settings = settings or config.load()
    enabled = runtime.specs(settings.apps)
    tokens = Tokens(settings.secret(), list(apps.REGISTRY))
    spec_doc = openapi.document(enabled)
    docs_page = openapi.DOCS_PAGE.read_text()

    async def openapi_json(request: Request) -> Response:
        return json(spec_doc)

    async def docs(request: Request) -> Response:
        return HTMLResponse(docs_page)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.databases = await runtime.open_all(settings, enabled, migrate=migrate)
        app.state.settings = settings  # timeouts, the Idempotency-Key TTL, what handlers read
        # What start-up built lives for the whole process: moved out of the collector's reach,
        # a full collection walks only request garbage (22 ms -> 2 ms pauses; README
        # Performance).
        gc.freeze()
        try:
            yield
        finally:
            await runtime.close_all(app.state.databases)

    routes: list[Route] = [
        Route("/health", health),
        Route("/ready", ready),
        Route("/openapi.json", openapi_json),
        Route("/docs", docs),
    ]
    for spec in enabled.values():
        routes += [route(spec, e, tokens) for e in spec.endpoints]
    application = Starlette(
        middleware=[
            Middleware(RequestTimeout, seconds=settings.timeouts.request),
            Middleware(BodyLimit, limit=settings.body_limit),
        ],
        exception_handlers={kind: errors.handle for kind in HANDLED} | {Exception: errors.handle},
    )
    # Every app's routes in one router that tries only those a path could match, and no 307
    # to the path without its trailing slash: a path no route has is a problem 404.
    application.router = IndexedRouter(routes, lifespan=lifespan, redirect_slashes=False)
    return application


def factory() -> Starlette:
    """For uvicorn workers (`--factory`): settings come from the environment each loads."""
    return create_app()
