-- PostgreSQL variants of conversation.sql: RETURNING instead of a read-back, and each
-- parameter typed (in INSERT ... SELECT PostgreSQL cannot infer them from the target columns).

-- name: insert-turn^
-- One turn of a run, in one of the run's scenes; :persona_id, when given, must be one of the
-- run's scenario's personas. No row inserted (None) when either does not hold.
INSERT INTO conversation_logs (user_progress_id, scene_id, message_type, sender_name,
                               message_content, turn_number, persona_id, processing_time,
                               token_count, model_used)
SELECT up.id, sp.scene_id, CAST(:message_type AS VARCHAR), CAST(:sender_name AS VARCHAR),
       CAST(:message_content AS TEXT), CAST(:turn_number AS INTEGER),
       CAST(:persona_id AS INTEGER), CAST(:processing_time AS DOUBLE PRECISION),
       CAST(:token_count AS INTEGER), CAST(:model_used AS VARCHAR)
  FROM user_progress up
  JOIN scene_progress sp ON sp.user_progress_id = up.id AND sp.scene_id = CAST(:scene_id AS INTEGER)
 WHERE up.id = :user_progress_id
   AND (CAST(:persona_id AS INTEGER) IS NULL
        OR EXISTS (SELECT 1 FROM scenario_personas p
                    WHERE p.id = CAST(:persona_id AS INTEGER) AND p.scenario_id = up.scenario_id))
RETURNING id;

-- name: get-inserted-turn-id^
-- The id insert-turn just made (unused here: insert-turn returns it).
SELECT currval('conversation_logs_id_seq') AS id;

-- name: insert-summary^
-- A summary of a run; :scene_id, when given, must be one of the run's scenes.
INSERT INTO conversation_summaries (session_id, user_progress_id, summary_type, content,
                                    key_points, scene_id, turn_range_start, turn_range_end)
SELECT CAST(:session_id AS VARCHAR), up.id, CAST(:summary_type AS VARCHAR),
       CAST(:content AS TEXT), CAST(:key_points AS JSONB), CAST(:scene_id AS INTEGER),
       CAST(:turn_range_start AS INTEGER), CAST(:turn_range_end AS INTEGER)
  FROM user_progress up
 WHERE up.id = :user_progress_id
   AND (CAST(:scene_id AS INTEGER) IS NULL
        OR EXISTS (SELECT 1 FROM scene_progress sp
                    WHERE sp.user_progress_id = up.id
                      AND sp.scene_id = CAST(:scene_id AS INTEGER)))
RETURNING id, session_id, user_progress_id, summary_type, content, key_points, scene_id,
          turn_range_start, turn_range_end, created_at;

-- name: get-inserted-summary^
-- The summary insert-summary just made (unused here: insert-summary returns it).
SELECT id, session_id, user_progress_id, summary_type, content, key_points, scene_id,
       turn_range_start, turn_range_end, created_at
  FROM conversation_summaries
 WHERE id = currval('conversation_summaries_id_seq');
