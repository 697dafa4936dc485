-- PostgreSQL's form of the conditional insert: a parameter in a SELECT list has no type of its
-- own, so the JSON one is cast to the column's.

-- name: start-execution^
-- A new pending execution, only when the pipeline is active (and the caller's): its row, or
-- none (then get-pipeline-status tells why). The database decides, in one statement.
INSERT INTO pipeline_executions (id, pipeline_id, user_id, status, input_data)
SELECT CAST(:id AS VARCHAR(128)), p.id, p.user_id, 'pending', CAST(:input_data AS JSONB)
  FROM pipelines p
 WHERE p.id = :pipeline_id
   AND (p.user_id = :owner OR :owner IS NULL)
   AND p.status = 'active'
RETURNING id, pipeline_id, user_id, status, input_data, output_data, error_message,
          execution_time, created_at, updated_at, completed_at;

-- name: insert-pipeline^
-- A new pipeline.
INSERT INTO pipelines (id, user_id, name, description, config, status)
VALUES (:id, :user_id, :name, :description, :config, :status)
RETURNING id, user_id, name, description, config, status, created_at, updated_at;

-- name: update-pipeline^
-- A partial update of a pipeline that is not archived (archived ones are read-only).
UPDATE pipelines
   SET name = CASE WHEN :set_name THEN :name ELSE name END,
       description = CASE WHEN :set_description THEN :description ELSE description END,
       config = CASE WHEN :set_config THEN :config ELSE config END,
       status = CASE WHEN :set_status THEN :status ELSE status END,
       updated_at = CURRENT_TIMESTAMP
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status <> 'archived'
RETURNING id, user_id, name, description, config, status, created_at, updated_at;

-- name: run-execution^
-- A pending execution starts running.
UPDATE pipeline_executions
   SET status = :to
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, pipeline_id, user_id, status, input_data, output_data, error_message,
          execution_time, created_at, updated_at, completed_at;

-- name: complete-execution^
-- A running execution's output and how long it took.
UPDATE pipeline_executions
   SET status = :to,
       output_data = :output_data,
       execution_time = :execution_time,
       completed_at = :now
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, pipeline_id, user_id, status, input_data, output_data, error_message,
          execution_time, created_at, updated_at, completed_at;

-- name: fail-execution^
-- An execution that failed, and why.
UPDATE pipeline_executions
   SET status = :to,
       error_message = :error_message,
       completed_at = :now
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, pipeline_id, user_id, status, input_data, output_data, error_message,
          execution_time, created_at, updated_at, completed_at;

-- name: cancel-execution^
-- An execution stopped before it finished.
UPDATE pipeline_executions
   SET status = :to,
       completed_at = :now
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, pipeline_id, user_id, status, input_data, output_data, error_message,
          execution_time, created_at, updated_at, completed_at;
