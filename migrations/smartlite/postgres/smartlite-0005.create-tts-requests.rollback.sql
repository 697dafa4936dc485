-- Undo smartlite-0005.create-tts-requests: its statements in reverse, one for one.

DROP TRIGGER tts_requests_set_updated_at ON tts_requests;

DROP INDEX tts_requests_user_id_fkey;

DROP TABLE tts_requests;
