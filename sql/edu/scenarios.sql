-- Scenarios (seed 003, scenarios). A private scenario is visible to its creator (and admins)
-- only; a public one to everyone. :viewer is the caller's user id (NULL for an admin service
-- token), :admin whether the caller holds an admin service token.

-- name: insert-scenario^
-- then: get-new-scenario
-- A new scenario of :created_by; the community counters keep the schema's defaults.
INSERT INTO scenarios (title, description, challenge, industry, learning_objectives,
                       source_type, pdf_content, student_role, category, difficulty_level,
                       estimated_duration, tags, pdf_title, pdf_source, processing_version,
                       is_public, is_template, allow_remixes, created_by)
VALUES (:title, :description, :challenge, :industry, :learning_objectives,
        :source_type, :pdf_content, :student_role, :category, :difficulty_level,
        :estimated_duration, :tags, :pdf_title, :pdf_source, :processing_version,
        :is_public, :is_template, :allow_remixes, :created_by);

-- name: get-scenario^
-- One scenario in full with its creator's username, if :viewer may see it.
SELECT s.id, s.title, s.description, s.challenge, s.industry, s.learning_objectives,
       s.source_type, s.pdf_content, s.student_role, s.category, s.difficulty_level,
       s.estimated_duration, s.tags, s.pdf_title, s.pdf_source, s.processing_version,
       s.rating_avg, s.rating_count, s.is_public, s.is_template, s.allow_remixes,
       s.usage_count, s.clone_count, s.created_by, u.username AS creator_username,
       s.created_at, s.updated_at
  FROM scenarios s
  LEFT JOIN users u ON u.id = s.created_by
 WHERE s.id = :id
   AND (s.is_public OR s.created_by = :viewer OR :admin
        OR EXISTS (SELECT 1 FROM users a WHERE a.id = :viewer AND a.role = 'admin'));

-- name: update-scenario^
-- then: get-scenario-row
-- A partial update: a column changes only when its :set_<column> flag is true. Moves
-- updated_at. The caller's right to change the row was settled under lock-scenario.
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
 WHERE id = :id;

-- name: delete-scenario!
-- Removes a scenario; its personas, scenes, links, files, reviews and progress go with it
-- (ON DELETE CASCADE).
DELETE FROM scenarios
 WHERE id = :id;

-- name: refresh-rating!
-- rating_avg and rating_count recomputed from the reviews, in the review's transaction and
-- after lock-scenario, so the aggregate sees every review committed before it.
UPDATE scenarios
   SET rating_avg = (SELECT COALESCE(AVG(rating), 0)
                       FROM scenario_reviews
                      WHERE scenario_id = :id),
       rating_count = (SELECT COUNT(*)
                         FROM scenario_reviews
                        WHERE scenario_id = :id)
 WHERE id = :id;

-- name: count-clone!
-- One more clone of a scenario: a single increment, exact under concurrent clones.
UPDATE scenarios
   SET clone_count = clone_count + 1
 WHERE id = :id;

-- name: clone-scenario!
-- A copy of :source as a new private scenario of :created_by: every column but the id, the
-- owner, publication and the community counters.
INSERT INTO scenarios (title, description, challenge, industry, learning_objectives,
                       source_type, pdf_content, student_role, category, difficulty_level,
                       estimated_duration, tags, pdf_title, pdf_source, processing_version,
                       is_public, is_template, allow_remixes, created_by)
SELECT title, description, challenge, industry, learning_objectives,
       source_type, pdf_content, student_role, category, difficulty_level,
       estimated_duration, tags, pdf_title, pdf_source, processing_version,
       FALSE, is_template, allow_remixes, :created_by
  FROM scenarios
 WHERE id = :source;

-- name: analyze-scenarios!
-- Fresh planner statistics for scenarios (after a bulk load; the catalogue's plan test).
ANALYZE TABLE scenarios;

-- name: get-scenario-row^
-- One scenario by id with its creator's username (an update's read-back; the caller's right was
-- settled under lock-scenario).
SELECT s.id, s.title, s.description, s.challenge, s.industry, s.learning_objectives,
       s.source_type, s.pdf_content, s.student_role, s.category, s.difficulty_level,
       s.estimated_duration, s.tags, s.pdf_title, s.pdf_source, s.processing_version,
       s.rating_avg, s.rating_count, s.is_public, s.is_template, s.allow_remixes,
       s.usage_count, s.clone_count, s.created_by, u.username AS creator_username,
       s.created_at, s.updated_at
  FROM scenarios s
  LEFT JOIN users u ON u.id = s.created_by
 WHERE s.id = :id;

-- name: list-own-scenarios
-- The caller's own scenarios, public and private, newest first: one keyset page after
-- (:before_created_at, :before_id). idx_scenarios_created_by finds them.
SELECT s.id, s.title, s.description, s.challenge, s.industry, s.category,
       s.difficulty_level, s.estimated_duration, s.tags, s.rating_avg, s.rating_count,
       s.usage_count, s.clone_count, s.is_template, s.allow_remixes, s.created_by,
       u.username AS creator_username, s.created_at, s.updated_at, s.is_public
  FROM scenarios s
  LEFT JOIN users u ON u.id = s.created_by
 WHERE s.created_by = :created_by
   AND (s.created_at < :before_created_at
        OR (s.created_at = :before_created_at AND s.id < :before_id))
 ORDER BY s.created_at DESC, s.id DESC
 LIMIT :limit;
