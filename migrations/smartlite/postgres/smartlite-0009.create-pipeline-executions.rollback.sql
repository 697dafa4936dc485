-- Undo smartlite-0009.create-pipeline-executions: its statements in reverse, one for one.

DROP TRIGGER pipeline_executions_set_updated_at ON pipeline_executions;

DROP INDEX pipeline_executions_user_id_fkey;

DROP INDEX pipeline_executions_pipeline_id_fkey;

DROP TABLE pipeline_executions;
