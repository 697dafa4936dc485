-- Undo smartlite-0006.create-llm-conversations: its statements in reverse, one for one.

DROP TRIGGER llm_conversations_set_updated_at ON llm_conversations;

DROP INDEX llm_conversations_user_id_fkey;

DROP TABLE llm_conversations;
