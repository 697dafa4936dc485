-- Create cache_entries: cached responses, embeddings and summaries (seed 003, Cache Entries Table), DDL as the document writes it.
-- depends: edu-0011.create-agent-sessions

CREATE TABLE cache_entries (
    id SERIAL PRIMARY KEY,
    cache_key VARCHAR UNIQUE NOT NULL,
    content_type VARCHAR NOT NULL, -- response, embedding, summary

    -- Cache content
    content_data BYTEA, -- Serialized cache data
    content_text TEXT, -- Text content for search
    metadata JSONB, -- Cache metadata and tags

    -- Cache management
    ttl_seconds INTEGER, -- Time to live in seconds
    access_count INTEGER DEFAULT 0,
    last_accessed TIMESTAMP WITH TIME ZONE DEFAULT NOW(),

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    expires_at TIMESTAMP WITH TIME ZONE
);
