-- Undo chat-0002.create-ai-chats: its statements in reverse, one for one.

DROP INDEX idx_ai_chats_updated_at ON ai_chats;

DROP TABLE ai_chats;
