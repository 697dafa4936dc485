-- Undo smartlite-0009.create-pipeline-executions: its statements in reverse, one for one.

DROP TABLE pipeline_executions;
