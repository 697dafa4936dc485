-- Create the keys and indexes the simulation and memory routes rely on, beyond seed 003 (README, engine mapping).
-- depends: edu-0018.create-vector-hnsw-index
-- transactional: false

-- An embedding is upserted by (collection_name, document_id): the unique key makes concurrent
-- upserts of one document leave one row (ON CONFLICT needs it).
CREATE UNIQUE INDEX CONCURRENTLY vector_embeddings_collection_name_document_id_key ON vector_embeddings (collection_name, document_id);

-- Retention deletes expired cache entries and idle session memory in batches: without these
-- each batch would scan the whole table.
CREATE INDEX CONCURRENTLY idx_cache_entries_expires_at ON cache_entries (expires_at);

CREATE INDEX CONCURRENTLY idx_session_memory_last_accessed ON session_memory (last_accessed);

-- A user's memory listed by importance (GET /edu/api/memory).
CREATE INDEX CONCURRENTLY idx_session_memory_user_importance ON session_memory (user_id, importance_score DESC, id DESC);
