-- Create vector_embeddings: pgvector embeddings for semantic search (seed 003, Vector Embeddings Table), DDL as the document writes it.
-- depends: edu-0012.create-cache-entries

-- The VECTOR type comes from pgvector (the embedded test server ships 0.6); the rollback
-- drops the extension again after the table, so downgrading to base leaves nothing behind.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE vector_embeddings (
    id SERIAL PRIMARY KEY,
    content_type VARCHAR NOT NULL, -- scenario, persona, scene, conversation
    content_id INTEGER, -- ID of the related entity

    -- Embedding data
    content TEXT NOT NULL,
    embedding VECTOR(1536), -- OpenAI embedding dimension
    metadata JSONB, -- Additional context and metadata

    -- Search optimization
    collection_name VARCHAR DEFAULT 'default',
    document_id VARCHAR, -- Unique identifier for the document

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
