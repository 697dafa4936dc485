-- Undo edu-0016.create-performance-indexes: its statements in reverse, one for one.

-- yoyo runs these outside a transaction too (the migration's `transactional: false` covers both
-- directions), so DROP INDEX CONCURRENTLY, the CREATE's counterpart, drops each index without
-- blocking reads and writes on its table.

DROP INDEX CONCURRENTLY idx_conversation_logs_progress_scene;

DROP INDEX CONCURRENTLY idx_user_progress_user_status;

DROP INDEX CONCURRENTLY idx_scenarios_public_rating;

DROP INDEX CONCURRENTLY idx_conversation_logs_created;

DROP INDEX CONCURRENTLY idx_conversation_logs_scene;

DROP INDEX CONCURRENTLY idx_conversation_logs_progress;

DROP INDEX CONCURRENTLY idx_user_progress_status;

DROP INDEX CONCURRENTLY idx_user_progress_scenario;

DROP INDEX CONCURRENTLY idx_user_progress_user;

DROP INDEX CONCURRENTLY idx_scenarios_rating;

DROP INDEX CONCURRENTLY idx_scenarios_public;
