-- Indexes for the app's lists and the TTS worker queue: an addition beyond seed 002.
-- depends: smartlite-0013.api-key-scope

-- The document indexes transcriptions by (status, created_at) and (user_id, created_at) only.
-- The same two serve tts_requests (the worker's oldest-pending claim and the user's newest
-- first list); messages are read in id order per conversation (ids are time-ordered);
-- conversations, pipelines and executions are listed newest first per owner or pipeline.
-- See README, engine mapping.
CREATE INDEX idx_tts_requests_status_created_at ON tts_requests (status, created_at);
CREATE INDEX idx_tts_requests_user_id_created_at ON tts_requests (user_id, created_at);
CREATE INDEX idx_llm_messages_conversation_id_id ON llm_messages (conversation_id, id);
CREATE INDEX idx_llm_conversations_user_id_updated_at ON llm_conversations (user_id, updated_at);
CREATE INDEX idx_pipelines_user_id_created_at ON pipelines (user_id, created_at);
CREATE INDEX idx_pipeline_executions_pipeline_id_created_at ON pipeline_executions (pipeline_id, created_at);
CREATE INDEX idx_pipeline_executions_user_id_created_at ON pipeline_executions (user_id, created_at);
