-- Create pipeline_executions: pipeline execution history (seed 002, `pipeline_executions`), translated for PostgreSQL.
-- depends: smartlite-0008.create-pipelines

-- ENUM -> VARCHAR + named CHECK, default 'pending'; JSON -> JSONB; INT -> INTEGER. No ON DELETE
-- action on either key (none listed): deleting a pipeline or a user with executions is
-- refused. The two indexes are the ones MySQL creates for the keys on its own.
CREATE TABLE pipeline_executions (
    id VARCHAR(128) NOT NULL,
    pipeline_id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    status VARCHAR(9) NOT NULL DEFAULT 'pending',
    input_data JSONB,
    output_data JSONB,
    error_message TEXT,
    execution_time INTEGER,                   -- milliseconds
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,   -- start time
    updated_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP(0) WITH TIME ZONE,
    PRIMARY KEY (id),
    CONSTRAINT pipeline_executions_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES pipelines (id),
    CONSTRAINT pipeline_executions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT pipeline_executions_status_check
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled'))
);

CREATE INDEX pipeline_executions_pipeline_id_fkey ON pipeline_executions (pipeline_id);

CREATE INDEX pipeline_executions_user_id_fkey ON pipeline_executions (user_id);

CREATE TRIGGER pipeline_executions_set_updated_at BEFORE UPDATE ON pipeline_executions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
