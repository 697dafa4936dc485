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
