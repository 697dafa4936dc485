"""Conditional requests on single-row routes, for every app: a GET that answers one row sends an
ETag (a hash of the exact body it sends) and answers 304 to a matching If-None-Match; a PATCH or
DELETE beside it honours If-Match and answers 412, with the current ETag, when the row is not the
one the client read.

The If-Match comparison cannot lose to a race: it runs inside the write's own transaction, after
the GET's `lock` has row-locked the row (SELECT ... FOR UPDATE), and the GET's handler computes
the current representation there; the write then runs on that same transaction (a `Pinned`
view), so nothing can change the row between the comparison and the write.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, get_origin

from starlette.responses import Response

from service.db import Pinned, Runner
from service.errors import Problem
from service.http import json
from service.pages import Page

if TYPE_CHECKING:
    from service.routing import AppSpec, Call, Endpoint

Answer = Callable[["Call"], Awaitable[Response]]
WRITES = ("PATCH", "PUT", "DELETE")


class PreconditionFailed(Problem):
    status, title, slug = 412, "Precondition Failed", "precondition-failed"


class LockMissing(Problem):
    status, title, slug = 501, "Not Implemented", "not-implemented"


def tag(body: bytes) -> str:
    """A strong validator: the same bytes, the same tag."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _opaque(value: str) -> str:
    value = value.strip()
    return value[2:] if value.startswith("W/") else value


def matches(header: str, current: str, *, weak: bool) -> bool:
    """Whether an If-Match / If-None-Match list names `current` (or is `*`). If-None-Match
    compares weakly (RFC 9110 13.1.2), If-Match strongly: a weak tag never matches there."""
    for item in header.split(","):
        item = item.strip()
        if item == "*":
            return True
        if not weak and item.startswith("W/"):
            continue
        if _opaque(item) == current:
            return True
    return False


def one_row(endpoint: Endpoint) -> bool:
    """A GET answering one object (not a page of a list) is a single-row read."""
    return (
        endpoint.method == "GET"
        and endpoint.status == 200
        and endpoint.response is not None
        and get_origin(endpoint.response) is not Page
    )


def reader(spec: AppSpec, endpoint: Endpoint) -> Endpoint | None:
    """The single-row GET at a write's own path: what If-Match on that write compares with."""
    if endpoint.method not in WRITES:
        return None
    for other in spec.endpoints:
        if other.path == endpoint.path and one_row(other):
            return other
    return None


def _tagged(response: Response) -> Response:
    response.headers["ETag"] = tag(bytes(response.body))
    return response


def conditional(spec: AppSpec, endpoint: Endpoint, answer: Answer) -> Answer:
    """`answer` with this endpoint's part of conditional requests, or `answer` itself."""
    if one_row(endpoint):

        async def read(call: Call) -> Response:
            response = _tagged(await answer(call))
            wanted = call.request.headers.get("if-none-match")
            if wanted is not None and matches(wanted, response.headers["ETag"], weak=True):
                return Response(status_code=304, headers={"ETag": response.headers["ETag"]})
            return response

        return read
    get = reader(spec, endpoint)
    if get is None:
        return answer
    same_shape = endpoint.response == get.response

    async def write(call: Call) -> Response:
        wanted = call.request.headers.get("if-match")
        if wanted is None:
            response = await answer(call)
        else:
            response = await _guarded(call, get, wanted, answer)
        return _tagged(response) if same_shape and response.status_code == 200 else response

    return write


async def _guarded(call: Call, get: Endpoint, wanted: str, answer: Answer) -> Response:
    lock = get.lock
    if lock is None:
        raise LockMissing(
            f"If-Match is not available on {call.request.method} {get.path} yet: its GET declares"
            " no row lock; send the request without If-Match"
        )

    async def work(tx: Runner) -> Response:
        pinned = replace(call, db=Pinned(call.db, tx))
        await lock(pinned)
        current = tag(bytes(json(await get.handler(pinned), get.status).body))
        if not matches(wanted, current, weak=False):
            raise PreconditionFailed(
                "the row changed since the ETag you sent was read; GET it again, reapply the"
                " change and send its new ETag",
                headers={"ETag": current},
            )
        return await answer(pinned)

    # Retried from the top (lock, compare, write) when the database undoes it for a deadlock.
    return await call.db.atomic(work)


def document(spec: AppSpec, endpoint: Endpoint, operation: dict[str, Any], problem: Any) -> None:
    """Conditional requests in an endpoint's OpenAPI operation: the header and what it adds."""
    get = reader(spec, endpoint)
    if one_row(endpoint):
        header, code = "If-None-Match", "304"
        doc = "an ETag this row was read with: 304 Not Modified while it is unchanged"
        answer: dict[str, Any] = {"description": "Not Modified: the row still has that ETag"}
    elif get is not None:
        header, code = "If-Match", "412"
        doc = "the ETag the row was read with: 412 if it has changed since (no lost update)"
        answer = {
            "description": "problem: the row changed since that ETag (its current one is sent)",
            "content": {"application/problem+json": {"schema": problem}},
        }
    else:
        return
    operation.setdefault("parameters", []).append(
        {"name": header, "in": "header", "required": False, "description": doc}
        | {"schema": {"type": "string"}}
    )
    operation["responses"][code] = answer
    if get is not None and get.lock is None:  # If-Match refused rather than compared racily
        operation["responses"]["501"] = {
            "description": "problem: If-Match is not available on this route yet",
            "content": {"application/problem+json": {"schema": problem}},
        }
