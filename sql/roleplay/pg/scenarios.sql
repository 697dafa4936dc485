-- name: list-visible-scenarios
-- One keyset page of what :viewer may see, newest first: their own scenarios and the system
-- templates, optionally only those tagged :tag and whose title contains :title_part (any
-- case). Two index-ordered branches, each cut at :limit, then merged: neither side makes the
-- other scan. The script and long prompts stay out of a list.
(SELECT id, user_id, is_default, title, subtitle, description, tags, created_at, updated_at
   FROM scenarios
  WHERE user_id = :viewer
    AND (created_at < :before_created_at
         OR (created_at = :before_created_at AND id < :before_id))
    AND (:tag::text IS NULL OR tags ? :tag)
    AND (:title_part::text IS NULL OR position(lower(:title_part) IN lower(title)) > 0)
  ORDER BY created_at DESC, id DESC
  LIMIT :limit)
UNION ALL
(SELECT id, user_id, is_default, title, subtitle, description, tags, created_at, updated_at
   FROM scenarios
  WHERE is_default
    AND (user_id IS NULL OR user_id <> :viewer)
    AND (created_at < :before_created_at
         OR (created_at = :before_created_at AND id < :before_id))
    AND (:tag::text IS NULL OR tags ? :tag)
    AND (:title_part::text IS NULL OR position(lower(:title_part) IN lower(title)) > 0)
  ORDER BY created_at DESC, id DESC
  LIMIT :limit)
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: list-all-scenarios
-- One keyset page of every scenario (admin), newest first, with the same filters.
SELECT id, user_id, is_default, title, subtitle, description, tags, created_at, updated_at
  FROM scenarios
 WHERE (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
   AND (:tag::text IS NULL OR tags ? :tag)
   AND (:title_part::text IS NULL OR position(lower(:title_part) IN lower(title)) > 0)
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: insert-scenario-if-absent!
-- A scenario, only if no row has its id yet: 1 inserted, 0 already there. Concurrent callers
-- wait for each other on the key, so none fails and one copy results.
INSERT INTO scenarios (id, user_id, is_default, title, subtitle, description, tags,
                       script_content, generation_prompt, workflow, knowledge_points,
                       scoring_criteria, scoring_dimensions)
VALUES (:id, :user_id, :is_default, :title, :subtitle, :description, :tags,
        :script_content, :generation_prompt, :workflow, :knowledge_points,
        :scoring_criteria, :scoring_dimensions)
    ON CONFLICT (id) DO NOTHING;

-- name: insert-scenario^
-- A new scenario; a taken id is refused by scenarios_pkey.
INSERT INTO scenarios (id, user_id, is_default, title, subtitle, description, tags,
                       script_content, generation_prompt, workflow, knowledge_points,
                       scoring_criteria, scoring_dimensions)
VALUES (:id, :user_id, :is_default, :title, :subtitle, :description, :tags,
        :script_content, :generation_prompt, :workflow, :knowledge_points,
        :scoring_criteria, :scoring_dimensions)
RETURNING id, user_id, is_default, title, subtitle, description, tags, script_content,
       generation_prompt, workflow, knowledge_points, scoring_criteria, scoring_dimensions,
       created_at, updated_at;

-- name: update-scenario^
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
   AND (user_id = :owner OR :owner IS NULL)
RETURNING id, user_id, is_default, title, subtitle, description, tags, script_content,
       generation_prompt, workflow, knowledge_points, scoring_criteria, scoring_dimensions,
       created_at, updated_at;
