-- Undo chat-0002.create-ai-chats: its statements in reverse. idx_ai_chats_user_id goes with the
-- table: MySQL refuses to drop the index a foreign key relies on while the key exists.

DROP INDEX idx_ai_chats_updated_at ON ai_chats;

DROP TABLE ai_chats;
