-- Undo smartlite-0007.create-llm-messages: its statements in reverse, one for one.

DROP INDEX llm_messages_conversation_id_fkey;

DROP TABLE llm_messages;
