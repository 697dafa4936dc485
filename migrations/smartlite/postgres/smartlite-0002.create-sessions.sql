-- Create sessions: active user sessions (seed 002, `sessions`), the document's MySQL table translated for PostgreSQL.
-- depends: smartlite-0001.create-users

-- MySQL indexes a foreign key on its own when no index starts with its column; that index,
-- sessions_user_id_fkey, is created here explicitly under the same name.
CREATE TABLE sessions (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    token VARCHAR(500) NOT NULL,
    ip_address VARCHAR(45),                   -- IPv4 or IPv6 text
    user_agent TEXT,
    expires_at TIMESTAMP(0) WITH TIME ZONE NOT NULL,
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT sessions_token_key UNIQUE (token)
);

CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);

CREATE INDEX sessions_user_id_fkey ON sessions (user_id);
