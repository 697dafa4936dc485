-- Create llm_messages: the messages of a conversation (seed 002, `llm_messages`), rendered for MySQL 8.0.
-- depends: smartlite-0006.create-llm-conversations

-- role and content are NOT NULL (a message without them means nothing); role has no default.
-- The foreign key has no ON DELETE action (none listed): deleting a conversation that has
-- messages is refused. MySQL adds its own index for the key, llm_messages_conversation_id_fkey.
CREATE TABLE llm_messages (
    id VARCHAR(128) NOT NULL,
    conversation_id VARCHAR(128) NOT NULL,
    role ENUM('user', 'assistant', 'system') NOT NULL,
    content TEXT NOT NULL,
    tokens INT,                               -- token count
    metadata JSON,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT llm_messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES llm_conversations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
