-- Create an HNSW cosine index on vector_embeddings.embedding: nothing to do on MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0017.index-scenario-children

-- The embedding is a JSON array here and there is no similarity search to serve (the service
-- answers 501 for it), so this migration has no statement. It exists so both engines carry
-- the same migration ids and `datasvc migrate` moves them in step.
