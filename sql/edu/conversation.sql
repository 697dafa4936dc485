-- Conversations (seed 003, conversation_logs and conversation_summaries) of a simulation run.
-- Appends run after lock-progress (simulations.sql), so a run's turns are written in order.

-- name: insert-turn^
-- then: get-inserted-turn-id
-- One turn of a run, in one of the run's scenes; :persona_id, when given, must be one of the
-- run's scenario's personas. No row inserted (None) when either does not hold.
INSERT INTO conversation_logs (user_progress_id, scene_id, message_type, sender_name,
                               message_content, turn_number, persona_id, processing_time,
                               token_count, model_used)
SELECT up.id, sp.scene_id, :message_type, :sender_name, :message_content, :turn_number,
       :persona_id, :processing_time, :token_count, :model_used
  FROM user_progress up
  JOIN scene_progress sp ON sp.user_progress_id = up.id AND sp.scene_id = :scene_id
 WHERE up.id = :user_progress_id
   AND (:persona_id IS NULL
        OR EXISTS (SELECT 1 FROM scenario_personas p
                    WHERE p.id = :persona_id AND p.scenario_id = up.scenario_id));

-- name: get-inserted-turn-id^
-- The id insert-turn just made (MySQL: the read-back on the same connection).
SELECT LAST_INSERT_ID() AS id;

-- name: list-conversation
-- The document's third common query: one scene's conversation of one run, oldest first, with
-- the persona's name, one keyset page after (:after_created_at, :after_id). The rows are found
-- by idx_conversation_logs_progress_scene (user_progress_id, scene_id).
SELECT cl.id, cl.user_progress_id, cl.scene_id, cl.message_type, cl.sender_name,
       cl.message_content, cl.turn_number, cl.persona_id, sp.name AS persona_name,
       cl.processing_time, cl.token_count, cl.model_used, cl.created_at
  FROM conversation_logs cl
  LEFT JOIN scenario_personas sp ON cl.persona_id = sp.id
 WHERE cl.user_progress_id = :user_progress_id
   AND cl.scene_id = :scene_id
   AND (cl.created_at > :after_created_at
        OR (cl.created_at = :after_created_at AND cl.id > :after_id))
 ORDER BY cl.created_at ASC, cl.id ASC
 LIMIT :limit;

-- name: insert-summary^
-- then: get-inserted-summary
-- A summary of a run; :scene_id, when given, must be one of the run's scenes.
INSERT INTO conversation_summaries (session_id, user_progress_id, summary_type, content,
                                    key_points, scene_id, turn_range_start, turn_range_end)
SELECT :session_id, up.id, :summary_type, :content, :key_points, :scene_id,
       :turn_range_start, :turn_range_end
  FROM user_progress up
 WHERE up.id = :user_progress_id
   AND (:scene_id IS NULL
        OR EXISTS (SELECT 1 FROM scene_progress sp
                    WHERE sp.user_progress_id = up.id AND sp.scene_id = :scene_id));

-- name: get-inserted-summary^
-- The summary insert-summary just made (MySQL: the read-back on the same connection).
SELECT id, session_id, user_progress_id, summary_type, content, key_points, scene_id,
       turn_range_start, turn_range_end, created_at
  FROM conversation_summaries
 WHERE id = LAST_INSERT_ID();

-- name: list-summaries
-- A run's summaries, oldest first.
SELECT id, session_id, user_progress_id, summary_type, content, key_points, scene_id,
       turn_range_start, turn_range_end, created_at
  FROM conversation_summaries
 WHERE user_progress_id = :user_progress_id
 ORDER BY id
 LIMIT :limit;
