-- Undo edu-0019.create-memory-indexes: its statements in reverse, one for one.

ALTER TABLE session_memory ADD INDEX session_memory_user_id_fkey (user_id), DROP INDEX idx_session_memory_user_importance;

DROP INDEX idx_session_memory_last_accessed ON session_memory;

DROP INDEX idx_cache_entries_expires_at ON cache_entries;

DROP INDEX vector_embeddings_collection_name_document_id_key ON vector_embeddings;
