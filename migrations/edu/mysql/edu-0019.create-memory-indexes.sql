-- Create the keys and indexes the simulation and memory routes rely on, beyond seed 003, translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0018.create-vector-hnsw-index

-- As on PostgreSQL. Two VARCHAR(255) columns in utf8mb4 make a 2040-byte key, within InnoDB's
-- 3072-byte limit.
CREATE UNIQUE INDEX vector_embeddings_collection_name_document_id_key ON vector_embeddings (collection_name, document_id);

CREATE INDEX idx_cache_entries_expires_at ON cache_entries (expires_at);

CREATE INDEX idx_session_memory_last_accessed ON session_memory (last_accessed);

-- This index leads with user_id, whose foreign key has been served by MySQL's implicit index
-- session_memory_user_id_fkey: as in edu-0016, one ALTER TABLE adds the new index and drops the
-- implicit one (a plain CREATE INDEX would drop it silently and leave the rollback unable to
-- drop the new one); the rollback swaps them back.
ALTER TABLE session_memory ADD INDEX idx_session_memory_user_importance (user_id, importance_score DESC, id DESC), DROP INDEX session_memory_user_id_fkey;
