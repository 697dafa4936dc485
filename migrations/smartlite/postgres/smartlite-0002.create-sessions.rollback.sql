-- Undo smartlite-0002.create-sessions: its statements in reverse, one for one.

DROP INDEX sessions_user_id_fkey;

DROP INDEX idx_sessions_expires_at;

DROP TABLE sessions;
