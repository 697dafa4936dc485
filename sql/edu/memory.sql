-- The agents' memory (seed 003): session_memory by session_id and agent_sessions with their
-- counters. Every change is one statement, so concurrent requests never lose one another's.
-- :admin is true for an admin, who may read and change anyone's rows.

-- name: upsert-memory^
-- then: get-own-memory
-- Create or replace a session's memory in one statement (the UNIQUE session_id decides). A
-- session_id another user holds is left as it is (every column keeps its value), and the
-- read-back then finds no row of :user_id. MySQL evaluates the assignments left to right, and
-- user_id, which decides, is never assigned.
INSERT INTO session_memory (session_id, user_id, scenario_id, scene_id, memory_type, content,
                            metadata, importance_score)
VALUES (:session_id, :user_id, :scenario_id, :scene_id, :memory_type, :content, :metadata,
        :importance_score)
ON DUPLICATE KEY UPDATE
    scenario_id = IF(user_id = VALUES(user_id), VALUES(scenario_id), scenario_id),
    scene_id = IF(user_id = VALUES(user_id), VALUES(scene_id), scene_id),
    memory_type = IF(user_id = VALUES(user_id), VALUES(memory_type), memory_type),
    content = IF(user_id = VALUES(user_id), VALUES(content), content),
    metadata = IF(user_id = VALUES(user_id), VALUES(metadata), metadata),
    importance_score = IF(user_id = VALUES(user_id), VALUES(importance_score), importance_score),
    updated_at = IF(user_id = VALUES(user_id), CURRENT_TIMESTAMP(6), updated_at);

-- name: get-own-memory^
-- A session's memory if :user_id holds it (the upsert's read-back).
SELECT id, session_id, user_id, scenario_id, scene_id, memory_type, content, metadata,
       importance_score, access_count, last_accessed, created_at, updated_at
  FROM session_memory
 WHERE session_id = :session_id
   AND user_id = :user_id;

-- name: touch-memory^
-- then: get-memory
-- Read a session's memory: access_count + 1 and last_accessed now, in the same statement.
UPDATE session_memory
   SET access_count = COALESCE(access_count, 0) + 1, last_accessed = CURRENT_TIMESTAMP(6)
 WHERE session_id = :session_id
   AND (user_id = :viewer OR :admin);

-- name: get-memory^
-- A session's memory, if :viewer holds it or :admin.
SELECT id, session_id, user_id, scenario_id, scene_id, memory_type, content, metadata,
       importance_score, access_count, last_accessed, created_at, updated_at
  FROM session_memory
 WHERE session_id = :session_id
   AND (user_id = :viewer OR :admin);

-- name: list-memory
-- A user's memories, most important first, one keyset page after
-- (:before_importance_score, :before_id); idx_session_memory_user_importance serves it.
SELECT id, session_id, user_id, scenario_id, scene_id, memory_type, content, metadata,
       importance_score, access_count, last_accessed, created_at, updated_at
  FROM session_memory
 WHERE user_id = :user_id
   AND (importance_score < :before_importance_score
        OR (importance_score = :before_importance_score AND id < :before_id))
 ORDER BY importance_score DESC, id DESC
 LIMIT :limit;

-- name: delete-memory!
-- Forget a session's memory.
DELETE FROM session_memory
 WHERE session_id = :session_id
   AND (user_id = :viewer OR :admin);

-- name: insert-agent-session^
-- then: get-agent-session
-- A new agent session, on one of :viewer's runs (an admin: any run, or none).
INSERT INTO agent_sessions (session_id, user_progress_id, agent_type, agent_id, session_config)
SELECT :session_id, :user_progress_id, :agent_type, :agent_id, :session_config
  FROM DUAL
 WHERE :admin
    OR EXISTS (SELECT 1 FROM user_progress up
                WHERE up.id = :user_progress_id AND up.user_id = :viewer);

-- name: get-agent-session^
-- An agent session, if it is on one of :viewer's runs or :admin.
SELECT id, session_id, user_progress_id, agent_type, agent_id, session_config, status,
       started_at, last_activity, total_interactions, average_response_time, error_count,
       created_at, updated_at
  FROM agent_sessions
 WHERE session_id = :session_id
   AND (:admin
        OR EXISTS (SELECT 1 FROM user_progress up
                    WHERE up.id = agent_sessions.user_progress_id AND up.user_id = :viewer));

-- name: get-agent-session-status$
-- An agent session's status (what a refused change names).
SELECT status
  FROM agent_sessions
 WHERE session_id = :session_id
   AND (:admin
        OR EXISTS (SELECT 1 FROM user_progress up
                    WHERE up.id = agent_sessions.user_progress_id AND up.user_id = :viewer));

-- name: move-agent-session^
-- then: get-agent-session
-- An agent session's status moved from one of :from_1..3 to :to (service/states.py).
UPDATE agent_sessions
   SET status = :to, last_activity = CURRENT_TIMESTAMP(6), updated_at = CURRENT_TIMESTAMP(6)
 WHERE session_id = :session_id
   AND status IN (:from_1, :from_2, :from_3)
   AND (:admin
        OR EXISTS (SELECT 1 FROM user_progress up
                    WHERE up.id = agent_sessions.user_progress_id AND up.user_id = :viewer));

-- name: record-interaction^
-- then: get-agent-session
-- One interaction of an active session, in one statement: the running mean of response times
-- over all interactions, their count + 1, and error_count + 1 on an error. PostgreSQL reads
-- every column's old value on the right; MySQL assigns left to right, so the mean comes before
-- the count it divides by, and both engines compute the same.
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
                    WHERE up.id = agent_sessions.user_progress_id AND up.user_id = :viewer));
