"""Vector embeddings: upserted and read on both engines; searched by cosine similarity with
pgvector's HNSW index on PostgreSQL, and a 501 on MySQL / MariaDB, which have no vector type."""

from __future__ import annotations

import msgspec

from service.apps.edu.memory_models import Embedding, EmbeddingPut, Embeddings, Match, Search
from service.db import Runner
from service.errors import NotFound, NotImplementedByEngine
from service.routing import Call, found

# hnsw.ef_search for a search: candidates kept while walking the graph. Measured at 100,000
# embeddings (python -m bench.vectors; service/apps/edu/README.md): recall@10 against the exact
# scan was 0.74 at pgvector's default of 40, 0.90 at 100, 0.965 at 200 and 0.99 at 400, for
# 12 to 16 ms a search against 840 ms for the exact scan. 400 keeps room for a filter applied
# after the index scan (content_type, another collection's rows).
EF_SEARCH = 400
_text = msgspec.json.Encoder()


def _params(item: EmbeddingPut) -> dict[str, object]:
    params = msgspec.structs.asdict(item)
    params["embedding"] = _text.encode(item.embedding).decode()
    return params


def _where(call: Call) -> tuple[str, str]:
    collection, document = call.path("collection"), call.path("document_id")
    if not (0 < len(collection) <= 255 and 0 < len(document) <= 255) or "\x00" in (
        collection + document
    ):
        raise NotFound("no embedding with that collection and document id")
    return collection, document


async def upsert(call: Call) -> list[Embedding]:
    """One or many documents, in one transaction (all or none)."""
    body: Embeddings = call.body

    async def work(tx: Runner) -> list[Embedding]:
        return [Embedding(**await tx.q.upsert_embedding(**_params(item))) for item in body.items]

    return await call.db.atomic(work)


async def get(call: Call) -> Embedding:
    collection, document = _where(call)
    row = await call.db.q.get_embedding(collection_name=collection, document_id=document)
    return Embedding(**found(row, "embedding"))


async def lock_for_match(call: Call) -> None:
    """For If-Match on DELETE (service/etags.py): the embedding stays as read until the delete."""
    collection, document = _where(call)
    await call.db.q.lock_embedding(collection_name=collection, document_id=document)


async def delete(call: Call) -> None:
    collection, document = _where(call)
    if not await call.db.q.delete_embedding(collection_name=collection, document_id=document):
        raise NotFound("no embedding with that collection and document id")


async def search(call: Call) -> list[Match]:
    body: Search = call.body
    if call.db.engine != "postgres":
        raise NotImplementedByEngine(
            "vector search needs PostgreSQL with the pgvector extension (the <=> cosine"
            " distance operator); this app's database is MySQL/MariaDB, where embeddings are"
            " stored and read but not searched"
        )
    params = {
        "collection": body.collection,
        "vector": _text.encode(body.vector).decode(),
        "k": body.k,
        "content_type": body.content_type,
    }

    async def work(tx: Runner) -> list[Match]:
        if body.exact:
            return [Match(**r) for r in await tx.q.search_embeddings_exact(**params)]
        await tx.q.tune_search(ef_search=max(EF_SEARCH, 4 * body.k))
        return [Match(**r) for r in await tx.q.search_embeddings(**params)]

    return await call.db.atomic(work)
