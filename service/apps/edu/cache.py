"""The TTL cache: PUT / GET / DELETE /edu/api/cache/{key}, as JSON (bytes in base64) or as raw
bytes with their media type (`?format=raw`). An expired entry is a miss at once."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from service.apps.edu.memory_models import CacheEntry, CacheKind, CachePut, MediaType
from service.db import Runner
from service.errors import BadRequest, NotFound
from service.http import bad_query, decode, query_int
from service.routing import Call

KEY_CHARS = 255
DEFAULT_MEDIA = "application/octet-stream"
_media = msgspec.json.Decoder(MediaType)
_kind = msgspec.json.Decoder(CacheKind)


def cache_key(call: Call) -> str:
    key = call.path("key")
    if not key or len(key) > KEY_CHARS or "\x00" in key or not key.isprintable():
        raise NotFound("no cache entry with that key (keys are 1 to 255 printable characters)")
    return key


def _raw(call: Call) -> bool:
    shape = call.request.query_params.get("format", "json")
    if shape not in ("json", "raw"):
        raise bad_query("format", "must be json or raw", f", not {shape!r}")
    return shape == "raw"


async def _body(call: Call) -> bytes:
    try:
        return await call.request.body()
    except ClientDisconnect:
        raise BadRequest("the request body ended before it was complete") from None


def _checked(decoder: msgspec.json.Decoder[Any], value: str, name: str) -> Any:
    try:
        return decoder.decode(msgspec.json.encode(value))
    except msgspec.ValidationError as exc:
        raise bad_query(name, str(exc)) from None


async def _raw_entry(call: Call) -> CachePut:
    """`?format=raw`: the body is the bytes, its Content-Type their media type; the entry's kind
    and time to live come as query parameters."""
    query = call.request.query_params
    kind = query.get("content_type")
    if kind is None:
        raise bad_query("content_type", "is required with format=raw (response, embedding, ...)")
    media = call.request.headers.get("content-type", DEFAULT_MEDIA).split(";")[0].strip()
    ttl = (
        query_int(call.request, "ttl_seconds", 0, 1, 10 * 365 * 86_400)
        if "ttl_seconds" in query
        else None
    )
    return CachePut(
        content_type=_checked(_kind, kind, "content_type"),
        content_data=await _body(call),
        ttl_seconds=ttl,
        media_type=_checked(_media, media.lower(), "Content-Type") if media else None,
    )


async def put(call: Call) -> CacheEntry:
    key = cache_key(call)
    entry = await _raw_entry(call) if _raw(call) else decode(await _body(call), CachePut)
    metadata = entry.metadata
    if entry.media_type is not None:
        metadata = (metadata or {}) | {"media_type": entry.media_type}
    params = msgspec.structs.asdict(entry) | {"cache_key": key, "metadata": metadata}
    params.pop("media_type")
    # As hex text: aiomysql's escaping of bytes is broken with PyMySQL 1.1 (it calls a name
    # PyMySQL replaced with a string), so the query turns the text back into bytes.
    if entry.content_data is not None:
        params["content_data"] = entry.content_data.hex()

    async def work(tx: Runner) -> CacheEntry:
        return CacheEntry(**await tx.q.put_cache(**params))

    # InnoDB may undo one of two racing upserts of a key as a deadlock: run it again.
    return await call.db.atomic(work)


async def get(call: Call) -> Any:
    raw = _raw(call)
    row = await call.db.q.hit_cache(cache_key=cache_key(call))
    if row is None:
        raise NotFound("no live cache entry with that key (absent or expired)")
    entry = CacheEntry(**row)
    if not raw:
        return entry
    meta = entry.metadata if isinstance(entry.metadata, dict) else {}
    media = meta.get("media_type") or DEFAULT_MEDIA
    return Response(
        entry.content_data or b"",
        media_type=str(media),
        headers={"X-Cache-Content-Type": entry.content_type, "Cache-Control": "no-store"},
    )


async def delete(call: Call) -> None:
    if not await call.db.q.delete_cache(cache_key=cache_key(call)):
        raise NotFound("no cache entry with that key")
