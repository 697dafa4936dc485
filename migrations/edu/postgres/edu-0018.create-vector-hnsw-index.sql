-- Create an HNSW cosine index on vector_embeddings.embedding (beyond seed 003: its search stays fast at 100,000 vectors; README, engine mapping).
-- depends: edu-0017.index-scenario-children
-- transactional: false

-- The document's search orders by `embedding <=> :v` (cosine distance): vector_cosine_ops is the
-- operator class that serves that ORDER BY. pgvector's defaults (m = 16, ef_construction = 64)
-- are kept; the search raises hnsw.ef_search per query for recall (service/apps/edu/vectors.py).
-- CONCURRENTLY, as in edu-0016, so building it on a filled table blocks no writes.
CREATE INDEX CONCURRENTLY idx_vector_embeddings_embedding_hnsw ON vector_embeddings USING hnsw (embedding vector_cosine_ops);
