"""Routes of edu's AI-memory half (seed 003): session memory, agent sessions, the TTL cache and
vector search; routes.py mounts them."""

from __future__ import annotations

from service import monitor
from service.apps.edu import cache, memory, monitoring, vectors
from service.apps.edu.codes import PAGE, WRITE
from service.apps.edu.memory_models import (
    AgentSession,
    AgentSessionCreate,
    AgentStatusMove,
    CacheEntry,
    Embedding,
    Embeddings,
    Interaction,
    Match,
    Memory,
    MemoryPut,
    Search,
)
from service.apps.edu.simulation_routes import CONVERSATION_ENDPOINTS, SIMULATION_ENDPOINTS
from service.errors import FieldError
from service.pages import Page
from service.routing import Endpoint, Param

MEMORY = "/api/memory/{session_id}"
AGENT = "/api/agent-sessions/{session_id}"
MEMORY_ENDPOINTS = (
    Endpoint(
        "PUT",
        MEMORY,
        memory.put_memory,
        "Create or replace the caller's memory of a session (one upsert on session_id)",
        body=MemoryPut,
        response=Memory,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        MEMORY,
        memory.get_memory,
        "Read a session's memory (access_count + 1, last_accessed now, atomically)",
        response=Memory,
    ),
    Endpoint(
        "DELETE",
        MEMORY,
        memory.delete_memory,
        "Forget a session's memory",
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        "/api/memory",
        memory.list_memory,
        "The caller's memories, most important first",
        response=Page[Memory],
        query=(*PAGE, Param("user_id", int, "admins: another user's")),
        errors=(400, 401, 403, 422),
    ),
    Endpoint(
        "POST",
        "/api/agent-sessions",
        memory.create_agent_session,
        "Start an agent session on one of the caller's simulations",
        body=AgentSessionCreate,
        response=AgentSession,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint("GET", AGENT, memory.get_agent_session, "An agent session", response=AgentSession),
    Endpoint(
        "POST",
        AGENT + "/status",
        memory.move_agent_session,
        "Change an agent session's status: active <-> paused, then completed or error",
        body=AgentStatusMove,
        response=AgentSession,
        errors=WRITE,
    ),
    Endpoint(
        "POST",
        AGENT + "/interactions",
        memory.record_interaction,
        "Record one interaction of an active session: count, running mean, errors (one statement)",
        body=Interaction,
        response=AgentSession,
        errors=WRITE,
    ),
)

CACHE = "/api/cache/{key}"
FORMAT = Param("format", str, "json (default: content_data in base64) or raw (the bytes)")
CACHE_ENDPOINTS = (
    Endpoint(
        "PUT",
        CACHE,
        cache.put,
        "Admins: put a cache entry (JSON with base64 content_data, or ?format=raw: the body's"
        " bytes with their Content-Type, kind and TTL as query parameters)",
        response=CacheEntry,
        access="admin",
        query=(
            FORMAT,
            Param("content_type", str, "format=raw: the entry's kind (response, embedding, ...)"),
            Param("ttl_seconds", int, "format=raw: seconds to live (default: no expiry)"),
        ),
        errors=(400, 401, 403, 404, 413, 415, 422),
    ),
    Endpoint(
        "GET",
        CACHE,
        cache.get,
        "Admins: a live entry (a hit: access_count + 1); absent or expired: 404",
        response=CacheEntry,
        access="admin",
        query=(FORMAT,),
        errors=(400, 401, 403, 404),
    ),
    Endpoint(
        "DELETE",
        CACHE,
        cache.delete,
        "Admins: remove a cache entry",
        status=204,
        access="admin",
        errors=(400, 401, 403, 404),
    ),
)

EMBEDDING = "/api/embeddings/{collection}/{document_id}"
VECTOR_ENDPOINTS = (
    Endpoint(
        "PUT",
        "/api/embeddings",
        vectors.upsert,
        "Admins: create or replace embeddings (1 to 100; 1536 finite numbers each) by"
        " collection_name and document_id",
        body=Embeddings,
        response=list[Embedding],
        access="admin",
        errors=(400, 401, 403, 413, 422),
    ),
    Endpoint(
        "GET",
        EMBEDDING,
        vectors.get,
        "Admins: one document's embedding",
        response=Embedding,
        access="admin",
        errors=(400, 401, 403, 404),
        lock=vectors.lock_for_match,
    ),
    Endpoint(
        "DELETE",
        EMBEDDING,
        vectors.delete,
        "Admins: remove one document's embedding",
        status=204,
        access="admin",
        errors=(400, 401, 403, 404),
    ),
    Endpoint(
        "POST",
        "/api/embeddings/search",
        vectors.search,
        "Admins: the k nearest embeddings by cosine similarity (PostgreSQL with pgvector; 501"
        " on MySQL)",
        body=Search,
        response=list[Match],
        access="admin",
        errors=(400, 401, 403, 422, 501),
    ),
)

ADMIN_ENDPOINTS = (
    Endpoint(
        "GET",
        "/api/admin/stats",
        monitoring.stats,
        "Admins: database size, table sizes and row estimates, slowest statements",
        response=monitor.Stats,
        access="admin",
        query=(Param("limit", int, "slowest statements, 1 to 100 (default 10)"),),
        errors=(400, 401, 403, 422),
    ),
)

AGENT_ENDPOINTS = (
    *SIMULATION_ENDPOINTS,
    *CONVERSATION_ENDPOINTS,
    *MEMORY_ENDPOINTS,
    *CACHE_ENDPOINTS,
    *VECTOR_ENDPOINTS,
    *ADMIN_ENDPOINTS,
)
AGENT_JSON_COLUMNS = frozenset(
    {"orchestrator_data", "feedback_data", "key_points", "metadata", "session_config", "embedding"}
)
AGENT_BOOL_COLUMNS = frozenset({"goal_achieved"})
AGENT_CONSTRAINTS = {
    "agent_sessions_session_id_key": FieldError(
        path="$.session_id", message="is taken by another agent session"
    ),
    "agent_sessions_user_progress_id_fkey": FieldError(
        path="$.user_progress_id", message="names no simulation"
    ),
    "session_memory_scenario_id_fkey": FieldError(
        path="$.scenario_id", message="names no scenario"
    ),
    "session_memory_scene_id_fkey": FieldError(path="$.scene_id", message="names no scene"),
}
