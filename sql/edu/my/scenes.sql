-- name: reorder-scenes!
-- Sets every scene's place from :ids (comma-separated scene ids, first = 1) in one statement.
UPDATE scenario_scenes
   SET scene_order = FIND_IN_SET(id, :ids),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE scenario_id = :scenario_id;

-- name: put-link!
-- Puts a persona into a scene (or changes its involvement), only when both belong to the same
-- scenario: 0 rows when they do not.
INSERT INTO scene_personas (scene_id, persona_id, involvement_level)
SELECT sc.id, p.id, :involvement_level
  FROM scenario_scenes sc
  JOIN scenario_personas p ON p.scenario_id = sc.scenario_id
 WHERE sc.id = :scene_id
   AND p.id = :persona_id
    ON DUPLICATE KEY UPDATE involvement_level = VALUES(involvement_level);

-- name: count-scenes$
-- How many scenes a scenario has (the next scene_order is one more). A locking read, so it
-- counts the latest rows even when the transaction's snapshot is older.
SELECT COUNT(*)
  FROM scenario_scenes
 WHERE scenario_id = :scenario_id
   FOR UPDATE;

-- name: get-new-scene^
-- The scene this connection's last insert made (the read-back of an insert).
SELECT id, scenario_id, title, description, user_goal, scene_order, estimated_duration,
       image_url, image_prompt, timeout_turns, success_metric, created_at, updated_at
  FROM scenario_scenes
 WHERE id = LAST_INSERT_ID();
