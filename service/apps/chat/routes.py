"""Routes of the chat app, mounted at /chat (seed 004's users and ai_chats)."""

from __future__ import annotations

import time
import uuid

from service.apps.chat.models import (
    Appended,
    Chat,
    ChatCreate,
    ChatSummary,
    ChatUpdate,
    Compact,
    Compacted,
    Login,
    Message,
    User,
    UserId,
)
from service.errors import Conflict, Invalid, NotFound, Unauthorized
from service.http import query_value
from service.pages import Keyset, Page
from service.routing import AppSpec, Call, Endpoint, Param, found

CHATS = Keyset("updated_at", id_kind=uuid.UUID, first_id=uuid.UUID(int=(1 << 128) - 1))


def _user_id(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise Unauthorized("the token's subject is not a chat user id") from None


def _owner(call: Call, requested: int | None = None) -> int | None:
    return _user_id(call.acting_for(None if requested is None else str(requested)))


def _chat_id(call: Call) -> uuid.UUID:
    try:
        return uuid.UUID(call.path("chat_id"))
    except ValueError:
        raise NotFound("no chat with that id (chat ids are UUIDs)") from None


async def login(call: Call) -> User:
    body: Login = call.body
    row = await call.db.q.record_login(username=body.username, display_name=body.display_name)
    return User(**row)


async def me(call: Call) -> User:
    if call.principal.is_admin:
        raise NotFound("an admin token is not a chat user; use a user token")
    row = await call.db.q.get_user(id=_user_id(call.principal.subject))
    return User(**found(row, "user"))


async def list_chats(call: Call) -> Page[ChatSummary]:
    owner = _owner(call, query_value(call.request, "user_id", UserId))
    window = CHATS.window(call.request)
    if owner is None:
        rows = await call.db.q.list_all_chats(**window.params)
    else:
        rows = await call.db.q.list_chats(user_id=owner, **window.params)
    return CHATS.page(rows, window, lambda r: ChatSummary(**r))


async def create_chat(call: Call) -> Chat:
    body: ChatCreate = call.body
    owner = _owner(call, body.user_id)
    if owner is None:
        raise Invalid("an admin token must say whose chat this is: give user_id")
    row = await call.db.q.insert_chat(
        id=uuid.uuid4(),
        owner=owner,
        title=body.title,
        model=body.model,
        prompt_name=body.prompt_name,
    )
    return Chat(**row)


async def get_chat(call: Call) -> Chat:
    row = await call.db.q.get_chat(id=_chat_id(call), owner=_owner(call))
    return Chat(**found(row, "chat"))


async def lock_chat(call: Call) -> None:
    """For If-Match on PATCH / DELETE (service/etags.py): the chat stays as read."""
    found(await call.db.q.lock_chat(id=_chat_id(call), owner=_owner(call)), "chat")


async def update_chat(call: Call) -> Chat:
    body: ChatUpdate = call.body
    row = await call.db.q.update_chat(
        id=_chat_id(call),
        owner=_owner(call),
        title=body.title,
        model=body.model,
        prompt_name=body.prompt_name,
    )
    return Chat(**found(row, "chat"))


async def delete_chat(call: Call) -> None:
    if not await call.db.q.delete_chat(id=_chat_id(call), owner=_owner(call)):
        raise NotFound("no chat with that id")


def _stamped(messages: list[Message]) -> list[Message]:
    now = int(time.time())
    for message in messages:
        if message.timestamp is None:
            message.timestamp = now
    return messages


async def append_messages(call: Call) -> Appended:
    body: Message | list[Message] = call.body
    messages = _stamped(body if isinstance(body, list) else [body])
    if not messages:
        raise Invalid("give one message or a non-empty list of messages")
    stats = await call.db.q.append_messages(
        id=_chat_id(call), owner=_owner(call), messages=messages
    )
    return Appended(appended=messages, **found(stats, "chat"))


async def compact(call: Call) -> Compacted:
    body: Compact = call.body
    summary = Message(
        role="system",
        content=body.summary,
        is_summary=True,
        timestamp=body.timestamp if body.timestamp is not None else int(time.time()),
    )
    chat_id, owner = _chat_id(call), _owner(call)
    stats = await call.db.q.compact_messages(
        id=chat_id, owner=owner, count=body.count, summary=summary
    )
    if stats is None:
        # Only a refusal reads the chat again, to tell 404 from 409 and say why.
        chat = found(await call.db.q.get_chat(id=chat_id, owner=owner), "chat")
        had = len(chat["messages"] or [])
        raise Conflict(f"the chat has {had} messages; cannot replace {body.count}")
    return Compacted(
        id=chat_id, replaced=body.count, message_count=stats["message_count"], summary=summary
    )


PAGE = (
    Param("limit", int, f"page size, 1 to {CHATS.most} (default {CHATS.default})"),
    Param("cursor", str, "next_cursor of the previous page"),
)
FOR_USER = Param("user_id", UserId, "admin only: act for this user (default: all users)")

APP = AppSpec(
    name="chat",
    subject=UserId,
    json_columns=frozenset({"messages"}),
    endpoints=(
        Endpoint(
            "POST",
            "/api/users/login",
            login,
            "Record a NAS login (creates the user once)",
            body=Login,
            response=User,
            access="admin",
        ),
        Endpoint("GET", "/api/users/me", me, "The calling user", response=User),
        Endpoint(
            "GET",
            "/api/chats",
            list_chats,
            "List chats, most recently updated first",
            response=Page[ChatSummary],
            query=(*PAGE, FOR_USER),
        ),
        Endpoint(
            "POST",
            "/api/chats",
            create_chat,
            "Create a chat (omitted fields take defaults)",
            body=ChatCreate,
            response=Chat,
            status=201,
            idempotent=True,
        ),
        Endpoint(
            "GET",
            "/api/chats/{chat_id}",
            get_chat,
            "One chat with its messages",
            response=Chat,
            lock=lock_chat,
        ),
        Endpoint(
            "PATCH",
            "/api/chats/{chat_id}",
            update_chat,
            "Change title, model, prompt",
            body=ChatUpdate,
            response=Chat,
        ),
        Endpoint("DELETE", "/api/chats/{chat_id}", delete_chat, "Delete a chat", status=204),
        Endpoint(
            "POST",
            "/api/chats/{chat_id}/messages",
            append_messages,
            "Append one message or a list, atomically",
            body=Message | list[Message],
            response=Appended,
            idempotent=True,
        ),
        Endpoint(
            "POST",
            "/api/chats/{chat_id}/compact",
            compact,
            "Replace the first N messages by one summary message",
            body=Compact,
            response=Compacted,
            idempotent=True,
            errors=(400, 401, 404, 409, 422),
        ),
    ),
)
