-- Undo roleplay-0004.create-session-records: its statements in reverse, one for one.

DROP INDEX idx_session_records_start_time ON session_records;

DROP INDEX idx_session_records_role_id ON session_records;

DROP INDEX idx_session_records_scenario_id ON session_records;

DROP TABLE session_records;
