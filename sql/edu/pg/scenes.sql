-- name: reorder-scenes!
-- Sets every scene's place from :ids (comma-separated scene ids, first = 1) in one statement.
UPDATE scenario_scenes
   SET scene_order = array_position(string_to_array(:ids, ',')::int[], id),
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
    ON CONFLICT (scene_id, persona_id)
    DO UPDATE SET involvement_level = EXCLUDED.involvement_level;

-- name: insert-scene^
-- A new scene at :scene_order (make-room ran first).
-- One statement: the row comes back from RETURNING.
INSERT INTO scenario_scenes (scenario_id, title, description, user_goal, scene_order,
                             estimated_duration, image_url, image_prompt, timeout_turns,
                             success_metric)
VALUES (:scenario_id, :title, :description, :user_goal, :scene_order,
        :estimated_duration, :image_url, :image_prompt, :timeout_turns,
        :success_metric)
RETURNING id, scenario_id, title, description, user_goal, scene_order, estimated_duration,
       image_url, image_prompt, timeout_turns, success_metric, created_at, updated_at;

-- name: update-scene^
-- A partial update (:set_<column> flags); moves updated_at. scene_order moves with move-scene.
-- One statement: the row comes back from RETURNING.
UPDATE scenario_scenes
   SET title = CASE WHEN :set_title THEN :title ELSE title END,
       description = CASE WHEN :set_description THEN :description ELSE description END,
       user_goal = CASE WHEN :set_user_goal THEN :user_goal ELSE user_goal END,
       estimated_duration = CASE WHEN :set_estimated_duration THEN :estimated_duration
                                 ELSE estimated_duration END,
       image_url = CASE WHEN :set_image_url THEN :image_url ELSE image_url END,
       image_prompt = CASE WHEN :set_image_prompt THEN :image_prompt ELSE image_prompt END,
       timeout_turns = CASE WHEN :set_timeout_turns THEN :timeout_turns ELSE timeout_turns END,
       success_metric = CASE WHEN :set_success_metric THEN :success_metric
                             ELSE success_metric END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
RETURNING id, scenario_id, title, description, user_goal, scene_order, estimated_duration,
       image_url, image_prompt, timeout_turns, success_metric, created_at, updated_at;

-- name: get-new-scene^
-- The scene this connection's last insert made (the read-back of an insert).
SELECT id, scenario_id, title, description, user_goal, scene_order, estimated_duration,
       image_url, image_prompt, timeout_turns, success_metric, created_at, updated_at
  FROM scenario_scenes
 WHERE id = lastval();
