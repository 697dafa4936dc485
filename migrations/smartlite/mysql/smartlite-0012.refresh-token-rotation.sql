-- refresh_tokens gets session_id and used_at: an addition beyond seed 002, for refresh rotation with reuse detection.
-- depends: smartlite-0011.create-usage-metrics

-- The document's refresh_tokens cannot tell a consumed token from an unknown one, nor which
-- session a token renews. session_id ties a token to its session (a session's end takes its
-- tokens with it); used_at marks a token consumed by rotation, so presenting it again is
-- recognised as theft and ends every session of the user. See README, engine mapping.
ALTER TABLE refresh_tokens ADD COLUMN session_id VARCHAR(128) NULL;
ALTER TABLE refresh_tokens ADD COLUMN used_at TIMESTAMP NULL;
CREATE INDEX refresh_tokens_session_id_fkey ON refresh_tokens (session_id);
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_session_id_fkey FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE;
