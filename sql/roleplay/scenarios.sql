-- Practice scenarios (seed 000, scenarios). A row with user_id NULL and is_default true is a
-- system template: every user sees it, only an admin changes it. An :owner of NULL means an
-- admin acting on any row.

-- name: get-scenario^
-- One scenario in full, if :viewer may see it (their own or a template; NULL: an admin).
SELECT id, user_id, is_default, title, subtitle, description, tags, script_content,
       generation_prompt, workflow, knowledge_points, scoring_criteria, scoring_dimensions,
       created_at, updated_at
  FROM scenarios
 WHERE id = :id
   AND (user_id = :viewer OR is_default OR :viewer IS NULL);

-- name: get-scenario-by-id^
-- One scenario in full by id alone: the read-back after a write where the engine cannot RETURN
-- (the write already decided who may).
SELECT id, user_id, is_default, title, subtitle, description, tags, script_content,
       generation_prompt, workflow, knowledge_points, scoring_criteria, scoring_dimensions,
       created_at, updated_at
  FROM scenarios
 WHERE id = :id;

-- name: get-scenario-access^
-- Who owns a scenario and whether it is a template: tells "read-only" (403) from "not yours"
-- (404) after a write matched no row, and sorts an import's ids. A locking read, so inside an
-- import it sees a row another transaction just committed.
SELECT user_id, is_default
  FROM scenarios
 WHERE id = :id
   FOR UPDATE;

-- name: insert-scenario^
-- then: get-scenario-by-id
-- A new scenario; a taken id is refused by scenarios_pkey.
INSERT INTO scenarios (id, user_id, is_default, title, subtitle, description, tags,
                       script_content, generation_prompt, workflow, knowledge_points,
                       scoring_criteria, scoring_dimensions)
VALUES (:id, :user_id, :is_default, :title, :subtitle, :description, :tags,
        :script_content, :generation_prompt, :workflow, :knowledge_points,
        :scoring_criteria, :scoring_dimensions);

-- name: update-scenario^
-- then: get-scenario-by-id
-- A partial update of one of :owner's scenarios: a column changes only when its
-- :set_<column> flag is true. Always moves updated_at; created_at never changes.
UPDATE scenarios
   SET title = CASE WHEN :set_title THEN :title ELSE title END,
       subtitle = CASE WHEN :set_subtitle THEN :subtitle ELSE subtitle END,
       description = CASE WHEN :set_description THEN :description ELSE description END,
       tags = CASE WHEN :set_tags THEN :tags ELSE tags END,
       script_content = CASE WHEN :set_script_content THEN :script_content
                             ELSE script_content END,
       generation_prompt = CASE WHEN :set_generation_prompt THEN :generation_prompt
                                ELSE generation_prompt END,
       workflow = CASE WHEN :set_workflow THEN :workflow ELSE workflow END,
       knowledge_points = CASE WHEN :set_knowledge_points THEN :knowledge_points
                               ELSE knowledge_points END,
       scoring_criteria = CASE WHEN :set_scoring_criteria THEN :scoring_criteria
                               ELSE scoring_criteria END,
       scoring_dimensions = CASE WHEN :set_scoring_dimensions THEN :scoring_dimensions
                                 ELSE scoring_dimensions END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: delete-scenario!
-- Removes one of :owner's scenarios. Session records keep their scenario_id (not a key).
DELETE FROM scenarios
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: count-own-scenarios$
-- How many scenarios a user owns, templates not counted: the frontend's migration detection
-- (none here but some in LocalStorage: offer the import).
SELECT COUNT(*)
  FROM scenarios
 WHERE user_id = :user_id;
