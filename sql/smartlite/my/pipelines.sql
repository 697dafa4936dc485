-- MySQL's form of the conditional insert: the JSON parameter as it is.

-- name: start-execution^
-- then: read-execution
-- A new pending execution, only when the pipeline is active (and the caller's): its row, or
-- none (then get-pipeline-status tells why). The database decides, in one statement.
INSERT INTO pipeline_executions (id, pipeline_id, user_id, status, input_data)
SELECT :id, p.id, p.user_id, 'pending', :input_data
  FROM pipelines p
 WHERE p.id = :pipeline_id
   AND (p.user_id = :owner OR :owner IS NULL)
   AND p.status = 'active';
