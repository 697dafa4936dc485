"""Agent memory: a session's memory by session_id (create or replace in one upsert, a read that
counts itself, a user's list by importance) and agent sessions with exact counters."""

from __future__ import annotations

from typing import Any

import msgspec

from service.apps.edu.access import user_of, viewer
from service.apps.edu.memory_models import (
    AgentSession,
    AgentSessionCreate,
    AgentStatusMove,
    Interaction,
    Memory,
    MemoryPut,
)
from service.apps.edu.simulations import caller
from service.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from service.http import query_int
from service.pages import Page, decode_cursor, encode_cursor
from service.routing import Call, found
from service.states import Lifecycle

AGENT = Lifecycle(
    "agent session",
    {
        "active": (("paused",), "active"),
        "paused": (("active",), "paused"),
        "completed": (("active", "paused"), "completed"),
        "error": (("active", "paused"), "error"),
    },
)
KEY_CHARS = 255


def session_key(call: Call) -> str:
    key = call.path("session_id")
    if not key or len(key) > KEY_CHARS or "\x00" in key:
        raise NotFound("no session with that id")
    return key


async def put_memory(call: Call) -> Memory:
    body: MemoryPut = call.body
    user_id = user_of(viewer(call))
    row = await call.db.q.upsert_memory(
        session_id=session_key(call), user_id=user_id, **msgspec.structs.asdict(body)
    )
    if row is None:
        raise Conflict("another user's memory has this session_id; choose another")
    return Memory(**row)


async def get_memory(call: Call) -> Memory:
    row = await call.db.q.touch_memory(session_id=session_key(call), **await caller(call))
    return Memory(**found(row, "session memory"))


async def delete_memory(call: Call) -> None:
    if not await call.db.q.delete_memory(session_id=session_key(call), **await caller(call)):
        raise NotFound("no session memory with that id")


async def list_memory(call: Call) -> Page[Memory]:
    """A user's memories, most important first (the caller's; an admin names `user_id`)."""
    who = viewer(call)
    asked = query_int(call.request, "user_id", 0, 0, 2**31 - 1) or None
    if asked is None or asked == who.id:
        user_id = user_of(who)
    elif (await caller(call))["admin"]:
        user_id = asked
    else:
        raise Forbidden("only an admin may list another user's memory")
    limit = query_int(call.request, "limit", 50, 1, 200)
    text = call.request.query_params.get("cursor")
    before = decode_cursor(text, tuple[float, int]) if text else (2.0, 2**31 - 1)
    rows = await call.db.q.list_memory(
        user_id=user_id, before_importance_score=before[0], before_id=before[1], limit=limit + 1
    )
    items = [Memory(**r) for r in rows[:limit]]
    last = items[-1] if len(rows) > limit else None
    return Page(items, encode_cursor(last.importance_score, last.id) if last else None)


async def create_agent_session(call: Call) -> AgentSession:
    body: AgentSessionCreate = call.body
    who = await caller(call)
    if body.user_progress_id is None and not who["admin"]:
        raise Invalid(
            "an agent session belongs to one of your simulations",
            errors=[FieldError(path="$.user_progress_id", message="is required")],
        )
    row = await call.db.q.insert_agent_session(**msgspec.structs.asdict(body), **who)
    if row is None:
        raise NotFound("no simulation with that user_progress_id")
    return AgentSession(**row)


async def get_agent_session(call: Call) -> AgentSession:
    row = await call.db.q.get_agent_session(session_id=session_key(call), **await caller(call))
    return AgentSession(**found(row, "agent session"))


async def move_agent_session(call: Call) -> AgentSession:
    body: AgentStatusMove = call.body
    key, who = session_key(call), await caller(call)

    async def current() -> Any:
        return await call.db.q.get_agent_session_status(session_id=key, **who)

    row = await AGENT.move(
        body.status, call.db.q.move_agent_session, current, session_id=key, **who
    )
    return AgentSession(**row)


async def record_interaction(call: Call) -> AgentSession:
    body: Interaction = call.body
    key, who = session_key(call), await caller(call)
    row = await call.db.q.record_interaction(
        session_id=key, response_time=body.response_time, error=body.error, **who
    )
    if row is not None:
        return AgentSession(**row)
    status = await call.db.q.get_agent_session_status(session_id=key, **who)
    if status is None:
        raise NotFound("no agent session with that id")
    raise Conflict(f"the agent session is {status}; recording an interaction needs it active")
