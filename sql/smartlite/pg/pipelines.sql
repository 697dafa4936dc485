-- PostgreSQL's form of the conditional insert: a parameter in a SELECT list has no type of its
-- own, so the JSON one is cast to the column's.

-- name: start-execution!
-- A new pending execution, only when the pipeline is active (and the caller's): 1 row, or 0
-- (then get-pipeline-status tells why). The database decides, in one statement.
INSERT INTO pipeline_executions (id, pipeline_id, user_id, status, input_data)
SELECT CAST(:id AS VARCHAR(128)), p.id, p.user_id, 'pending', CAST(:input_data AS JSONB)
  FROM pipelines p
 WHERE p.id = :pipeline_id
   AND (p.user_id = :owner OR :owner IS NULL)
   AND p.status = 'active';
