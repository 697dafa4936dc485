-- Simulations (seed 003, user_progress and scene_progress): a user's run through a scenario.
-- Every write under a run locks its user_progress row first (lock-progress), so the scene rows
-- and the totals derived from them change one request at a time. :admin is true for an admin
-- (the service's token or an active user with role admin), who may act on any run.

-- name: first-scene-id$
-- The scenario's first scene by scene_order (a new run starts there); read under its lock.
SELECT id
  FROM scenario_scenes
 WHERE scenario_id = :scenario_id
 ORDER BY scene_order, id
 LIMIT 1;

-- name: insert-progress^
-- then: get-inserted-progress-id
-- A new run, in progress at the first scene, with the number of scenes the scenario has now.
INSERT INTO user_progress (user_id, scenario_id, current_scene_id, status, total_scenes,
                           orchestrator_data, conversation_summary)
VALUES (:user_id, :scenario_id, :current_scene_id, 'in_progress', :total_scenes,
        :orchestrator_data, :conversation_summary);

-- name: get-inserted-progress-id^
-- The id insert-progress just made (MySQL: the read-back on the same connection).
SELECT LAST_INSERT_ID() AS id;

-- name: insert-scene-progress!
-- One scene_progress row per scene of the scenario: the first in progress, the rest not started.
INSERT INTO scene_progress (user_progress_id, scene_id, status, started_at)
SELECT :user_progress_id, sc.id,
       CASE WHEN sc.id = :current_scene_id THEN 'in_progress' ELSE 'not_started' END,
       CASE WHEN sc.id = :current_scene_id THEN CURRENT_TIMESTAMP(6) ELSE NULL END
  FROM scenario_scenes sc
 WHERE sc.scenario_id = :scenario_id;

-- name: count-usage!
-- The scenario was started once more.
UPDATE scenarios
   SET usage_count = COALESCE(usage_count, 0) + 1
 WHERE id = :id;

-- name: count-simulation!
-- The user started one more simulation.
UPDATE users
   SET total_simulations = COALESCE(total_simulations, 0) + 1
 WHERE id = :id;

-- name: get-progress^
-- One run, if :viewer owns it or :admin.
SELECT id, user_id, scenario_id, current_scene_id, status, started_at, completed_at,
       total_time_spent, current_turn, total_turns, hints_used, scenes_completed, total_scenes,
       completion_percentage, orchestrator_data, conversation_summary, created_at, updated_at
  FROM user_progress
 WHERE id = :id
   AND (user_id = :viewer OR :admin);

-- name: get-progress-status$
-- A run's status (what a refused move names), if :viewer owns it or :admin.
SELECT status
  FROM user_progress
 WHERE id = :id
   AND (user_id = :viewer OR :admin);

-- name: lock-progress^
-- A run's row, locked until the transaction ends: every change under the run takes turns here.
SELECT id, user_id, scenario_id, current_scene_id, status
  FROM user_progress
 WHERE id = :id
   AND (user_id = :viewer OR :admin)
   FOR UPDATE;

-- name: list-active-progress
-- The document's second common query: a user's runs in progress with the scenario's title and
-- the current scene's title, newest first, one keyset page after
-- (:before_started_at, :before_id); idx_user_progress_user_status finds the rows.
SELECT up.id, up.user_id, up.scenario_id, up.current_scene_id, up.status, up.started_at,
       up.completed_at, up.total_time_spent, up.current_turn, up.total_turns, up.hints_used,
       up.scenes_completed, up.total_scenes, up.completion_percentage, up.orchestrator_data,
       up.conversation_summary, up.created_at, up.updated_at,
       s.title AS scenario_title, sc.title AS current_scene_title
  FROM user_progress up
  JOIN scenarios s ON up.scenario_id = s.id
  LEFT JOIN scenario_scenes sc ON up.current_scene_id = sc.id
 WHERE up.user_id = :user_id
   AND up.status = 'in_progress'
   AND (up.started_at < :before_started_at
        OR (up.started_at = :before_started_at AND up.id < :before_id))
 ORDER BY up.started_at DESC, up.id DESC
 LIMIT :limit;

-- name: update-progress-data^
-- then: get-progress
-- The orchestrator's state and the summary; :set_<field> false keeps the column.
UPDATE user_progress
   SET orchestrator_data = CASE WHEN :set_orchestrator_data THEN :orchestrator_data
                                ELSE orchestrator_data END,
       conversation_summary = CASE WHEN :set_conversation_summary THEN :conversation_summary
                                   ELSE conversation_summary END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :viewer OR :admin);

-- name: move-progress^
-- then: get-progress
-- A run's status moved from one of :from_1..3 to :to (service/states.py); completing stamps
-- completed_at.
UPDATE user_progress
   SET status = :to,
       completed_at = CASE WHEN :to = 'completed' THEN CURRENT_TIMESTAMP(6) ELSE completed_at END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :viewer OR :admin)
   AND status IN (:from_1, :from_2, :from_3);

-- name: list-scene-progress
-- A run's scene rows in the scenario's scene order.
SELECT sp.id, sp.user_progress_id, sp.scene_id, sc.scene_order, sc.title AS scene_title,
       sp.status, sp.started_at, sp.completed_at, sp.time_spent, sp.turns_taken, sp.hints_used,
       sp.goal_achieved, sp.completion_score, sp.feedback_data, sp.created_at, sp.updated_at
  FROM scene_progress sp
  JOIN scenario_scenes sc ON sc.id = sp.scene_id
 WHERE sp.user_progress_id = :user_progress_id
 ORDER BY sc.scene_order, sc.id;

-- name: get-scene-progress^
-- One scene row of a run.
SELECT sp.id, sp.user_progress_id, sp.scene_id, sc.scene_order, sc.title AS scene_title,
       sp.status, sp.started_at, sp.completed_at, sp.time_spent, sp.turns_taken, sp.hints_used,
       sp.goal_achieved, sp.completion_score, sp.feedback_data, sp.created_at, sp.updated_at
  FROM scene_progress sp
  JOIN scenario_scenes sc ON sc.id = sp.scene_id
 WHERE sp.user_progress_id = :user_progress_id
   AND sp.scene_id = :scene_id;

-- name: get-scene-progress-status$
-- A scene row's status (what a refused completion names).
SELECT status
  FROM scene_progress
 WHERE user_progress_id = :user_progress_id
   AND scene_id = :scene_id;

-- name: next-scene-id$
-- The run's next scene: the first not started, in the scenario's scene order.
SELECT sp.scene_id
  FROM scene_progress sp
  JOIN scenario_scenes sc ON sc.id = sp.scene_id
 WHERE sp.user_progress_id = :user_progress_id
   AND sp.status = 'not_started'
 ORDER BY sc.scene_order, sc.id
 LIMIT 1;

-- name: start-scene!
-- A not-started scene of the run becomes the one in progress.
UPDATE scene_progress
   SET status = 'in_progress', started_at = CURRENT_TIMESTAMP(6), updated_at = CURRENT_TIMESTAMP(6)
 WHERE user_progress_id = :user_progress_id
   AND scene_id = :scene_id
   AND status = 'not_started';

-- name: set-current-scene!
-- The run's current scene, its turn counter back at the scene's own turns.
UPDATE user_progress
   SET current_scene_id = :scene_id,
       current_turn = (SELECT COALESCE(MAX(sp.turns_taken), 0) FROM scene_progress sp
                        WHERE sp.user_progress_id = :id AND sp.scene_id = :scene_id),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id;

-- name: count-scene-turns!
-- :turns more user turns in one scene of the run (conversation appends).
UPDATE scene_progress
   SET turns_taken = COALESCE(turns_taken, 0) + :turns, updated_at = CURRENT_TIMESTAMP(6)
 WHERE user_progress_id = :user_progress_id
   AND scene_id = :scene_id;

-- name: refresh-progress-totals!
-- The run's totals recomputed from its scene rows in one statement, so they always agree with
-- them: scenes completed, time, turns, hints, and the percentage of scenes completed.
UPDATE user_progress
   SET scenes_completed = (SELECT COUNT(*) FROM scene_progress sp
                            WHERE sp.user_progress_id = :id AND sp.status = 'completed'),
       total_time_spent = (SELECT COALESCE(SUM(sp.time_spent), 0) FROM scene_progress sp
                            WHERE sp.user_progress_id = :id),
       total_turns = (SELECT COALESCE(SUM(sp.turns_taken), 0) FROM scene_progress sp
                       WHERE sp.user_progress_id = :id),
       hints_used = (SELECT COALESCE(SUM(sp.hints_used), 0) FROM scene_progress sp
                      WHERE sp.user_progress_id = :id),
       current_turn = (SELECT COALESCE(MAX(sp.turns_taken), 0) FROM scene_progress sp
                        WHERE sp.user_progress_id = :id AND sp.scene_id = current_scene_id),
       completion_percentage = CASE WHEN total_scenes > 0
            THEN 100.0 * (SELECT COUNT(*) FROM scene_progress sp
                           WHERE sp.user_progress_id = :id AND sp.status = 'completed')
                 / total_scenes
            ELSE 0 END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id;

-- name: lock-progress-for-match$
-- For If-Match on PATCH (service/etags.py): the run's row locked before anything else is read in
-- the write's transaction (on MySQL a plain read first would fix an older snapshot); who may
-- see it is settled after, by the GET's own read.
SELECT id
  FROM user_progress
 WHERE id = :id
   FOR UPDATE;
