-- Undo smartlite-0006.create-llm-conversations: its statements in reverse, one for one.

DROP TABLE llm_conversations;
