-- The vector-search bench (python -m bench.vectors), PostgreSQL with pgvector: embeddings made
-- by the server in clusters, as real text embeddings are, and the HNSW index rebuilt after the
-- load (one build is far faster than 100,000 inserts into the graph).

-- name: seed-vectors!
-- Vectors :first .. :first + :count - 1 in collection 'bench': cluster n % :clusters's centre
-- (a fixed pseudo-random point) plus uniform noise of width :noise.
INSERT INTO vector_embeddings (collection_name, document_id, content_type, content_id, content,
                               embedding)
SELECT 'bench', 'doc-' || n, CASE WHEN n % 4 = 0 THEN 'persona' ELSE 'scene' END, n,
       'bench document ' || n, v.embedding
  FROM generate_series(:first::int, :first::int + :count::int - 1) AS n,
       LATERAL (SELECT array_agg(sin((n % :clusters::int) * 12.9898 + i * 78.233)
                                 + (random() - 0.5) * :noise::float8 ORDER BY i)::vector(1536)
                       AS embedding
                  FROM generate_series(1, 1536) AS i) AS v;

-- name: query-vector$
-- A query near cluster :cluster (not a stored vector), as JSON text.
SELECT CAST(CAST(array_agg(sin(:cluster::int * 12.9898 + i * 78.233)
                           + (random() - 0.5) * :noise::float8 ORDER BY i) AS vector) AS TEXT)
  FROM generate_series(1, 1536) AS i;

-- name: drop-hnsw!
-- The approximate index, dropped before the load.
DROP INDEX IF EXISTS idx_vector_embeddings_embedding_hnsw;

-- name: build-memory$
-- Memory for the index build, for this transaction (a graph that fits builds many times faster).
SELECT set_config('maintenance_work_mem', :memory, true);

-- name: build-hnsw!
-- edu-0018's index, rebuilt after the load.
CREATE INDEX idx_vector_embeddings_embedding_hnsw ON vector_embeddings
 USING hnsw (embedding vector_cosine_ops);

-- name: analyze-vectors!
ANALYZE vector_embeddings;

-- name: count-vectors$
SELECT COUNT(*) FROM vector_embeddings WHERE collection_name = 'bench';

-- name: explain-search
-- The plan of the app's search, to show it walks the HNSW index.
EXPLAIN SELECT id FROM vector_embeddings WHERE collection_name = 'bench'
 ORDER BY embedding <=> CAST(CAST(:vector AS TEXT) AS vector) LIMIT 10;

-- name: no-timeout$
-- No statement timeout for the rest of this transaction (loading and building take minutes).
SELECT set_config('statement_timeout', '0', true);
