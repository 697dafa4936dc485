-- Create users: seed 000's users table (2.1) on its own engine (TiDB/MySQL), rendered from the document's table.
-- depends:

-- The document gives tables, not DDL: fields in its order with its types. "Unique, Index" on
-- username is one UNIQUE key named as PostgreSQL names it (users_username_key), so a conflict
-- names the same constraint on both engines; its index serves the lookups, a second plain
-- index on the same column would be redundant. "Default Now" / "OnUpdate Now" give no type:
-- DATETIME(6), so every update visibly moves updated_at and keyset pagination has a fine key.
-- utf8mb4_bin is TiDB's default collation and compares like PostgreSQL (case-sensitive).
CREATE TABLE users (
    id VARCHAR(36) PRIMARY KEY,
    username VARCHAR(100),             -- Login ID / Name
    avatar_url VARCHAR(512),           -- a URL path, not a Base64 blob
    settings JSON,                     -- user-specific settings (API keys, etc.)
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    CONSTRAINT users_username_key UNIQUE (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
