-- PostgreSQL variants of memory.sql: ON CONFLICT for the upsert, RETURNING instead of
-- read-backs, typed parameters where INSERT ... SELECT cannot infer them.

-- name: upsert-memory^
-- Create or replace a session's memory in one statement (the UNIQUE session_id decides). A
-- session_id another user holds is left as it is, and no row comes back.
INSERT INTO session_memory (session_id, user_id, scenario_id, scene_id, memory_type, content,
                            metadata, importance_score)
VALUES (:session_id, :user_id, :scenario_id, :scene_id, :memory_type, :content, :metadata,
        :importance_score)
ON CONFLICT (session_id) DO UPDATE
   SET scenario_id = EXCLUDED.scenario_id, scene_id = EXCLUDED.scene_id,
       memory_type = EXCLUDED.memory_type, content = EXCLUDED.content,
       metadata = EXCLUDED.metadata, importance_score = EXCLUDED.importance_score,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE session_memory.user_id = EXCLUDED.user_id
RETURNING id, session_id, user_id, scenario_id, scene_id, memory_type, content, metadata,
          importance_score, access_count, last_accessed, created_at, updated_at;

-- name: touch-memory^
-- Read a session's memory: access_count + 1 and last_accessed now, in the same statement.
UPDATE session_memory
   SET access_count = COALESCE(access_count, 0) + 1, last_accessed = CURRENT_TIMESTAMP(6)
 WHERE session_id = :session_id
   AND (user_id = :viewer OR :admin)
RETURNING id, session_id, user_id, scenario_id, scene_id, memory_type, content, metadata,
          importance_score, access_count, last_accessed, created_at, updated_at;

-- name: insert-agent-session^
-- A new agent session, on one of :viewer's runs (an admin: any run, or none).
INSERT INTO agent_sessions (session_id, user_progress_id, agent_type, agent_id, session_config)
SELECT CAST(:session_id AS VARCHAR), CAST(:user_progress_id AS INTEGER),
       CAST(:agent_type AS VARCHAR), CAST(:agent_id AS VARCHAR), CAST(:session_config AS JSONB)
 WHERE CAST(:admin AS BOOLEAN)
    OR EXISTS (SELECT 1 FROM user_progress up
                WHERE up.id = CAST(:user_progress_id AS INTEGER)
                  AND up.user_id = CAST(:viewer AS INTEGER))
RETURNING id, session_id, user_progress_id, agent_type, agent_id, session_config, status,
          started_at, last_activity, total_interactions, average_response_time, error_count,
          created_at, updated_at;

-- name: move-agent-session^
-- An agent session's status moved from one of :from_1..3 to :to (service/states.py).
UPDATE agent_sessions
   SET status = :to, last_activity = CURRENT_TIMESTAMP(6), updated_at = CURRENT_TIMESTAMP(6)
 WHERE session_id = :session_id
   AND status IN (:from_1, :from_2, :from_3)
   AND (:admin
        OR EXISTS (SELECT 1 FROM user_progress up
                    WHERE up.id = agent_sessions.user_progress_id AND up.user_id = :viewer))
RETURNING id, session_id, user_progress_id, agent_type, agent_id, session_config, status,
          started_at, last_activity, total_interactions, average_response_time, error_count,
          created_at, updated_at;

-- name: record-interaction^
-- One interaction of an active session, in one statement: the running mean of response times
-- over all interactions, their count + 1, and error_count + 1 on an error (every right-hand
-- side reads the row's old values).
UPDATE agent_sessions
   SET average_response_time = (COALESCE(average_response_time, 0)
                                * COALESCE(total_interactions, 0) + :response_time)
                               / (COALESCE(total_interactions, 0) + 1),
       total_interactions = COALESCE(total_interactions, 0) + 1,
       error_count = COALESCE(error_count, 0) + CASE WHEN :error THEN 1 ELSE 0 END,
       last_activity = CURRENT_TIMESTAMP(6),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE session_id = :session_id
   AND status = 'active'
   AND (:admin
        OR EXISTS (SELECT 1 FROM user_progress up
                    WHERE up.id = agent_sessions.user_progress_id AND up.user_id = :viewer))
RETURNING id, session_id, user_progress_id, agent_type, agent_id, session_config, status,
          started_at, last_activity, total_interactions, average_response_time, error_count,
          created_at, updated_at;
