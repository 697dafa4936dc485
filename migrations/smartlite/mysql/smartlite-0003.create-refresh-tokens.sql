-- Create refresh_tokens: refresh tokens for authentication (seed 002, `refresh_tokens`), rendered for MySQL 8.0.
-- depends: smartlite-0002.create-sessions

-- NOT NULL on the key, user_id, token, expires_at and created_at. The document gives this
-- foreign key no ON DELETE action (it lists CASCADE only for sessions and transcriptions), so
-- none is written: deleting a user who still has refresh tokens is refused. MySQL adds its own
-- index for the key, named refresh_tokens_user_id_fkey.
CREATE TABLE refresh_tokens (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    token VARCHAR(500) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT refresh_tokens_token_key UNIQUE (token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
