-- Undo smartlite-0004.create-transcriptions: its statements in reverse, one for one.

DROP TRIGGER transcriptions_set_updated_at ON transcriptions;

DROP INDEX idx_transcriptions_user_id_created_at;

DROP INDEX idx_transcriptions_status_created_at;

DROP TABLE transcriptions;
