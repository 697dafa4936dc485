-- Pipelines and their executions (seed 002, pipelines, pipeline_executions). An archived
-- pipeline is read-only; executions start only on an active one. Execution transitions are
-- conditional updates (service/states.py). An :owner of NULL means an admin or a worker.

-- name: insert-pipeline^
-- then: read-pipeline
-- A new pipeline.
INSERT INTO pipelines (id, user_id, name, description, config, status)
VALUES (:id, :user_id, :name, :description, :config, :status);

-- name: get-pipeline^
-- One pipeline.
SELECT id, user_id, name, description, config, status, created_at, updated_at
  FROM pipelines
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: get-pipeline-status$
-- The state a pipeline is in (what a refused change reports).
SELECT status
  FROM pipelines
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: list-pipelines
-- A user's pipelines, newest first, one keyset page; reads idx_pipelines_user_id_created_at.
SELECT id, user_id, name, description, config, status, created_at, updated_at
  FROM pipelines
 WHERE user_id = :user_id
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: update-pipeline^
-- then: get-pipeline
-- A partial update of a pipeline that is not archived (archived ones are read-only).
UPDATE pipelines
   SET name = CASE WHEN :set_name THEN :name ELSE name END,
       description = CASE WHEN :set_description THEN :description ELSE description END,
       config = CASE WHEN :set_config THEN :config ELSE config END,
       status = CASE WHEN :set_status THEN :status ELSE status END,
       updated_at = CURRENT_TIMESTAMP
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status <> 'archived';

-- name: lock-pipeline$
-- A pipeline's status, row-locked until the transaction ends (its delete).
SELECT status
  FROM pipelines
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   FOR UPDATE;

-- name: delete-pipeline-executions!
-- Every execution of a pipeline (its delete, under lock-pipeline).
DELETE FROM pipeline_executions
 WHERE pipeline_id = :pipeline_id;

-- name: delete-pipeline!
-- The pipeline itself, after its executions.
DELETE FROM pipelines
 WHERE id = :id;

-- name: get-execution^
-- One execution.
SELECT id, pipeline_id, user_id, status, input_data, output_data, error_message,
       execution_time, created_at, updated_at, completed_at
  FROM pipeline_executions
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: get-execution-status$
-- The state an execution is in (what a refused transition reports).
SELECT status
  FROM pipeline_executions
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: list-pipeline-executions
-- A pipeline's executions, newest first; reads idx_pipeline_executions_pipeline_id_created_at.
SELECT id, pipeline_id, user_id, status, input_data, output_data, error_message,
       execution_time, created_at, updated_at, completed_at
  FROM pipeline_executions
 WHERE pipeline_id = :pipeline_id
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: list-user-executions
-- A user's executions of every pipeline, newest first; reads
-- idx_pipeline_executions_user_id_created_at.
SELECT id, pipeline_id, user_id, status, input_data, output_data, error_message,
       execution_time, created_at, updated_at, completed_at
  FROM pipeline_executions
 WHERE user_id = :user_id
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: run-execution^
-- then: get-execution
-- A pending execution starts running.
UPDATE pipeline_executions
   SET status = :to
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status IN (:from_1, :from_2, :from_3);

-- name: complete-execution^
-- then: get-execution
-- A running execution's output and how long it took.
UPDATE pipeline_executions
   SET status = :to,
       output_data = :output_data,
       execution_time = :execution_time,
       completed_at = :now
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status IN (:from_1, :from_2, :from_3);

-- name: fail-execution^
-- then: get-execution
-- An execution that failed, and why.
UPDATE pipeline_executions
   SET status = :to,
       error_message = :error_message,
       completed_at = :now
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status IN (:from_1, :from_2, :from_3);

-- name: cancel-execution^
-- then: get-execution
-- An execution stopped before it finished.
UPDATE pipeline_executions
   SET status = :to,
       completed_at = :now
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND status IN (:from_1, :from_2, :from_3);

-- name: read-pipeline^
-- One row by id alone: the read-back of a write on an engine without RETURNING.
SELECT id, user_id, name, description, config, status, created_at, updated_at
  FROM pipelines
 WHERE id = :id;

-- name: read-execution^
-- One execution by id alone: the read-back of a write on an engine without RETURNING.
SELECT id, pipeline_id, user_id, status, input_data, output_data, error_message,
          execution_time, created_at, updated_at, completed_at
  FROM pipeline_executions
 WHERE id = :id;
