"""Request and response shapes of the chat app (seed 004)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

from service.bodies import STORABLE

# PostgreSQL cannot store U+0000 and no engine a lone surrogate: refused up front, alike.
NO_NUL = STORABLE
Username = Annotated[
    str, Meta(min_length=1, max_length=100, pattern=NO_NUL, description="NAS account name")
]
DisplayName = Annotated[str, Meta(max_length=100, pattern=NO_NUL)]
Title = Annotated[str, Meta(min_length=1, max_length=100, pattern=NO_NUL)]
Model = Annotated[str, Meta(min_length=1, max_length=50)]
PromptName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=50,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="names data/prompts/{name}.md",
    ),
]
UserId = Annotated[int, Meta(ge=1)]
Text = Annotated[str, Meta(pattern=NO_NUL, description="any text but U+0000")]
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
    content: Text
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
    summary: Annotated[
        str, Meta(min_length=1, pattern=NO_NUL, description="content of the summary message")
    ]
    timestamp: EpochSeconds | None = None


class Compacted(Struct):
    id: uuid.UUID
    replaced: int
    message_count: int
    summary: Message
