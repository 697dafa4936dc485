-- Create sessions: active user sessions (seed 002, `sessions`), the document's table rendered for MySQL 8.0.
-- depends: smartlite-0001.create-users

-- NOT NULL on the key, user_id, token, expires_at and created_at; the rest nullable (the
-- document lists types only). The foreign key is table-level and named (MySQL ignores a
-- column-level REFERENCES); no listed index starts with user_id, so MySQL adds its own index
-- for the key, named sessions_user_id_fkey after the constraint.
CREATE TABLE sessions (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    token VARCHAR(500) NOT NULL,
    ip_address VARCHAR(45),                   -- IPv4 or IPv6 text
    user_agent TEXT,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT sessions_token_key UNIQUE (token),
    INDEX idx_sessions_expires_at (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
