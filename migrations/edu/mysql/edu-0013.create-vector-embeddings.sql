-- Create vector_embeddings: seed 003's vector_embeddings table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0012.create-cache-entries

-- Types as in edu-0001; JSONB -> JSON. pgvector's VECTOR(1536) has no counterpart in MySQL 8.0 /
-- MariaDB 10.11 (TiDB and MySQL 9 have their own VECTOR, outside the shared subset): the embedding
-- is a JSON array of 1536 numbers, and the named CHECK keeps the dimension pgvector enforces (it
-- does not check that the elements are numbers). No extension is needed here, so this migration
-- has one statement where PostgreSQL's has two. Similarity search (<=>) does not exist on MySQL:
-- the service answers 501 for it there.
CREATE TABLE vector_embeddings (
    id INT AUTO_INCREMENT PRIMARY KEY,
    content_type VARCHAR(255) NOT NULL, -- scenario, persona, scene, conversation
    content_id INTEGER, -- ID of the related entity

    -- Embedding data
    content LONGTEXT NOT NULL,
    embedding JSON, -- OpenAI embedding dimension (1536, kept by the CHECK below)
    metadata JSON, -- Additional context and metadata

    -- Search optimization
    collection_name VARCHAR(255) DEFAULT 'default',
    document_id VARCHAR(255), -- Unique identifier for the document

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT vector_embeddings_embedding_check CHECK (embedding IS NULL OR (JSON_TYPE(embedding) = 'ARRAY' AND JSON_LENGTH(embedding) = 1536))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
