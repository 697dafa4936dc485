-- PostgreSQL variants of simulations.sql: writes that answer with their row use RETURNING, and
-- elapsed time is an interval's seconds.

-- name: insert-progress^
-- A new run, in progress at the first scene, with the number of scenes the scenario has now.
INSERT INTO user_progress (user_id, scenario_id, current_scene_id, status, total_scenes,
                           orchestrator_data, conversation_summary)
VALUES (:user_id, :scenario_id, :current_scene_id, 'in_progress', :total_scenes,
        :orchestrator_data, :conversation_summary)
RETURNING id;

-- name: get-inserted-progress-id^
-- The id insert-progress just made (unused here: insert-progress returns it).
SELECT currval('user_progress_id_seq') AS id;

-- name: update-progress-data^
-- The orchestrator's state and the summary; :set_<field> false keeps the column.
UPDATE user_progress
   SET orchestrator_data = CASE WHEN :set_orchestrator_data THEN :orchestrator_data
                                ELSE orchestrator_data END,
       conversation_summary = CASE WHEN :set_conversation_summary THEN :conversation_summary
                                   ELSE conversation_summary END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :viewer OR :admin)
RETURNING id, user_id, scenario_id, current_scene_id, status, started_at, completed_at,
          total_time_spent, current_turn, total_turns, hints_used, scenes_completed, total_scenes,
          completion_percentage, orchestrator_data, conversation_summary, created_at, updated_at;

-- name: move-progress^
-- A run's status moved from one of :from_1..3 to :to (service/states.py); completing stamps
-- completed_at.
UPDATE user_progress
   SET status = :to,
       completed_at = CASE WHEN CAST(:to AS VARCHAR) = 'completed' THEN CURRENT_TIMESTAMP(6) ELSE completed_at END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :viewer OR :admin)
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, user_id, scenario_id, current_scene_id, status, started_at, completed_at,
          total_time_spent, current_turn, total_turns, hints_used, scenes_completed, total_scenes,
          completion_percentage, orchestrator_data, conversation_summary, created_at, updated_at;

-- name: complete-scene!
-- The scene in progress completed with its score and feedback; time_spent is the client's
-- figure or the seconds since the scene started.
UPDATE scene_progress
   SET status = :to,
       completed_at = CURRENT_TIMESTAMP(6),
       time_spent = COALESCE(:time_spent,
                             CAST(EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP(6) - started_at)) AS INTEGER)),
       completion_score = :completion_score,
       feedback_data = :feedback_data,
       goal_achieved = :goal_achieved,
       hints_used = COALESCE(:hints_used, hints_used),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE user_progress_id = :user_progress_id
   AND scene_id = :scene_id
   AND status IN (:from_1, :from_2, :from_3);

-- name: skip-scene!
-- The scene in progress left for the next one: skipped, with the seconds spent in it.
UPDATE scene_progress
   SET status = 'skipped',
       completed_at = CURRENT_TIMESTAMP(6),
       time_spent = CAST(EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP(6) - started_at)) AS INTEGER),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE user_progress_id = :user_progress_id
   AND scene_id = :scene_id
   AND status = 'in_progress';
