"""Idempotency-Key: a retried POST gets the first answer back instead of writing a second time.

The key, the hash of the request and the answer are stored in the app's own database inside the
transaction of the request's own writes (the handler runs on a `Pinned` view of it), so a crash
keeps both or neither. Keys are scoped per caller. The contract is in README (Faults and retries).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pymysql
from starlette.responses import Response

from service.db import Database, Pinned, Runner
from service.errors import MY_DUPLICATE, RETRY_AFTER, BadRequest, Conflict, Invalid, outage_kind

if TYPE_CHECKING:
    from service.routing import Call

HEADER = "idempotency-key"
REPLAYED = "Idempotent-Replayed"
DEFAULT_TTL = 86400
PURGE_EVERY = 60.0  # seconds between two purges of expired keys, per app and process
KEY_CHARS, KEY_MOST = "[!-~]", 200  # visible ASCII, as the column holds it
_KEY = re.compile(f"{KEY_CHARS}{{1,{KEY_MOST}}}")
log = logging.getLogger("datasvc")
_purged: dict[int, float] = {}


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key):  # the whole key: `$` would let a final newline through
        raise BadRequest(
            "the Idempotency-Key header must be 1 to 200 visible ASCII characters (a UUID is a"
            " good key)"
        )
    return key


def _caller(call: Call) -> str:
    return f"{call.principal.role}:{call.principal.subject}"[:128]


async def _request_hash(call: Call) -> str:
    """What makes two requests the same one: method, path with query, and the body's bytes."""
    request = call.request
    sha = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        sha.update(part.encode() + b"\0")
    sha.update(await request.body())
    return sha.hexdigest()


def _replay(row: dict[str, Any]) -> Response:
    status = int(row["status"])
    body = str(row["response"] or "").encode()
    if status == 204:
        return Response(status_code=204, headers={REPLAYED: "true"})
    return Response(
        body, status_code=status, media_type="application/json", headers={REPLAYED: "true"}
    )


def _in_progress() -> Conflict:
    return Conflict(
        "a request with this Idempotency-Key is still running; retry once it has answered",
        headers={"Retry-After": RETRY_AFTER},
    )


async def _claim(tx: Runner, db: Database, **who: str) -> int:
    try:
        return int(await tx.run(db.system.claim_idempotency_key, **who))
    except pymysql.err.IntegrityError as exc:
        if exc.args and exc.args[0] == MY_DUPLICATE:
            return 0  # MySQL's form of the claim: the key is taken
        raise
    except Exception as exc:
        # The first request with the key holds it uncommitted for longer than the lock wait.
        if outage_kind(exc) == "lock":
            raise _in_progress() from exc
        raise


async def once(
    call: Call, key: str, answer: Callable[[Call], Awaitable[Response]], ttl: int = DEFAULT_TTL
) -> Response:
    """The first request with `key` runs `answer` and stores its response with its writes; a
    later one with the same request gets that response, with a different request a 422."""
    db = call.db
    q = db.system
    who = {"principal": _caller(call), "idempotency_key": _checked(key)}
    digest = await _request_hash(call)

    async def work(tx: Runner) -> Response:
        before = datetime.now(UTC) - timedelta(seconds=ttl)
        if not await _claim(tx, db, **who, request_hash=digest):
            row = await tx.run(q.get_idempotency_key, **who)
            if row is not None and row["created_at"] < before:
                await tx.run(q.forget_expired_idempotency_key, **who, before=before)
                row = None
            if row is None:  # expired, or purged since the claim looked
                if not await _claim(tx, db, **who, request_hash=digest):
                    raise _in_progress()
            elif row["request_hash"] != digest:
                raise Invalid(
                    "this Idempotency-Key was already used with a different request (method,"
                    " path or body); use a new key for a new request"
                )
            elif row["status"] is None:
                raise _in_progress()
            else:
                return _replay(row)
        response = await answer(replace(call, db=Pinned(db, tx)))
        body = getattr(response, "body", None)
        if not isinstance(body, bytes):  # streamed: nothing to replay, so no key is kept
            await tx.run(q.forget_idempotency_key, **who)
            return response
        await tx.run(
            q.save_idempotent_answer,
            **who,
            status=response.status_code,
            response=body.decode(),  # JSON: UTF-8 by construction
        )
        return response

    response = await db.atomic(work)
    await _purge(db, ttl)
    return response


async def _purge(db: Database, ttl: int) -> None:
    """Expired keys go at most once a minute per app and process, in their own statement: a
    failure here costs nothing but a log line, the answer is already committed."""
    now = time.monotonic()
    if now - _purged.get(id(db), -PURGE_EVERY) < PURGE_EVERY:
        return
    _purged[id(db)] = now
    try:
        await db.run(
            db.system.purge_idempotency_keys, before=datetime.now(UTC) - timedelta(seconds=ttl)
        )
    except Exception as exc:
        log.warning("purging expired Idempotency-Keys failed: %s", exc)
