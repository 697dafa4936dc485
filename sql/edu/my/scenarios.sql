-- name: lock-scenario^
-- A scenario's owner and sharing settings, row-locked until the transaction ends, with the
-- caller's role and status from users in the same statement: every write under a scenario
-- (its columns, personas, scenes, reviews, clones) decides who may act and serialises on it.
-- The users subqueries are tied to the locked row (`v.id <> -s.id`, always true): uncorrelated,
-- MariaDB reads them while optimising, before the lock is granted, which fixes the
-- transaction's snapshot too early for the reads that follow the lock.
SELECT s.id, s.created_by, s.is_public, s.allow_remixes,
       (SELECT v.role FROM users v WHERE v.id = :viewer AND v.id <> -s.id) AS viewer_role,
       (SELECT v.is_active FROM users v WHERE v.id = :viewer AND v.id <> -s.id)
           AS viewer_active
  FROM scenarios s
 WHERE s.id = :id
   FOR UPDATE;

-- name: list-public-scenarios
-- The public catalogue (the document's first common query): best rated first, then most used,
-- with the creator's username; one keyset page after (:before_rating, :before_usage,
-- :before_id); optional filters. idx_scenarios_public_rating serves the order, and the
-- redundant `rating_avg <= :before_rating` lets it start each page at the cursor.
SELECT s.id, s.title, s.description, s.challenge, s.industry, s.category,
       s.difficulty_level, s.estimated_duration, s.tags, s.rating_avg, s.rating_count,
       s.usage_count, s.clone_count, s.is_template, s.allow_remixes, s.created_by,
       u.username AS creator_username, s.created_at, s.updated_at
  FROM scenarios s
  LEFT JOIN users u ON u.id = s.created_by
 WHERE s.is_public = TRUE
   AND s.rating_avg <= :before_rating
   AND (s.rating_avg < :before_rating
        OR (s.rating_avg = :before_rating
            AND (s.usage_count < :before_usage
                 OR (s.usage_count = :before_usage AND s.id < :before_id))))
   AND (:industry IS NULL OR s.industry = :industry)
   AND (:category IS NULL OR s.category = :category)
   AND (:difficulty_level IS NULL OR s.difficulty_level = :difficulty_level)
   AND (:tag IS NULL OR JSON_CONTAINS(s.tags, JSON_QUOTE(:tag)))
 ORDER BY s.rating_avg DESC, s.usage_count DESC, s.id DESC
 LIMIT :limit;

-- name: explain-public-scenarios
-- The plan of list-public-scenarios (the same statement), for the test and the bench.
EXPLAIN
SELECT s.id, s.title, s.description, s.challenge, s.industry, s.category,
       s.difficulty_level, s.estimated_duration, s.tags, s.rating_avg, s.rating_count,
       s.usage_count, s.clone_count, s.is_template, s.allow_remixes, s.created_by,
       u.username AS creator_username, s.created_at, s.updated_at
  FROM scenarios s
  LEFT JOIN users u ON u.id = s.created_by
 WHERE s.is_public = TRUE
   AND s.rating_avg <= :before_rating
   AND (s.rating_avg < :before_rating
        OR (s.rating_avg = :before_rating
            AND (s.usage_count < :before_usage
                 OR (s.usage_count = :before_usage AND s.id < :before_id))))
   AND (:industry IS NULL OR s.industry = :industry)
   AND (:category IS NULL OR s.category = :category)
   AND (:difficulty_level IS NULL OR s.difficulty_level = :difficulty_level)
   AND (:tag IS NULL OR JSON_CONTAINS(s.tags, JSON_QUOTE(:tag)))
 ORDER BY s.rating_avg DESC, s.usage_count DESC, s.id DESC
 LIMIT :limit;

-- name: get-new-scenario^
-- The scenario this connection's last insert made (the read-back of an insert).
SELECT s.id, s.title, s.description, s.challenge, s.industry, s.learning_objectives,
       s.source_type, s.pdf_content, s.student_role, s.category, s.difficulty_level,
       s.estimated_duration, s.tags, s.pdf_title, s.pdf_source, s.processing_version,
       s.rating_avg, s.rating_count, s.is_public, s.is_template, s.allow_remixes,
       s.usage_count, s.clone_count, s.created_by, u.username AS creator_username,
       s.created_at, s.updated_at
  FROM scenarios s
  LEFT JOIN users u ON u.id = s.created_by
 WHERE s.id = LAST_INSERT_ID();
