-- Scenes of a scenario (seed 003, scenario_scenes) and their personas (scene_personas).
-- scene_order is kept a gapless 1..n per scenario: every statement that moves it runs after
-- lock-scenario, so concurrent changes to one scenario's scenes take turns.

-- name: count-scenes$
-- How many scenes a scenario has (the next scene_order is one more).
SELECT COUNT(*)
  FROM scenario_scenes
 WHERE scenario_id = :scenario_id;

-- name: list-scene-ids
-- A scenario's scene ids in their order (a reorder must name exactly these). A locking read,
-- so on MySQL it sees the latest rows even when the transaction's snapshot is older.
SELECT id
  FROM scenario_scenes
 WHERE scenario_id = :scenario_id
 ORDER BY scene_order, id
   FOR UPDATE;

-- name: make-room!
-- Moves the scenes at :scene_order and after one place down, for a scene inserted there.
UPDATE scenario_scenes
   SET scene_order = scene_order + 1
 WHERE scenario_id = :scenario_id
   AND scene_order >= :scene_order;

-- name: insert-scene^
-- then: get-new-scene
-- A new scene at :scene_order (make-room ran first).
INSERT INTO scenario_scenes (scenario_id, title, description, user_goal, scene_order,
                             estimated_duration, image_url, image_prompt, timeout_turns,
                             success_metric)
VALUES (:scenario_id, :title, :description, :user_goal, :scene_order,
        :estimated_duration, :image_url, :image_prompt, :timeout_turns,
        :success_metric);

-- name: get-scene^
-- One scene.
SELECT id, scenario_id, title, description, user_goal, scene_order, estimated_duration,
       image_url, image_prompt, timeout_turns, success_metric, created_at, updated_at
  FROM scenario_scenes
 WHERE id = :id;

-- name: list-scenes
-- A scenario's scenes in order.
SELECT id, scenario_id, title, description, user_goal, scene_order, estimated_duration,
       image_url, image_prompt, timeout_turns, success_metric, created_at, updated_at
  FROM scenario_scenes
 WHERE scenario_id = :scenario_id
 ORDER BY scene_order, id;

-- name: get-scene-place^
-- Which scenario a scene belongs to and where it stands (then locked with lock-scenario).
SELECT scenario_id, scene_order
  FROM scenario_scenes
 WHERE id = :id;

-- name: lock-scene-place^
-- get-scene-place under the scenario's lock: a locking read, so on MySQL it sees where the
-- scene stands now, not where the transaction's snapshot left it.
SELECT scenario_id, scene_order
  FROM scenario_scenes
 WHERE id = :id
   FOR UPDATE;

-- name: update-scene^
-- then: get-scene
-- A partial update (:set_<column> flags); moves updated_at. scene_order moves with move-scene.
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
 WHERE id = :id;

-- name: move-scene!
-- Moves scene :id from place :from to place :to in one statement; the scenes between shift by
-- one, so the order stays gapless.
UPDATE scenario_scenes
   SET scene_order = CASE
         WHEN id = :id THEN :to
         WHEN scene_order >= :to AND scene_order < :from THEN scene_order + 1
         WHEN scene_order > :from AND scene_order <= :to THEN scene_order - 1
         ELSE scene_order
       END
 WHERE scenario_id = :scenario_id;

-- name: delete-scene!
-- Removes a scene and its persona links (ON DELETE CASCADE).
DELETE FROM scenario_scenes
 WHERE id = :id;

-- name: close-gap!
-- After a delete: the scenes after :scene_order move one place up.
UPDATE scenario_scenes
   SET scene_order = scene_order - 1
 WHERE scenario_id = :scenario_id
   AND scene_order > :scene_order;

-- name: clone-scenes!
-- Copies every scene of :source under :target, in id order (clone-links pairs them by rank).
INSERT INTO scenario_scenes (scenario_id, title, description, user_goal, scene_order,
                             estimated_duration, image_url, image_prompt, timeout_turns,
                             success_metric)
SELECT :target, title, description, user_goal, scene_order, estimated_duration, image_url,
       image_prompt, timeout_turns, success_metric
  FROM scenario_scenes
 WHERE scenario_id = :source
 ORDER BY id;

-- name: list-links
-- Every scene-persona link of a scenario, with the persona's name and role.
SELECT l.scene_id, l.persona_id, l.involvement_level, l.created_at, p.name, p.role
  FROM scene_personas l
  JOIN scenario_scenes sc ON sc.id = l.scene_id
  JOIN scenario_personas p ON p.id = l.persona_id
 WHERE sc.scenario_id = :scenario_id
 ORDER BY l.scene_id, l.persona_id;

-- name: delete-link!
-- Removes one persona from one scene.
DELETE FROM scene_personas
 WHERE scene_id = :scene_id
   AND persona_id = :persona_id;

-- name: clone-links!
-- Copies the links of :source's scenes to :target's: scenes and personas were copied in id
-- order, so the k-th scene (persona) of the source is the k-th of the target.
INSERT INTO scene_personas (scene_id, persona_id, involvement_level)
SELECT ns.id, np.id, l.involvement_level
  FROM scene_personas l
  JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n
          FROM scenario_scenes WHERE scenario_id = :source) os ON os.id = l.scene_id
  JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n
          FROM scenario_scenes WHERE scenario_id = :target) ns ON ns.n = os.n
  JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n
          FROM scenario_personas WHERE scenario_id = :source) op ON op.id = l.persona_id
  JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n
          FROM scenario_personas WHERE scenario_id = :target) np ON np.n = op.n;
