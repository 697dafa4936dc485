-- Undo edu-0018.create-vector-hnsw-index: its statements in reverse, one for one.

DROP INDEX CONCURRENTLY idx_vector_embeddings_embedding_hnsw;
