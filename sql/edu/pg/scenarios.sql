-- name: lock-scenario^
-- A scenario's owner and sharing settings, row-locked until the transaction ends, with the
-- caller's role and status from users in the same statement: every write under a scenario
-- (its columns, personas, scenes, reviews, clones) decides who may act and serialises on it.
SELECT s.id, s.created_by, s.is_public, s.allow_remixes,
       v.role AS viewer_role, v.is_active AS viewer_active
  FROM scenarios s
  LEFT JOIN users v ON v.id = :viewer
 WHERE s.id = :id
   FOR UPDATE OF s;

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
   AND (:industry::text IS NULL OR s.industry = :industry)
   AND (:category::text IS NULL OR s.category = :category)
   AND (:difficulty_level::text IS NULL OR s.difficulty_level = :difficulty_level)
   AND (:tag::text IS NULL OR s.tags ? :tag)
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
   AND (:industry::text IS NULL OR s.industry = :industry)
   AND (:category::text IS NULL OR s.category = :category)
   AND (:difficulty_level::text IS NULL OR s.difficulty_level = :difficulty_level)
   AND (:tag::text IS NULL OR s.tags ? :tag)
 ORDER BY s.rating_avg DESC, s.usage_count DESC, s.id DESC
 LIMIT :limit;

-- name: analyze-scenarios!
-- Fresh planner statistics for scenarios (after a bulk load; the catalogue's plan test).
ANALYZE scenarios;

-- name: insert-scenario^
-- A new scenario of :created_by; the community counters keep the schema's defaults.
-- One statement: the row comes back from RETURNING.
WITH s AS (
    INSERT INTO scenarios (title, description, challenge, industry, learning_objectives,
                           source_type, pdf_content, student_role, category, difficulty_level,
                           estimated_duration, tags, pdf_title, pdf_source, processing_version,
                           is_public, is_template, allow_remixes, created_by)
    VALUES (:title, :description, :challenge, :industry, :learning_objectives,
            :source_type, :pdf_content, :student_role, :category, :difficulty_level,
            :estimated_duration, :tags, :pdf_title, :pdf_source, :processing_version,
            :is_public, :is_template, :allow_remixes, :created_by)
    RETURNING *
)
SELECT s.id, s.title, s.description, s.challenge, s.industry, s.learning_objectives,
       s.source_type, s.pdf_content, s.student_role, s.category, s.difficulty_level,
       s.estimated_duration, s.tags, s.pdf_title, s.pdf_source, s.processing_version,
       s.rating_avg, s.rating_count, s.is_public, s.is_template, s.allow_remixes,
       s.usage_count, s.clone_count, s.created_by, u.username AS creator_username,
       s.created_at, s.updated_at
  FROM s
  LEFT JOIN users u ON u.id = s.created_by;

-- name: update-scenario^
-- A partial update: a column changes only when its :set_<column> flag is true. Moves
-- updated_at. The caller's right to change the row was settled under lock-scenario.
-- One statement: the row comes back from RETURNING.
WITH s AS (
    UPDATE scenarios
       SET title = CASE WHEN :set_title THEN :title ELSE title END,
           description = CASE WHEN :set_description THEN :description ELSE description END,
           challenge = CASE WHEN :set_challenge THEN :challenge ELSE challenge END,
           industry = CASE WHEN :set_industry THEN :industry ELSE industry END,
           learning_objectives = CASE WHEN :set_learning_objectives THEN :learning_objectives
                                      ELSE learning_objectives END,
           source_type = CASE WHEN :set_source_type THEN :source_type ELSE source_type END,
           pdf_content = CASE WHEN :set_pdf_content THEN :pdf_content ELSE pdf_content END,
           student_role = CASE WHEN :set_student_role THEN :student_role ELSE student_role END,
           category = CASE WHEN :set_category THEN :category ELSE category END,
           difficulty_level = CASE WHEN :set_difficulty_level THEN :difficulty_level
                                   ELSE difficulty_level END,
           estimated_duration = CASE WHEN :set_estimated_duration THEN :estimated_duration
                                     ELSE estimated_duration END,
           tags = CASE WHEN :set_tags THEN :tags ELSE tags END,
           pdf_title = CASE WHEN :set_pdf_title THEN :pdf_title ELSE pdf_title END,
           pdf_source = CASE WHEN :set_pdf_source THEN :pdf_source ELSE pdf_source END,
           processing_version = CASE WHEN :set_processing_version THEN :processing_version
                                     ELSE processing_version END,
           is_public = CASE WHEN :set_is_public THEN :is_public ELSE is_public END,
           is_template = CASE WHEN :set_is_template THEN :is_template ELSE is_template END,
           allow_remixes = CASE WHEN :set_allow_remixes THEN :allow_remixes ELSE allow_remixes END,
           updated_at = CURRENT_TIMESTAMP(6)
     WHERE id = :id
    RETURNING *
)
SELECT s.id, s.title, s.description, s.challenge, s.industry, s.learning_objectives,
       s.source_type, s.pdf_content, s.student_role, s.category, s.difficulty_level,
       s.estimated_duration, s.tags, s.pdf_title, s.pdf_source, s.processing_version,
       s.rating_avg, s.rating_count, s.is_public, s.is_template, s.allow_remixes,
       s.usage_count, s.clone_count, s.created_by, u.username AS creator_username,
       s.created_at, s.updated_at
  FROM s
  LEFT JOIN users u ON u.id = s.created_by;

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
 WHERE s.id = lastval();
