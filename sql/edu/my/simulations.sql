-- MySQL / MariaDB / TiDB variants of simulations.sql: elapsed time by TIMESTAMPDIFF.

-- name: complete-scene!
-- The scene in progress completed with its score and feedback; time_spent is the client's
-- figure or the seconds since the scene started.
UPDATE scene_progress
   SET status = :to,
       completed_at = CURRENT_TIMESTAMP(6),
       time_spent = COALESCE(:time_spent,
                             TIMESTAMPDIFF(SECOND, started_at, CURRENT_TIMESTAMP(6))),
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
       time_spent = TIMESTAMPDIFF(SECOND, started_at, CURRENT_TIMESTAMP(6)),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE user_progress_id = :user_progress_id
   AND scene_id = :scene_id
   AND status = 'in_progress';
