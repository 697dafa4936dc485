-- PostgreSQL variants of vectors.sql: pgvector's VECTOR(1536), written from JSON text (the
-- same text pgvector reads) and read back as JSON; the document's cosine search.

-- name: upsert-embedding^
-- Create or replace one document's embedding in a collection, in one statement (the unique key
-- on collection_name, document_id decides; edu-0019).
INSERT INTO vector_embeddings (collection_name, document_id, content_type, content_id, content,
                               embedding, metadata)
VALUES (:collection_name, :document_id, :content_type, :content_id, :content,
        CAST(CAST(:embedding AS TEXT) AS vector), :metadata)
ON CONFLICT (collection_name, document_id) DO UPDATE
   SET content_type = EXCLUDED.content_type, content_id = EXCLUDED.content_id,
       content = EXCLUDED.content, embedding = EXCLUDED.embedding,
       metadata = EXCLUDED.metadata, updated_at = CURRENT_TIMESTAMP(6)
RETURNING id, collection_name, document_id, content_type, content_id, content,
          CAST(CAST(embedding AS TEXT) AS JSONB) AS embedding, metadata, created_at, updated_at;

-- name: get-embedding^
-- One document's embedding in a collection (the vector as a JSON array).
SELECT id, collection_name, document_id, content_type, content_id, content,
       CAST(CAST(embedding AS TEXT) AS JSONB) AS embedding, metadata, created_at, updated_at
  FROM vector_embeddings
 WHERE collection_name = :collection_name
   AND document_id = :document_id;

-- name: tune-search$
-- How many candidates the HNSW search keeps (hnsw.ef_search) for the rest of the transaction:
-- pgvector's default of 40 loses recall, and a filter applied after the index scan needs more.
SELECT set_config('hnsw.ef_search', CAST(CAST(:ef_search AS INTEGER) AS TEXT), true);

-- name: search-embeddings
-- The document's vector search: cosine similarity 1 - (embedding <=> :vector), nearest first,
-- in one collection and optionally one content_type; served by the HNSW index (edu-0018).
SELECT id, collection_name, document_id, content_type, content_id, content, metadata,
       1 - (embedding <=> CAST(CAST(:vector AS TEXT) AS vector)) AS similarity
  FROM vector_embeddings
 WHERE collection_name = :collection
   AND (CAST(:content_type AS VARCHAR) IS NULL OR content_type = :content_type)
 ORDER BY embedding <=> CAST(CAST(:vector AS TEXT) AS vector)
 LIMIT :k;

-- name: search-embeddings-exact
-- The same search as an exact scan: ordering by the computed distance rather than by the
-- operator keeps the planner off the approximate index.
SELECT id, collection_name, document_id, content_type, content_id, content, metadata,
       1 - (embedding <=> CAST(CAST(:vector AS TEXT) AS vector)) AS similarity
  FROM vector_embeddings
 WHERE collection_name = :collection
   AND (CAST(:content_type AS VARCHAR) IS NULL OR content_type = :content_type)
 ORDER BY (embedding <=> CAST(CAST(:vector AS TEXT) AS vector)) + 0
 LIMIT :k;
