-- Undo chat-0002.create-ai-chats: its statements in reverse.

DROP INDEX idx_ai_chats_updated_at;

DROP INDEX idx_ai_chats_user_id;

DROP TABLE ai_chats;
