-- Undo smartlite-0014.list-indexes: its statements in reverse, one for one.

-- MySQL dropped the implicit foreign-key index each new index covers (it may not drop an index
-- a foreign key needs), so each undo puts that index back in the same statement.
ALTER TABLE pipeline_executions ADD INDEX pipeline_executions_user_id_fkey (user_id), DROP INDEX idx_pipeline_executions_user_id_created_at;
ALTER TABLE pipeline_executions ADD INDEX pipeline_executions_pipeline_id_fkey (pipeline_id), DROP INDEX idx_pipeline_executions_pipeline_id_created_at;
ALTER TABLE pipelines ADD INDEX pipelines_user_id_fkey (user_id), DROP INDEX idx_pipelines_user_id_created_at;
ALTER TABLE llm_conversations ADD INDEX llm_conversations_user_id_fkey (user_id), DROP INDEX idx_llm_conversations_user_id_updated_at;
ALTER TABLE llm_messages ADD INDEX llm_messages_conversation_id_fkey (conversation_id), DROP INDEX idx_llm_messages_conversation_id_id;
ALTER TABLE tts_requests ADD INDEX tts_requests_user_id_fkey (user_id), DROP INDEX idx_tts_requests_user_id_created_at;
DROP INDEX idx_tts_requests_status_created_at ON tts_requests;
