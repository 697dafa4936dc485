-- Only for `python -m bench.returning`: MariaDB 10.5+ (and PostgreSQL) accept INSERT ...
-- RETURNING; MySQL 8 and TiDB do not, so the service's MySQL variants never use it.

-- name: insert-scenario-returning^
-- insert-scenario with the row in the same statement.
INSERT INTO scenarios (id, user_id, is_default, title, subtitle, description, tags,
                       script_content, generation_prompt, workflow, knowledge_points,
                       scoring_criteria, scoring_dimensions)
VALUES (:id, :user_id, :is_default, :title, :subtitle, :description, :tags,
        :script_content, :generation_prompt, :workflow, :knowledge_points,
        :scoring_criteria, :scoring_dimensions)
RETURNING id, user_id, is_default, title, subtitle, description, tags, script_content,
          generation_prompt, workflow, knowledge_points, scoring_criteria, scoring_dimensions,
          created_at, updated_at;
