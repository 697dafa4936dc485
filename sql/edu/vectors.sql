-- Vector embeddings (seed 003, vector_embeddings). On MySQL / MariaDB the embedding is a JSON
-- array of 1536 numbers: stored and read back, never searched (the search route answers 501
-- there before any query runs). :embedding arrives as JSON text on both engines.

-- name: upsert-embedding^
-- then: get-embedding
-- Create or replace one document's embedding in a collection, in one statement (the unique key
-- on collection_name, document_id decides; edu-0019).
INSERT INTO vector_embeddings (collection_name, document_id, content_type, content_id, content,
                               embedding, metadata)
VALUES (:collection_name, :document_id, :content_type, :content_id, :content, :embedding,
        :metadata)
ON DUPLICATE KEY UPDATE
    content_type = VALUES(content_type), content_id = VALUES(content_id),
    content = VALUES(content), embedding = VALUES(embedding), metadata = VALUES(metadata),
    updated_at = CURRENT_TIMESTAMP(6);

-- name: get-embedding^
-- One document's embedding in a collection.
SELECT id, collection_name, document_id, content_type, content_id, content, embedding,
       metadata, created_at, updated_at
  FROM vector_embeddings
 WHERE collection_name = :collection_name
   AND document_id = :document_id;

-- name: delete-embedding!
-- Remove one document's embedding from a collection.
DELETE FROM vector_embeddings
 WHERE collection_name = :collection_name
   AND document_id = :document_id;

-- name: tune-search$
-- How hard the approximate search looks (PostgreSQL's hnsw.ef_search). Never run on MySQL.
SELECT :ef_search;

-- name: search-embeddings
-- Similarity search needs pgvector: never run on MySQL (the route answers 501 first); kept so
-- both engines define the same names.
SELECT id, collection_name, document_id, content_type, content_id, content, metadata,
       NULL AS similarity
  FROM vector_embeddings
 WHERE collection_name = :collection
   AND :vector IS NULL
   AND (:content_type IS NULL OR content_type = :content_type)
 LIMIT :k;

-- name: search-embeddings-exact
-- The exact scan search-embeddings approximates (bench and tests compare the two); PostgreSQL.
SELECT id, collection_name, document_id, content_type, content_id, content, metadata,
       NULL AS similarity
  FROM vector_embeddings
 WHERE collection_name = :collection
   AND :vector IS NULL
   AND (:content_type IS NULL OR content_type = :content_type)
 LIMIT :k;

-- name: lock-embedding$
-- For If-Match on DELETE (service/etags.py): one document's embedding row, locked.
SELECT id
  FROM vector_embeddings
 WHERE collection_name = :collection_name
   AND document_id = :document_id
   FOR UPDATE;
