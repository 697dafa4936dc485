-- Undo smartlite-0007.create-llm-messages: its statements in reverse, one for one.

DROP TABLE llm_messages;
