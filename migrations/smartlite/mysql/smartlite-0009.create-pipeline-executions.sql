-- Create pipeline_executions: pipeline execution history (seed 002, `pipeline_executions`), rendered for MySQL 8.0.
-- depends: smartlite-0008.create-pipelines

-- status defaults to its first label; input_data and output_data are JSON. Neither foreign key
-- has an ON DELETE action (none listed): deleting a pipeline or a user with executions is
-- refused. MySQL adds an index for each key, named after its constraint.
CREATE TABLE pipeline_executions (
    id VARCHAR(128) NOT NULL,
    pipeline_id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    status ENUM('pending', 'running', 'completed', 'failed', 'cancelled') NOT NULL DEFAULT 'pending',
    input_data JSON,
    output_data JSON,
    error_message TEXT,
    execution_time INT,                       -- milliseconds
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,   -- start time
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    completed_at TIMESTAMP NULL,
    PRIMARY KEY (id),
    CONSTRAINT pipeline_executions_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES pipelines (id),
    CONSTRAINT pipeline_executions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
