"""LLM conversations and their messages (seed 002): appends and deletes of one conversation
queue on its row lock; messages with tokens are metered in the append's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from service.apps.smartlite.common import creator, new_id, owner, path_id
from service.apps.smartlite.models import Id
from service.apps.smartlite.usage import meter
from service.bodies import INT32_MAX, Text, changes, json_fits, text_fits
from service.db import Runner
from service.errors import Invalid, NotFound
from service.http import query_int, query_value
from service.pages import Keyset, Page, decode_cursor, encode_cursor
from service.routing import Call, Endpoint, Param, found

Title = Annotated[Text, Meta(max_length=255)]
Model = Annotated[Text, Meta(min_length=1, max_length=50)]
Tokens = Annotated[int, Meta(ge=0, le=INT32_MAX)]
MOST_APPENDED = 100
RECENT = Keyset("updated_at")


class ConversationCreate(Struct, forbid_unknown_fields=True):
    title: Title | None = None
    model: Model | None = None
    system_prompt: Text | None = None
    user_id: Annotated[Id | None, Meta(description="admin only: whose conversation")] = None

    def __post_init__(self) -> None:
        text_fits(self, "system_prompt")


class ConversationPatch(Struct, forbid_unknown_fields=True):
    title: Title | None | UnsetType = UNSET
    model: Model | None | UnsetType = UNSET
    system_prompt: Text | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        text_fits(self, "system_prompt")


class Conversation(Struct):
    id: str
    user_id: str
    title: str | None
    model: str | None
    system_prompt: str | None
    created_at: datetime
    updated_at: datetime


class MessageIn(Struct, forbid_unknown_fields=True):
    role: Literal["user", "assistant", "system"]
    content: Text
    tokens: Tokens | None = None
    metadata: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        text_fits(self, "content")
        json_fits(self, "metadata")


class Message(Struct):
    id: str
    conversation_id: str
    role: str
    content: str
    tokens: int | None
    metadata: dict[str, Any] | None
    created_at: datetime


class Messages(Struct):
    """Messages in order; pass `next_cursor` back as `cursor` for the next page."""

    items: list[Message]
    next_cursor: str | None


class ConversationFull(Struct):
    conversation: Conversation
    messages: Messages


async def create(call: Call) -> Conversation:
    body: ConversationCreate = call.body
    params = {
        "id": new_id(),
        "user_id": creator(call, body.user_id),
        "title": body.title,
        "model": body.model,
        "system_prompt": body.system_prompt,
    }
    return Conversation(**await call.db.q.insert_conversation(**params))


async def list_conversations(call: Call) -> Page[Conversation]:
    user = call.acting_for(query_value(call.request, "user_id", str))
    if user is None:
        raise Invalid("an admin lists one user's conversations: give user_id")
    window = RECENT.window(call.request)
    rows = await call.db.q.list_conversations(user_id=user, **window.params)
    return RECENT.page(rows, window, lambda r: Conversation(**r))


async def _messages(call: Call, runner: Runner, conversation: str) -> Messages:
    limit = query_int(call.request, "limit", 50, 1, 200)
    text = call.request.query_params.get("cursor")
    after = decode_cursor(text, tuple[str])[0] if text else ""
    rows = await runner.q.list_messages(
        conversation_id=conversation, after_id=after, limit=limit + 1
    )
    items = [Message(**r) for r in rows[:limit]]
    more = len(rows) > limit
    return Messages(items, encode_cursor(items[-1].id) if more else None)


async def get(call: Call) -> ConversationFull:
    conversation = path_id(call, "id", "conversation")
    row = found(
        await call.db.q.get_conversation(id=conversation, owner=owner(call)), "conversation"
    )
    return ConversationFull(Conversation(**row), await _messages(call, call.db, conversation))


async def list_messages(call: Call) -> Messages:
    conversation = path_id(call, "id", "conversation")
    found(await call.db.q.get_conversation(id=conversation, owner=owner(call)), "conversation")
    return await _messages(call, call.db, conversation)


async def lock(call: Call) -> None:
    """For If-Match on PATCH / DELETE (service/etags.py): the conversation stays as read."""
    conversation = path_id(call, "id", "conversation")
    found(await call.db.q.lock_conversation(id=conversation, owner=owner(call)), "conversation")


async def update(call: Call) -> Conversation:
    conversation = path_id(call, "id", "conversation")
    row = await call.db.q.update_conversation(
        id=conversation, owner=owner(call), **changes(call.body)
    )
    return Conversation(**found(row, "conversation"))


async def delete(call: Call) -> None:
    """The conversation and its messages, in one transaction."""
    conversation = path_id(call, "id", "conversation")
    async with call.db.transaction() as tx:
        if not await tx.q.touch_conversation(id=conversation, owner=owner(call)):
            raise NotFound("no conversation with that id")
        await tx.q.delete_conversation_messages(conversation_id=conversation)
        await tx.q.delete_conversation(id=conversation)


async def append(call: Call) -> Messages:
    """One message or a list, all or none; those with tokens are metered as LLM usage."""
    body: MessageIn | list[MessageIn] = call.body
    given = body if isinstance(body, list) else [body]
    if not 1 <= len(given) <= MOST_APPENDED:
        raise Invalid(f"give one message or a list of 1 to {MOST_APPENDED} messages")
    conversation = path_id(call, "id", "conversation")

    async def work(tx: Runner) -> list[str]:
        if not await tx.q.touch_conversation(id=conversation, owner=owner(call)):
            raise NotFound("no conversation with that id")
        ids = []
        for message in given:
            ids.append(new_id())
            await tx.q.insert_message(
                id=ids[-1],
                conversation_id=conversation,
                role=message.role,
                content=message.content,
                tokens=message.tokens,
                metadata=message.metadata,
            )
        counted = [m.tokens for m in given if m.tokens]
        if counted:
            user = await tx.q.get_conversation_owner(id=conversation)
            await meter(tx, call.request, user, "llm", tokens=sum(counted), requests=len(counted))
        return ids

    ids = await call.db.atomic(work)
    rows = await call.db.q.list_messages_from(
        conversation_id=conversation, from_id=ids[0], limit=len(ids)
    )
    mine = set(ids)
    return Messages([Message(**r) for r in rows if r["id"] in mine], None)


PAGE = (
    Param("limit", int, "page size, 1 to 200 (default 50)"),
    Param("cursor", str, "next_cursor of the previous page"),
)
READ = (400, 401, 403, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)
ENDPOINTS = (
    Endpoint(
        "POST",
        "/api/conversations",
        create,
        "Start a conversation",
        body=ConversationCreate,
        response=Conversation,
        status=201,
        errors=WRITE,
        idempotent=True,
    ),
    Endpoint(
        "GET",
        "/api/conversations",
        list_conversations,
        "A user's conversations, most recently updated first",
        response=Page[Conversation],
        query=(*PAGE, Param("user_id", str, "admin: whose conversations")),
        errors=READ,
    ),
    Endpoint(
        "GET",
        "/api/conversations/{id}",
        get,
        "One conversation with its first page of messages",
        response=ConversationFull,
        query=PAGE,
        errors=READ,
        lock=lock,
    ),
    Endpoint(
        "PATCH",
        "/api/conversations/{id}",
        update,
        "Rename a conversation (or change model, system prompt)",
        body=ConversationPatch,
        response=Conversation,
        errors=WRITE,
    ),
    Endpoint(
        "DELETE",
        "/api/conversations/{id}",
        delete,
        "Delete a conversation and its messages",
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        "/api/conversations/{id}/messages",
        list_messages,
        "A conversation's messages in order",
        response=Messages,
        query=PAGE,
        errors=READ,
    ),
    Endpoint(
        "POST",
        "/api/conversations/{id}/messages",
        append,
        "Append one message or a list of up to 100, all or none (tokens are metered)",
        body=MessageIn | list[MessageIn],
        response=Messages,
        status=201,
        errors=WRITE,
        idempotent=True,
    ),
)
