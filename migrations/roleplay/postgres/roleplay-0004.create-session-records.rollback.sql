-- Undo roleplay-0004.create-session-records: its statements in reverse, one for one.

DROP TRIGGER session_records_set_updated_at ON session_records;

DROP INDEX idx_session_records_start_time;

DROP INDEX idx_session_records_role_id;

DROP INDEX idx_session_records_scenario_id;

DROP INDEX idx_session_records_user_id;

DROP TABLE session_records;
