"""Request and response shapes of the chat app (seed 004)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

from service.bodies import Serial, Text, anchored

Username = Annotated[Text, Meta(min_length=1, max_length=100, description="NAS account name")]
DisplayName = Annotated[Text, Meta(max_length=100)]
Title = Annotated[Text, Meta(min_length=1, max_length=100)]
Model = Annotated[Text, Meta(min_length=1, max_length=50)]
PromptName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=50,
        pattern=anchored(r"[A-Za-z0-9_.-]+"),
        description="names data/prompts/{name}.md",
    ),
]
UserId = Annotated[Serial, Meta(description="users.id (SERIAL)")]
Content = Annotated[Text, Meta(description="any text but U+0000")]
EpochSeconds = Annotated[int, Meta(ge=0)] | Annotated[float, Meta(ge=0)]  # seconds since 1970 UTC


class Login(Struct, forbid_unknown_fields=True):
    username: Username
    display_name: DisplayName | None = None


class User(Struct):
    id: int
    username: str
    display_name: str | None
    created_at: datetime | None
    last_login_at: datetime | None


class Message(Struct, forbid_unknown_fields=True, omit_defaults=True):
    role: Literal["user", "assistant", "system"]
    content: Content
    timestamp: EpochSeconds | None = None
    is_summary: bool | None = None


class ChatCreate(Struct, forbid_unknown_fields=True):
    title: Title | None = None
    model: Model | None = None
    prompt_name: PromptName | None = None
    user_id: Annotated[UserId | None, Meta(description="admin only: whose chat")] = None


class ChatUpdate(Struct, forbid_unknown_fields=True):
    title: Title | None = None
    model: Model | None = None
    prompt_name: PromptName | None = None


class ChatSummary(Struct):
    id: uuid.UUID
    user_id: int | None
    title: str | None
    model: str | None
    prompt_name: str | None
    created_at: datetime | None
    updated_at: datetime | None


class Chat(Struct):
    id: uuid.UUID
    user_id: int | None
    title: str | None
    model: str | None
    prompt_name: str | None
    messages: list[Message] | None
    created_at: datetime | None
    updated_at: datetime | None


class Appended(Struct):
    id: uuid.UUID
    updated_at: datetime | None
    message_count: int
    appended: list[Message]


class Compact(Struct, forbid_unknown_fields=True):
    count: Annotated[int, Meta(ge=1, description="how many of the first messages to replace")]
    summary: Annotated[Text, Meta(min_length=1, description="content of the summary message")]
    timestamp: EpochSeconds | None = None


class Compacted(Struct):
    id: uuid.UUID
    replaced: int
    message_count: int
    summary: Message
