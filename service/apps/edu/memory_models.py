"""Request and response shapes of edu's agent memory: session memory, agent sessions, the TTL
cache and vector embeddings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from msgspec import Meta, Struct

from service.apps.edu.models import Line, Name
from service.apps.edu.simulation_models import Content, Fraction, State
from service.bodies import Serial, json_fits
from service.http import field_rule

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


DIMENSIONS = 1536
# pgvector stores float4 and sums squares in float4: components within +-1e6 keep a 1536-long
# norm finite there (NaN fails both bounds, 1e39 would be infinite), and a norm of at least
# 1e-6 (`nonzero`) keeps it from vanishing, so cosine similarity is always defined.
Component = Annotated[float, Meta(ge=-1e6, le=1e6)]
Vector = Annotated[
    list[Component],
    Meta(
        min_length=DIMENSIONS,
        max_length=DIMENSIONS,
        description="exactly 1536 numbers within +-1e6, norm at least 1e-6",
    ),
]
Collection = Annotated[Name, Meta(description="a collection name")]


def nonzero(struct: Struct, name: str) -> None:
    """Cosine distance to the zero vector is undefined (pgvector answers NaN)."""
    if sum(x * x for x in getattr(struct, name)) < 1e-12:
        raise field_rule(
            name, "is zero or too close to it (norm under 1e-6); similarity needs a direction"
        )


class EmbeddingPut(Struct, forbid_unknown_fields=True, kw_only=True):
    document_id: Name
    content_type: Annotated[Name, Meta(description="scenario, persona, scene, conversation")]
    content: Content
    embedding: Vector
    collection_name: Collection = "default"
    content_id: Annotated[int, Meta(ge=-(2**31), le=2**31 - 1)] | None = None
    metadata: State | None = None

    def __post_init__(self) -> None:
        json_fits(self, "metadata")
        nonzero(self, "embedding")


class Embeddings(Struct, forbid_unknown_fields=True):
    items: Annotated[list[EmbeddingPut], Meta(min_length=1, max_length=100)]


class Embedding(Struct):
    id: int
    collection_name: str | None
    document_id: str | None
    content_type: str
    content_id: int | None
    content: str
    embedding: Any
    metadata: Any
    created_at: datetime | None
    updated_at: datetime | None


class Search(Struct, forbid_unknown_fields=True, kw_only=True):
    vector: Vector
    collection: Collection = "default"
    k: Annotated[int, Meta(ge=1, le=100)] = 5
    content_type: Name | None = None
    exact: Annotated[bool, Meta(description="an exact scan instead of the HNSW index")] = False

    def __post_init__(self) -> None:
        nonzero(self, "vector")


class Match(Struct):
    id: int
    collection_name: str | None
    document_id: str | None
    content_type: str
    content_id: int | None
    content: str
    metadata: Any
    similarity: Annotated[float, Meta(description="1 - cosine distance, -1 to 1")]
