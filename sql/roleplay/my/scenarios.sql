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
    AND (:tag IS NULL OR JSON_CONTAINS(tags, JSON_QUOTE(:tag)))
    AND (:title_part IS NULL OR POSITION(LOWER(:title_part) IN LOWER(title)) > 0)
  ORDER BY created_at DESC, id DESC
  LIMIT :limit)
UNION ALL
(SELECT id, user_id, is_default, title, subtitle, description, tags, created_at, updated_at
   FROM scenarios
  WHERE is_default
    AND (user_id IS NULL OR user_id <> :viewer)
    AND (created_at < :before_created_at
         OR (created_at = :before_created_at AND id < :before_id))
    AND (:tag IS NULL OR JSON_CONTAINS(tags, JSON_QUOTE(:tag)))
    AND (:title_part IS NULL OR POSITION(LOWER(:title_part) IN LOWER(title)) > 0)
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
   AND (:tag IS NULL OR JSON_CONTAINS(tags, JSON_QUOTE(:tag)))
   AND (:title_part IS NULL OR POSITION(LOWER(:title_part) IN LOWER(title)) > 0)
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: insert-scenario-if-absent!
-- A scenario, only if no row has its id yet: 1 inserted, 0 already there. Concurrent callers
-- can deadlock on the key's gap lock; the service runs this in a transaction it retries.
-- (INSERT IGNORE would also turn bad values into warnings; ON DUPLICATE KEY UPDATE cannot
-- tell "inserted" from "there" under CLIENT_FOUND_ROWS.)
INSERT INTO scenarios (id, user_id, is_default, title, subtitle, description, tags,
                       script_content, generation_prompt, workflow, knowledge_points,
                       scoring_criteria, scoring_dimensions)
SELECT :id, :user_id, :is_default, :title, :subtitle, :description, :tags,
       :script_content, :generation_prompt, :workflow, :knowledge_points,
       :scoring_criteria, :scoring_dimensions
  FROM DUAL
 WHERE NOT EXISTS (SELECT 1 FROM scenarios WHERE id = :id);
