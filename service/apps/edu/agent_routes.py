"""Routes of edu's simulation and AI-memory half (seed 003): simulations, conversations,
session memory, agent sessions, the TTL cache and vector search; routes.py mounts them."""

from __future__ import annotations

from service import monitor
from service.apps.edu import cache, conversation, memory, monitoring, simulations, vectors
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
from service.apps.edu.simulation_models import (
    ActiveSimulation,
    Message,
    Progress,
    SceneComplete,
    SceneCompletion,
    SceneProgress,
    SimulationPatch,
    SimulationStart,
    Summary,
    SummaryCreate,
    Turns,
)
from service.errors import FieldError
from service.pages import Page
from service.routing import Endpoint, Param

READ = (400, 401, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)
SIM = "/api/simulations/{id}"
PAGE = (
    Param("limit", int, "page size, 1 to 200 (default 50)"),
    Param("cursor", str, "next_cursor of the previous page"),
)

SIMULATION_ENDPOINTS = (
    Endpoint(
        "POST",
        "/api/simulations",
        simulations.start,
        "Start a scenario: a run in progress at its first scene (usage and user counters + 1)",
        body=SimulationStart,
        response=Progress,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        "/api/simulations",
        simulations.active,
        "The caller's simulations in progress with scenario and current scene titles",
        response=Page[ActiveSimulation],
        query=(*PAGE, Param("user_id", int, "admins: another user's")),
        errors=(400, 401, 403, 422),
    ),
    Endpoint(
        "GET",
        SIM,
        simulations.get,
        "One simulation",
        response=Progress,
        lock=simulations.lock_for_match,
    ),
    Endpoint(
        "PATCH",
        SIM,
        simulations.patch,
        "Save the orchestrator's state (whole JSON object) and the conversation summary",
        body=SimulationPatch,
        response=Progress,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        SIM + "/scenes",
        simulations.scenes,
        "A simulation's scene rows in scene order",
        response=list[SceneProgress],
    ),
    Endpoint(
        "POST",
        SIM + "/next",
        simulations.next_scene,
        "Move to the next scene not started (the current one is skipped unless completed)",
        response=Progress,
        errors=WRITE,
    ),
    Endpoint(
        "POST",
        SIM + "/scenes/{scene_id}/complete",
        simulations.complete_scene,
        "Complete the scene in progress with a score 0..1 and feedback",
        body=SceneComplete,
        response=SceneCompletion,
        errors=WRITE,
    ),
    *(
        Endpoint(
            "POST",
            f"{SIM}/{action}",
            simulations.mover(action),
            simulations.describe(action),
            response=Progress,
            errors=WRITE,
        )
        for action in simulations.RUN.transitions
    ),
)

CONVERSATION_ENDPOINTS = (
    Endpoint(
        "POST",
        SIM + "/turns",
        conversation.append,
        "Append one or many turns to a simulation in progress (default scene: the current one)",
        body=Turns,
        response=conversation.Appended,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        SIM + "/scenes/{scene_id}/conversation",
        conversation.history,
        "One scene's conversation, oldest first, with persona names (keyset pages)",
        response=Page[Message],
        query=PAGE,
        errors=READ,
    ),
    Endpoint(
        "POST",
        SIM + "/summaries",
        conversation.summarize,
        "Add a conversation summary with key points and a turn range",
        body=SummaryCreate,
        response=Summary,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        SIM + "/summaries",
        conversation.summaries,
        "A simulation's summaries, oldest first",
        response=list[Summary],
        query=(Param("limit", int, "at most this many, 1 to 1000 (default 200)"),),
        errors=READ,
    ),
)

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
