-- Undo edu-0016.create-performance-indexes: its statements in reverse, one for one.

-- The composite indexes go first; the four foreign-key indexes are not dropped with a plain
-- DROP INDEX (MySQL refuses: "needed in a foreign key constraint") but swapped back, in one
-- ALTER TABLE each, for the constraint-named index the table had before edu-0016 (see there).

DROP INDEX idx_conversation_logs_progress_scene ON conversation_logs;

DROP INDEX idx_user_progress_user_status ON user_progress;

DROP INDEX idx_scenarios_public_rating ON scenarios;

DROP INDEX idx_conversation_logs_created ON conversation_logs;

ALTER TABLE conversation_logs ADD INDEX conversation_logs_scene_id_fkey (scene_id), DROP INDEX idx_conversation_logs_scene;

ALTER TABLE conversation_logs ADD INDEX conversation_logs_user_progress_id_fkey (user_progress_id), DROP INDEX idx_conversation_logs_progress;

DROP INDEX idx_user_progress_status ON user_progress;

ALTER TABLE user_progress ADD INDEX user_progress_scenario_id_fkey (scenario_id), DROP INDEX idx_user_progress_scenario;

ALTER TABLE user_progress ADD INDEX user_progress_user_id_fkey (user_id), DROP INDEX idx_user_progress_user;

DROP INDEX idx_scenarios_rating ON scenarios;

DROP INDEX idx_scenarios_public ON scenarios;
