-- Undo smartlite-0012.refresh-token-rotation: its statements in reverse, one for one.

ALTER TABLE refresh_tokens DROP FOREIGN KEY refresh_tokens_session_id_fkey;
DROP INDEX refresh_tokens_session_id_fkey ON refresh_tokens;
ALTER TABLE refresh_tokens DROP COLUMN used_at;
ALTER TABLE refresh_tokens DROP COLUMN session_id;
