-- Undo tutor-0005.create-chat-messages: its statements in reverse, one for one.

DROP INDEX idx_chat_messages_timestamp;

DROP INDEX idx_chat_messages_profile;

DROP TABLE chat_messages;
