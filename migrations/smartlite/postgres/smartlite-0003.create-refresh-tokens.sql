-- Create refresh_tokens: refresh tokens for authentication (seed 002, `refresh_tokens`), translated for PostgreSQL.
-- depends: smartlite-0002.create-sessions

-- No ON DELETE action (the document lists none): deleting a user who still has refresh tokens
-- is refused. refresh_tokens_user_id_fkey is the index MySQL creates for the key on its own.
CREATE TABLE refresh_tokens (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    token VARCHAR(500) NOT NULL,
    expires_at TIMESTAMP(0) WITH TIME ZONE NOT NULL,
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT refresh_tokens_token_key UNIQUE (token)
);

CREATE INDEX refresh_tokens_user_id_fkey ON refresh_tokens (user_id);
