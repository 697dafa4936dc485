"""Request and response shapes of edu's agent memory: session memory, agent sessions, the TTL
cache and vector embeddings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from msgspec import Meta, Struct

from service.apps.edu.models import Line, Name
from service.apps.edu.simulation_models import Content, Fraction, State
from service.bodies import Serial, json_fits

AgentStatus = Literal["active", "paused", "completed", "error"]


class MemoryPut(Struct, forbid_unknown_fields=True, kw_only=True):
    memory_type: Annotated[
        Name, Meta(description="conversation, context or summary (any short name)")
    ]
    content: Content
    metadata: State | None = None
    importance_score: Annotated[Fraction, Meta(description="0.0 to 1.0")] = 0.5
    scenario_id: Serial | None = None
    scene_id: Serial | None = None

    def __post_init__(self) -> None:
        json_fits(self, "metadata")


class Memory(Struct):
    id: int
    session_id: str
    user_id: int | None
    scenario_id: int | None
    scene_id: int | None
    memory_type: str
    content: str
    metadata: Any
    importance_score: float | None
    access_count: int | None
    last_accessed: datetime | None
    created_at: datetime | None
    updated_at: datetime | None


class AgentSessionCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    session_id: Name
    agent_type: Annotated[Name, Meta(description="persona, summarization, grading, ...")]
    user_progress_id: Serial | None = None
    agent_id: Line | None = None
    session_config: State | None = None

    def __post_init__(self) -> None:
        json_fits(self, "session_config")


class AgentSession(Struct):
    id: int
    session_id: str
    user_progress_id: int | None
    agent_type: str
    agent_id: str | None
    session_config: Any
    status: str | None
    started_at: datetime | None
    last_activity: datetime | None
    total_interactions: int | None
    average_response_time: float | None
    error_count: int | None
    created_at: datetime | None
    updated_at: datetime | None


class AgentStatusMove(Struct, forbid_unknown_fields=True):
    status: AgentStatus


class Interaction(Struct, forbid_unknown_fields=True, kw_only=True):
    response_time: Annotated[float, Meta(ge=0.0, le=1e9, description="seconds")]
    error: bool = False


CacheKind = Annotated[
    str,
    Meta(
        pattern=r"^[A-Za-z0-9_.:-]{1,64}\Z",
        description="what the entry holds: response, embedding, summary (a word)",
    ),
]
Ttl = Annotated[int, Meta(ge=1, le=10 * 365 * 86_400, description="seconds; null: never")]
MediaType = Annotated[str, Meta(max_length=255, pattern=r"^[!-~]+/[!-~]+\Z")]


class CachePut(Struct, forbid_unknown_fields=True, kw_only=True):
    """An entry sent as JSON: `content_data` is base64 (standard alphabet, padded)."""

    content_type: CacheKind
    content_data: bytes | None = None
    content_text: Content | None = None
    metadata: State | None = None
    ttl_seconds: Ttl | None = None
    media_type: Annotated[
        MediaType | None, Meta(description="the bytes' media type, kept in metadata.media_type")
    ] = None

    def __post_init__(self) -> None:
        json_fits(self, "metadata")


class CacheEntry(Struct):
    """An entry; `content_data` is base64 in JSON (GET ?format=raw answers the bytes)."""

    cache_key: str
    content_type: str
    content_data: bytes | None
    content_text: str | None
    metadata: Any
    ttl_seconds: int | None
    access_count: int | None
    last_accessed: datetime | None
    created_at: datetime | None
    expires_at: datetime | None
