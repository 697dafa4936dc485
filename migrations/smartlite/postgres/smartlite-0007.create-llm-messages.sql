-- Create llm_messages: the messages of a conversation (seed 002, `llm_messages`), translated for PostgreSQL.
-- depends: smartlite-0006.create-llm-conversations

-- ENUM -> VARCHAR + named CHECK, no default (as on MySQL); INT -> INTEGER; JSON -> JSONB. No ON
-- DELETE action (none listed): deleting a conversation that has messages is refused.
-- llm_messages_conversation_id_fkey is MySQL's implicit key index.
CREATE TABLE llm_messages (
    id VARCHAR(128) NOT NULL,
    conversation_id VARCHAR(128) NOT NULL,
    role VARCHAR(9) NOT NULL,
    content TEXT NOT NULL,
    tokens INTEGER,                           -- token count
    metadata JSONB,
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT llm_messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES llm_conversations (id),
    CONSTRAINT llm_messages_role_check CHECK (role IN ('user', 'assistant', 'system'))
);

CREATE INDEX llm_messages_conversation_id_fkey ON llm_messages (conversation_id);
