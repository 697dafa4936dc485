"""Problems (RFC 9457) and the one place that turns any exception into a problem+json response."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

import asyncpg
import msgspec
import pymysql
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from service.db import PoolExhausted

log = logging.getLogger("datasvc")
MEDIA_TYPE = "application/problem+json"
_encode = msgspec.json.Encoder()


class FieldError(msgspec.Struct):
    path: str
    message: str


class Problem(Exception):
    status = 500
    title = "Internal Server Error"
    slug = "internal"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"urn:datasvc:problem:{self.slug}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = self.errors
        return body


class BadRequest(Problem):
    status, title, slug = 400, "Bad Request", "bad-request"


class Unauthorized(Problem):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class Forbidden(Problem):
    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(Problem):
    status, title, slug = 404, "Not Found", "not-found"


class MethodNotAllowed(Problem):
    status, title, slug = 405, "Method Not Allowed", "method-not-allowed"


class Conflict(Problem):
    status, title, slug = 409, "Conflict", "conflict"


class PayloadTooLarge(Problem):
    status, title, slug = 413, "Content Too Large", "payload-too-large"


class UnsupportedMediaType(Problem):
    status, title, slug = 415, "Unsupported Media Type", "unsupported-media-type"


class Invalid(Problem):
    status, title, slug = 422, "Unprocessable Content", "validation"


class NotImplementedByEngine(Problem):
    status, title, slug = 501, "Not Implemented", "not-implemented"


class Unavailable(Problem):
    status, title, slug = 503, "Service Unavailable", "unavailable"


_BY_STATUS = {
    k.status: k
    for k in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        Conflict,
        PayloadTooLarge,
        UnsupportedMediaType,
        Invalid,
        Unavailable,
    )
}

MY_DUPLICATE, MY_FK_CHILD, MY_FK_PARENT, MY_TOO_LONG, MY_CHECK = 1062, 1452, 1451, 1406, 4025
FK_BROKEN = "a referenced row does not exist or is still referenced"
DUPLICATE = "a row with the same value already exists"
BROKEN_RULE = "the value breaks a rule of the table"

# Every way a database can go away or run out of time, for both drivers, and what the client
# reads in the 503 (with Retry-After): the request did not complete; retrying is safe for reads
# and for writes sent with an Idempotency-Key (README, Faults and retries).
OUTAGES = {
    "unreachable": "the database is not reachable right now; retry shortly",
    "busy": "every database connection of this app is in use; retry shortly",
    "timeout": "the database did not answer in time; retry shortly",
    "lock": "a row this request needs stayed locked by another request; retry shortly",
    "contention": "the transaction kept colliding with concurrent ones and was undone; retry",
}
RETRY_AFTER = "1"
_PG_OUTAGES: tuple[tuple[type[BaseException], str], ...] = (
    (asyncpg.QueryCanceledError, "timeout"),  # 57014: statement_timeout
    (asyncpg.LockNotAvailableError, "lock"),  # 55P03: lock_timeout
    (asyncpg.TransactionRollbackError, "contention"),  # 40001 / 40P01 after the retries
    (asyncpg.OperatorInterventionError, "unreachable"),  # 57P01 shutdown, 57P02, 57P03 starting
    (asyncpg.PostgresConnectionError, "unreachable"),  # 08xxx, the connection dropped
    (asyncpg.InsufficientResourcesError, "busy"),  # 53300 too many connections, 53100 disk full
    (PoolExhausted, "busy"),
    (TimeoutError, "timeout"),
    (OSError, "unreachable"),  # refused, reset, the Unix socket missing (FileNotFoundError)
)
_MY_OUTAGES = {
    2002: "unreachable",  # cannot connect through the socket
    2003: "unreachable",  # cannot connect (refused, socket missing)
    2006: "unreachable",  # server has gone away
    2013: "unreachable",  # lost connection during a query
    2055: "unreachable",  # lost connection (system error)
    1053: "unreachable",  # server shutdown in progress
    1927: "unreachable",  # MariaDB: connection was killed
    1040: "busy",  # too many connections
    1205: "lock",  # innodb_lock_wait_timeout
    1969: "timeout",  # MariaDB: max_statement_time
    3024: "timeout",  # MySQL 8: max_execution_time
    1317: "timeout",  # query interrupted (KILL QUERY)
    1213: "contention",  # deadlock after the retries
    9007: "contention",  # TiDB write conflict after the retries
}
QUIET = 10.0  # seconds between two log lines about the same kind of outage
_last_line: dict[str, float] = {}
_silenced: Counter[str] = Counter()


def outage_kind(exc: BaseException) -> str | None:
    """Which way the database went away (a key of OUTAGES), or None for any other error."""
    if isinstance(exc, pymysql.err.MySQLError):
        if isinstance(exc, pymysql.err.InterfaceError):
            return "unreachable"  # aiomysql: the connection is closed
        code = exc.args[0] if exc.args else None
        return _MY_OUTAGES.get(code) if isinstance(code, int) else None
    if isinstance(exc, asyncpg.InterfaceError):
        return "unreachable" if "closed" in str(exc) else None
    if isinstance(exc, asyncpg.InternalClientError):
        return "unreachable"  # a connection left mid-operation when the server dropped it
    for kind, name in _PG_OUTAGES:
        if isinstance(exc, kind):
            return name
    return None


def log_outage(kind: str, exc: BaseException) -> None:
    """One warning line per outage, not a traceback per request: the first of a kind, then at
    most one every QUIET seconds saying how many it stood for."""
    now = time.monotonic()
    if now - _last_line.get(kind, -QUIET) < QUIET:
        _silenced[kind] += 1
        return
    _last_line[kind] = now
    more = _silenced.pop(kind, 0)
    text = " ".join(str(exc).split())[:200] or type(exc).__name__
    log.warning(
        "database %s: %s: %s%s",
        kind,
        type(exc).__name__,
        text,
        f" (and {more} more since the last line)" if more else "",
    )


def unavailable(kind: str, detail: str | None = None) -> Unavailable:
    return Unavailable(detail or OUTAGES[kind], headers={"Retry-After": RETRY_AFTER})


def _mysql_constraint(message: str) -> str:
    """MySQL puts the key name in the message: "... for key 'users.users_username_key'"."""
    if "for key '" in message:
        return message.rsplit("for key '", 1)[1].rstrip("'").rsplit(".", 1)[-1]
    if "CONSTRAINT `" in message:
        return message.split("CONSTRAINT `", 1)[1].split("`", 1)[0]
    return "unknown"


def _keyed(
    kind: type[Problem], generic: str, constraint: str, known: Mapping[str, FieldError]
) -> Problem:
    """A constraint the app named becomes a problem about its field; a primary key is `id`."""
    field = known.get(constraint)
    if field is None and (constraint.endswith("_pkey") or constraint == "PRIMARY"):
        field = FieldError(path="$.id", message="is already used by another row")
    if field is None:
        return kind(f"{generic} ({constraint})")
    return kind(f"{field.path} {field.message} ({constraint})", errors=[field])


def _too_long(message: str) -> Invalid:
    """MySQL names the column: "Data too long for column 'title' at row 1"."""
    if "column '" not in message:
        return Invalid("a value is longer than its column allows")
    column = message.split("column '", 1)[1].split("'", 1)[0]
    field = FieldError(path=f"$.{column}", message="is longer than its column allows")
    return Invalid(f"{field.path} {field.message}", errors=[field])


def translate(exc: BaseException, known: Mapping[str, FieldError] | None = None) -> Problem | None:
    """Driver errors a client can cause or wait out, as problems; None for our own bugs.
    `known` maps an app's constraint names to the request field each one guards."""
    known = known or {}
    if isinstance(exc, asyncpg.UniqueViolationError):
        return _keyed(Conflict, DUPLICATE, exc.constraint_name or "unknown", known)
    if isinstance(exc, asyncpg.ForeignKeyViolationError):
        return _keyed(Invalid, FK_BROKEN, exc.constraint_name or "unknown", known)
    if isinstance(exc, asyncpg.CheckViolationError | asyncpg.NotNullViolationError):
        return _keyed(Invalid, BROKEN_RULE, exc.constraint_name or exc.column_name, known)
    if isinstance(
        exc, asyncpg.UntranslatableCharacterError | asyncpg.CharacterNotInRepertoireError
    ):
        return Invalid("a text value holds a character the database cannot store (e.g. U+0000)")
    if isinstance(exc, asyncpg.StringDataRightTruncationError):
        return Invalid("a value is longer than its column allows")
    kind = outage_kind(exc)
    if kind is not None:
        log_outage(kind, exc)
        return unavailable(kind)
    if isinstance(exc, pymysql.err.MySQLError) and exc.args:
        code, message = exc.args[0], str(exc.args[-1])
        if code == MY_DUPLICATE:
            return _keyed(Conflict, DUPLICATE, _mysql_constraint(message), known)
        if code in (MY_FK_CHILD, MY_FK_PARENT):
            return _keyed(Invalid, FK_BROKEN, _mysql_constraint(message), known)
        if code == MY_CHECK:
            return _keyed(Invalid, BROKEN_RULE, _mysql_constraint(message), known)
        if code == MY_TOO_LONG:
            return _too_long(message)
    return None


def render(
    problem: Problem, request: Request | None = None, *, extra: dict[str, Any] | None = None
) -> Response:
    instance = request.url.path if request is not None else None
    return Response(
        _encode.encode(problem.body(instance) | (extra or {})),
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers=problem.headers,
    )


async def handle(request: Request, exc: Exception) -> Response:
    if isinstance(exc, Problem):
        return render(exc, request)
    if isinstance(exc, HTTPException):
        kind = _BY_STATUS.get(exc.status_code, Problem)
        problem = kind(exc.detail or kind.title, headers=dict(exc.headers or {}))
        problem.status = exc.status_code
        return render(problem, request)
    translated = translate(exc)
    if translated is not None:
        return render(translated, request)
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return render(Problem("the service failed to handle this request; it has been logged"), request)
