-- Undo smartlite-0014.list-indexes: its statements in reverse, one for one.

DROP INDEX idx_pipeline_executions_user_id_created_at;
DROP INDEX idx_pipeline_executions_pipeline_id_created_at;
DROP INDEX idx_pipelines_user_id_created_at;
DROP INDEX idx_llm_conversations_user_id_updated_at;
DROP INDEX idx_llm_messages_conversation_id_id;
DROP INDEX idx_tts_requests_user_id_created_at;
DROP INDEX idx_tts_requests_status_created_at;
