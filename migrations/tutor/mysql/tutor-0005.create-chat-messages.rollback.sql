-- Undo tutor-0005.create-chat-messages: its statements in reverse, one for one
-- (idx_chat_messages_profile goes with the table).

DROP INDEX idx_chat_messages_timestamp ON chat_messages;

DROP TABLE chat_messages;
