-- Create cache_entries: seed 003's cache_entries table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0011.create-agent-sessions

-- Types as in edu-0001; JSONB -> JSON; BYTEA -> LONGBLOB (up to 4 GB, as PostgreSQL's 1 GB bytea
-- fits). cache_key stays VARCHAR(255): it is unique-indexed, 1020 bytes in utf8mb4.
CREATE TABLE cache_entries (
    id INT AUTO_INCREMENT PRIMARY KEY,
    cache_key VARCHAR(255) NOT NULL,
    content_type VARCHAR(255) NOT NULL, -- response, embedding, summary

    -- Cache content
    content_data LONGBLOB, -- Serialized cache data
    content_text LONGTEXT, -- Text content for search
    metadata JSON, -- Cache metadata and tags

    -- Cache management
    ttl_seconds INTEGER, -- Time to live in seconds
    access_count INTEGER DEFAULT 0,
    last_accessed DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    expires_at DATETIME(6),
    CONSTRAINT cache_entries_cache_key_key UNIQUE (cache_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
