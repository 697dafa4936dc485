-- Undo edu-0019.create-memory-indexes: its statements in reverse, one for one.

DROP INDEX CONCURRENTLY idx_session_memory_user_importance;

DROP INDEX CONCURRENTLY idx_session_memory_last_accessed;

DROP INDEX CONCURRENTLY idx_cache_entries_expires_at;

DROP INDEX CONCURRENTLY vector_embeddings_collection_name_document_id_key;
